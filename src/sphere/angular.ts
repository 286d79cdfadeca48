/** The SphereConv operators g(θ) on plain numbers (PAPER.md, "Operators"). No tf.js here. */
export type SphereOperator = 'linear' | 'cosine' | 'sigmoid' | 'learnable-sigmoid';

export const SPHERE_OPERATORS: readonly SphereOperator[] = [
  'linear',
  'cosine',
  'sigmoid',
  'learnable-sigmoid',
];

import { LEARNABLE_K_INIT, LEARNABLE_K_OFFSET, SIGMOID_K } from './recipe';

/** Official default k for the sigmoid operator; learnable k starts at 0.7 (used as |k| + 0.05). */
export const DEFAULT_SIGMOID_K = SIGMOID_K;
export { LEARNABLE_K_INIT, LEARNABLE_K_OFFSET };

/**
 * Sigmoid operator: g(θ) = [(1+e^{−π/(2k)})/(1−e^{−π/(2k)})] · [(1 − e^{θ/k − π/(2k)})/(1 + e^{θ/k − π/(2k)})].
 * The second factor is −tanh((θ − π/2)/(2k)) and the first is 1/tanh(π/(4k)), which is how it is
 * evaluated here: the tanh form never overflows for small k.
 */
export function sigmoidOperator(theta: number, k: number): number {
  return -Math.tanh((theta - Math.PI / 2) / (2 * k)) / Math.tanh(Math.PI / (4 * k));
}

/** g(θ) for θ in [0, π]. k is the sigmoid's (for learnable-sigmoid: the effective |k| + 0.05). */
export function angularFn(op: SphereOperator, theta: number, k: number = DEFAULT_SIGMOID_K): number {
  switch (op) {
    case 'linear':
      return 1 - (2 / Math.PI) * theta;
    case 'cosine':
      return Math.cos(theta);
    case 'sigmoid':
    case 'learnable-sigmoid':
      return sigmoidOperator(theta, k);
  }
}

/** 2^n for n in [−1022, 1023] at index n + 1022 (exact: normal powers of two). */
const POW2 = new Float64Array(2046);
POW2[1022] = 1;
for (let i = 1023; i < POW2.length; i++) POW2[i] = POW2[i - 1] * 2;
for (let i = 1021; i >= 0; i--) POW2[i] = POW2[i + 1] / 2;

/**
 * tanh(x) = (1 − e)/(1 + e) with e = exp(−2x), exp from +, −, ×, ÷ and floor only (2^n·p(r),
 * r = y − n·ln 2 with fdlibm's split ln 2, p the Taylor polynomial of degree 12: ≤ 2e-16 relative),
 * so that src/engine/kernels/wasm/simd/angularTables.wat, doing the same operations in f64x2,
 * gives the same bits: the per-channel tables (learnable k, rebuilt every step) are built there.
 * −2x is clamped to [−708, 708] (|tanh| is 1 in float64 beyond ~19).
 */
export function tanhFromExp(x: number): number {
  const y = Math.min(Math.max(-2 * x, -708), 708);
  const n = Math.floor(y * Math.LOG2E + 0.5);
  const r = y - n * 0.6931471803691238 - n * 1.9082149292705877e-10;
  // Σ rᵏ/k! by Estrin's scheme (pairs, then powers r², r⁴, r⁸): a shorter dependency chain than
  // Horner's, which made the wasm table builder latency-bound.
  const r2 = r * r;
  const r4 = r2 * r2;
  const r8 = r4 * r4;
  const q0 = 1 + r;
  const q1 = 1 / 2 + (1 / 6) * r;
  const q2 = 1 / 24 + (1 / 120) * r;
  const q3 = 1 / 720 + (1 / 5040) * r;
  const q4 = 1 / 40320 + (1 / 362880) * r;
  const q5 = 1 / 3628800 + (1 / 39916800) * r;
  const s0 = q0 + q1 * r2;
  const s1 = q2 + q3 * r2;
  const s2 = q4 + q5 * r2;
  const t0 = s0 + s1 * r4;
  const t1 = s2 + (1 / 479001600) * r4;
  const p = t0 + t1 * r8;
  const e = p * POW2[n + 1022];
  return (1 - e) / (1 + e);
}
