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
