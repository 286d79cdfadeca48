import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BN_TRAIN_KERNELS, batchNormTrain } from '../../../../sphere/norm/batchNormTraining';
import { relativeMaxError } from '../../../../sphere/testing/gradientCheck';
import { seededRandom } from '../../../../sphere/testing/testReference';
import * as tf from '../../../../tfjs';
import { initWasmBackend } from '../../../backends/testBackend';
import { setSimdKernelsEnabled, simdKernelsFor } from './simdKernels';

/*
 * BatchNorm + ReLU in one kernel each way (./batchNormRelu.wat on wasm; the JavaScript loops on
 * wasm with SIMD off, with channels not a multiple of 4, and on cpu) against float64 written
 * from the definition, max(0, BN(x)), and its gradient with dy masked where the output is 0.
 * Row counts are not multiples of the 32-row blocks; about half of every channel is clipped
 * (β around 0), and odd channels sit at 1000 + spread, as in ./batchNorm.test.ts.
 */

const EPS = 1e-3;
const SHAPES = [
  [5, 7, 4],
  [3, 11, 16],
  [97, 32],
  [2, 10, 10, 20],
  [1, 8],
  [7, 6],
  [4, 5, 3],
];
/** [backend, SIMD on] — wasm without SIMD and cpu run the JavaScript loops. */
const PATHS = [
  ['wasm', true],
  ['wasm', false],
  ['cpu', false],
] as const;

beforeAll(initWasmBackend);
afterEach(() => setSimdKernelsEnabled(true));
afterAll(() => tf.setBackend('wasm'));

const sizeOf = (shape: number[]) => shape.reduce((p, s) => p * s, 1);

function data(n: number, c: number, seed: number, offsets: boolean): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: n }, (_, i) => {
    const ch = i % c;
    const noise = rand() + rand() + rand() - 1.5;
    return (offsets && ch % 2 ? 1000 : ch - 2) + [1, 0.01, 3][ch % 3] * 2 * noise;
  });
}

function vector(c: number, seed: number, lo: number, hi: number): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: c }, () => lo + (hi - lo) * rand());
}

/**
 * max(0, BN(x)) and the statistics in float64; with `stats` (the kernel's float32 mean and
 * variance, which the gradient kernel takes as inputs, as in ./batchNorm.test.ts), the gradients
 * for dy, dMean, dVar in float64 from those.
 */
function reference(v: Record<string, Float32Array>, c: number, stats?: ArrayLike<number>[]) {
  const rows = v.x.length / c;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  v.x.forEach((a, i) => {
    mean[i % c] += a / rows;
  });
  v.x.forEach((a, i) => {
    variance[i % c] += (a - mean[i % c]) ** 2 / rows;
  });
  if (stats) {
    mean.set(stats[0]);
    variance.set(stats[1]);
  }
  const inv = Float64Array.from(variance, (s) => 1 / Math.sqrt(s + EPS));
  const xHat = Float64Array.from(v.x, (a, i) => (a - mean[i % c]) * inv[i % c]);
  const y = Float64Array.from(xHat, (h, i) => Math.max(0, h * v.gamma[i % c] + v.beta[i % c]));
  const e = Float64Array.from(v.dy, (g, i) => (y[i] > 0 ? g : 0)); // the ReLU's gradient
  const dBeta = new Float64Array(c);
  const dGamma = new Float64Array(c);
  e.forEach((g, i) => {
    dBeta[i % c] += g;
    dGamma[i % c] += g * xHat[i];
  });
  const dx = Float64Array.from(e, (g, i) => {
    const ch = i % c;
    const fromY = v.gamma[ch] * inv[ch] * (g - dBeta[ch] / rows - (xHat[i] * dGamma[ch]) / rows);
    return fromY + v.dMean[ch] / rows + (v.dVar[ch] * 2 * (v.x[i] - mean[ch])) / rows;
  });
  return { y, mean, variance, dx, dGamma, dBeta };
}

/** Per channel, max |a − b| over max |b| (+ 1e-30); the worst channel. */
function perChannelError(a: ArrayLike<number>, b: ArrayLike<number>, c: number): number {
  let worst = 0;
  for (let ch = 0; ch < c; ch++) {
    let scale = 1e-30;
    let diff = 0;
    for (let i = ch; i < b.length; i += c) {
      scale = Math.max(scale, Math.abs(b[i]));
      diff = Math.max(diff, Number.isNaN(a[i]) ? Number.POSITIVE_INFINITY : Math.abs(a[i] - b[i]));
    }
    worst = Math.max(worst, diff / scale);
  }
  return worst;
}

/** The forward and gradient kernels on one path: [y, mean, variance], [dx, dGamma, dBeta]. */
async function runBoth(backend: string, simd: boolean, v: Record<string, Float32Array>, shape: number[]) {
  await tf.setBackend(backend);
  setSimdKernelsEnabled(simd);
  const c = v.gamma.length;
  const t = (a: Float32Array, s = [c]) => tf.tensor(a, s);
  const [x, gamma, beta, dy, dMean, dVar] = [
    t(v.x, shape),
    t(v.gamma),
    t(v.beta),
    t(v.dy, shape),
    t(v.dMean),
    t(v.dVar),
  ];
  const fwd = tf
    .engine()
    .runKernel(BN_TRAIN_KERNELS.reluForward, { x, gamma, beta }, { epsilon: EPS }) as tf.Tensor[];
  const [y, mean, variance] = fwd;
  const inputs = { dy, x, gamma, mean, variance, dMean, dVar, y };
  const grads = tf.engine().runKernel(BN_TRAIN_KERNELS.grad, inputs, { epsilon: EPS }) as tf.Tensor[];
  const values = [fwd, grads].map((ts) => ts.map((a) => a.dataSync() as Float32Array));
  tf.dispose([x, gamma, beta, dy, dMean, dVar, ...fwd, ...grads]);
  return values;
}

describe('training BatchNorm + ReLU in one kernel each way', () => {
  it('the SIMD module has the BN + ReLU passes (else SIMD on would test the JavaScript path)', () => {
    const simd = simdKernelsFor(tf.backend());
    expect([simd?.bnAffineRelu, simd?.bnReluGradSums, simd?.bnReluGradApply].every(Boolean)).toBe(true);
  });

  for (const shape of SHAPES) {
    const c = shape[shape.length - 1];
    const n = sizeOf(shape);
    const v = {
      x: data(n, c, c, true),
      gamma: vector(c, 1, 0.5, 1.5),
      beta: vector(c, 2, -0.5, 0.5),
      // dy with 100 added in odd channels: a large mean next to its spread, as in batchNorm.test.ts.
      dy: Float32Array.from(data(n, c, c + 5, false), (g, i) => g + ((i % c) % 2) * 100),
      dMean: vector(c, 4, -1, 1),
      dVar: vector(c, 5, -1, 1),
    };
    const ref = reference(v, c);
    for (const [backend, simd] of PATHS) {
      it(`${shape.join('×')} (${backend}${simd ? ', SIMD' : ''}): y, statistics and gradients as float64`, async () => {
        const [[y, mean, variance], [dx, dGamma, dBeta]] = await runBoth(backend, simd, v, shape);
        const clipped = ref.y.filter((a) => a === 0).length / n;
        expect(clipped).toBeGreaterThan(0.2); // the mask matters
        expect(clipped).toBeLessThan(0.8);
        expect(perChannelError(y, ref.y, c)).toBeLessThan(1e-5);
        expect(y.every((a, i) => (ref.y[i] === 0) === (a === 0))).toBe(true);
        expect(perChannelError(variance, ref.variance, c)).toBeLessThan(1e-5);
        for (let ch = 0; ch < c; ch++)
          expect(Math.abs(mean[ch] - ref.mean[ch])).toBeLessThanOrEqual(
            1e-7 * Math.abs(ref.mean[ch]) + 1e-5 * Math.sqrt(ref.variance[ch]),
          );
        const grads = reference(v, c, [mean, variance]);
        expect(grads.y.every((a, i) => (ref.y[i] === 0) === (a === 0))).toBe(true); // same mask
        expect(perChannelError(dx, grads.dx, c)).toBeLessThan(1e-5);
        expect(relativeMaxError(dGamma, grads.dGamma)).toBeLessThan(1e-5);
        expect(relativeMaxError(dBeta, grads.dBeta)).toBeLessThan(1e-5);
      });
    }
  }

  for (const c of [16, 6]) {
    it(`gradients of relu(y), mean and variance as tf.js (autodiff of moments, batchNorm, relu), ${c} channels`, () => {
      const shape = [3, 7, 5, c];
      const x = tf.randomNormal(shape, 2, 3, 'float32', c);
      const gamma = tf.randomUniform([c], 0.5, 1.5, 'float32', 2);
      const beta = tf.randomUniform([c], -1, 1, 'float32', 3);
      const r = tf.randomNormal(shape, 0, 1, 'float32', 4);
      const loss = (y: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor) =>
        tf.addN([tf.sum(tf.mul(y, r)), tf.sum(tf.mul(mean, 0.3)), tf.sum(tf.mul(variance, -0.2))]);
      const run = (f: (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor[]) => {
        const [y, mean, variance] = f(x, gamma, beta);
        const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          loss(...(f(a, g, b) as [tf.Tensor, tf.Tensor, tf.Tensor])),
        )([x, gamma, beta]);
        return [y, mean, variance, ...grads];
      };
      const ours = run((a, g, b) => batchNormTrain(a, g as tf.Tensor1D, b as tf.Tensor1D, EPS, true));
      const theirs = run((a, g, b) => {
        const { mean, variance } = tf.moments(a, [0, 1, 2]);
        return [
          tf.relu(tf.batchNorm(a, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, EPS)),
          mean,
          variance,
        ];
      });
      for (let i = 0; i < 6; i++)
        expect(relativeMaxError(ours[i].dataSync(), theirs[i].dataSync())).toBeLessThan(1e-5);
      tf.dispose([x, gamma, beta, r, ...ours, ...theirs]);
    });
  }
});
