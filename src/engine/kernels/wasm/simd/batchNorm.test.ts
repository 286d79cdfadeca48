import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BN_TRAIN_KERNELS, batchNormTrain } from '../../../../sphere/norm/batchNormTraining';
import { relativeMaxError } from '../../../../sphere/testing/gradientCheck';
import { seededRandom } from '../../../../sphere/testing/testReference';
import * as tf from '../../../../tfjs';
import { initWasmBackend } from '../../../backends/testBackend';
import { setSimdKernelsEnabled, simdKernelsFor } from './simdKernels';

/*
 * The SIMD training BatchNorm (./batchNorm.wat) against float64 written from the definition, the
 * JavaScript path it replaces (setSimdKernelsEnabled(false)) and tf.js' own BN. Row counts are not
 * multiples of the kernels' 32-row blocks; channels alternate between 1000 + spread (|mean| ≫ std:
 * an uncentered x·a + b in float32 would cancel) and small offsets.
 */

const EPS = 1e-3;
const SHAPES = [
  [5, 7, 4],
  [3, 11, 16],
  [2, 10, 10, 20],
  [97, 32],
  [4, 14, 14, 32],
  [1, 8],
];

beforeAll(initWasmBackend);
afterEach(() => setSimdKernelsEnabled(true));

const sizeOf = (shape: number[]) => shape.reduce((p, s) => p * s, 1);

/** Channel ch: offset 1000 (odd ch) or ch − 2, spread 1, 0.01 or 3, Gaussian-ish. */
function channelData(shape: number[], seed: number): Float32Array {
  const rand = seededRandom(seed);
  const c = shape[shape.length - 1];
  const noise = () => rand() + rand() + rand() - 1.5;
  return Float32Array.from({ length: sizeOf(shape) }, (_, i) => {
    const ch = i % c;
    return (ch % 2 ? 1000 : ch - 2) + [1, 0.01, 3][ch % 3] * 2 * noise();
  });
}

function vector(c: number, seed: number, lo: number, hi: number): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: c }, () => lo + (hi - lo) * rand());
}

/** Per channel, max |a − b| over max |b|; the worst channel (channels differ in scale by 1e5). */
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

function runForward(simd: boolean, x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): Float32Array[] {
  setSimdKernelsEnabled(simd);
  const outs = tf
    .engine()
    .runKernel(BN_TRAIN_KERNELS.forward, { x, gamma, beta }, { epsilon: EPS }) as tf.Tensor[];
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

function runGrad(simd: boolean, inputs: Record<string, tf.Tensor>): Float32Array[] {
  setSimdKernelsEnabled(simd);
  const outs = tf.engine().runKernel(BN_TRAIN_KERNELS.grad, inputs, { epsilon: EPS }) as tf.Tensor[];
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

/** The statistics and y in float64, two passes (mean, then squared deviations). */
function forwardFloat64(x: Float32Array, gamma: Float32Array, beta: Float32Array, c: number) {
  const rows = x.length / c;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  x.forEach((v, i) => {
    mean[i % c] += v / rows;
  });
  x.forEach((v, i) => {
    variance[i % c] += (v - mean[i % c]) ** 2 / rows;
  });
  const y = Float64Array.from(x, (v, i) => {
    const ch = i % c;
    return ((v - mean[ch]) / Math.sqrt(variance[ch] + EPS)) * gamma[ch] + beta[ch];
  });
  return { y, mean, variance };
}

/** The gradient kernel's outputs in float64 from the x̂ form of the closed form, given its inputs. */
function gradFloat64(v: Record<string, Float32Array>, c: number) {
  const rows = v.x.length / c;
  const inv = Float64Array.from(v.variance, (s) => 1 / Math.sqrt(s + EPS));
  const xHat = (i: number) => (v.x[i] - v.mean[i % c]) * inv[i % c];
  const dBeta = new Float64Array(c);
  const dGamma = new Float64Array(c);
  v.dy.forEach((g, i) => {
    dBeta[i % c] += g;
    dGamma[i % c] += g * xHat(i);
  });
  const dx = Float64Array.from(v.dy, (g, i) => {
    const ch = i % c;
    const fromY = v.gamma[ch] * inv[ch] * (g - dBeta[ch] / rows - (xHat(i) * dGamma[ch]) / rows);
    return fromY + v.dMean[ch] / rows + (v.dVar[ch] * 2 * (v.x[i] - v.mean[ch])) / rows;
  });
  return { dx, dGamma, dBeta };
}

describe('wasm SIMD training BatchNorm', () => {
  it('loads (else every test below would compare the JavaScript path with itself)', () => {
    expect(simdKernelsFor(tf.backend())?.bnMomentSums).toBeDefined();
  });

  for (const shape of SHAPES) {
    const c = shape[shape.length - 1];
    it(`forward ${shape.join('×')}: y, mean and variance as float64 and as the JavaScript path`, () => {
      const xv = channelData(shape, c);
      const [gv, bv] = [vector(c, 1, 0.5, 1.5), vector(c, 2, -1, 1)];
      const [x, gamma, beta] = [tf.tensor(xv, shape), tf.tensor1d(gv), tf.tensor1d(bv)];
      const [y, mean, variance] = runForward(true, x, gamma, beta);
      const [yJs, meanJs, varianceJs] = runForward(false, x, gamma, beta);
      const f64 = forwardFloat64(xv, gv, bv, c);
      expect(perChannelError(y, f64.y, c)).toBeLessThan(1e-5);
      expect(perChannelError(y, yJs, c)).toBeLessThan(1e-5);
      expect(perChannelError(variance, f64.variance, c)).toBeLessThan(1e-5);
      expect(perChannelError(variance, varianceJs, c)).toBeLessThan(1e-5);
      // The mean within float32 rounding of itself, plus 1e-5 of the channel's spread.
      for (let ch = 0; ch < c; ch++) {
        const tol = 1e-7 * Math.abs(f64.mean[ch]) + 1e-5 * Math.sqrt(f64.variance[ch]);
        expect(Math.abs(mean[ch] - f64.mean[ch])).toBeLessThanOrEqual(tol);
        expect(Math.abs(meanJs[ch] - f64.mean[ch])).toBeLessThanOrEqual(tol);
      }
      tf.dispose([x, gamma, beta]);
    });

    it(`gradient ${shape.join('×')}: dx, dγ, dβ as float64 and as the JavaScript path`, () => {
      const xv = channelData(shape, c + 7);
      const gv = vector(c, 3, 0.5, 1.5);
      const x = tf.tensor(xv, shape);
      const gamma = tf.tensor1d(gv);
      const [, mean, variance] = runForward(true, x, gamma, tf.zeros([c]));
      // dy: correlated with x̂ (so b·(x − mean) carries weight), plus noise, plus 100 in odd
      // channels (where a·dy and k would cancel, uncentered).
      const rand = seededRandom(c + 9);
      const dyv = Float32Array.from(xv, (v, i) => {
        const ch = i % c;
        return (ch % 2) * 100 + (v - mean[ch]) / Math.sqrt(variance[ch] + EPS) + rand() - 0.5;
      });
      const v = {
        dy: dyv,
        x: xv,
        gamma: gv,
        mean,
        variance,
        dMean: vector(c, 4, -1, 1),
        dVar: vector(c, 5, -1, 1),
      };
      const inputs = Object.fromEntries(
        Object.entries(v).map(([k, a]) => [k, tf.tensor(a, k === 'dy' || k === 'x' ? shape : [c])]),
      );
      const simd = runGrad(true, inputs);
      const js = runGrad(false, inputs);
      const f64 = gradFloat64(v, c);
      // Measured ≤ 7e-7 (float32 rounding of the centered terms); float32 sums of dy·(x − mean)
      // gave 4e-6 here, an uncentered a·dy + k 1e-5.
      expect(perChannelError(simd[0], f64.dx, c)).toBeLessThan(2e-6);
      expect(perChannelError(simd[0], js[0], c)).toBeLessThan(1e-5);
      for (const [i, ref] of [
        [1, f64.dGamma],
        [2, f64.dBeta],
      ] as const) {
        expect(relativeMaxError(simd[i], ref)).toBeLessThan(1e-5);
        expect(relativeMaxError(simd[i], js[i])).toBeLessThan(1e-5);
      }
      tf.dispose([x, gamma, ...Object.values(inputs)]);
    });
  }

  for (const c of [16, 20]) {
    it(`gradients of y, mean and variance as tf.js' BN (autodiff of tf.moments + tf.batchNorm), ${c} channels`, () => {
      const shape = [3, 7, 5, c];
      const x = tf.randomNormal(shape, 2, 3, 'float32', c);
      const gamma = tf.randomUniform([c], 0.5, 1.5, 'float32', 2);
      const beta = tf.randomUniform([c], -1, 1, 'float32', 3);
      const r = tf.randomNormal(shape, 0, 1, 'float32', 4);
      const loss = (y: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor) =>
        tf.addN([tf.sum(tf.mul(y, r)), tf.sum(tf.mul(mean, 0.3)), tf.sum(tf.mul(variance, -0.2))]);
      const ours = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        loss(...batchNormTrain(a, g as tf.Tensor1D, b as tf.Tensor1D, EPS)),
      )([x, gamma, beta]);
      const theirs = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(a, [0, 1, 2]);
        return loss(tf.batchNorm(a, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, EPS), mean, variance);
      })([x, gamma, beta]);
      for (let i = 0; i < 3; i++)
        expect(relativeMaxError(ours[i].dataSync(), theirs[i].dataSync())).toBeLessThan(1e-5);
      tf.dispose([x, gamma, beta, r, ...ours, ...theirs]);
    });
  }

  it('leaves no tensors and no heap buffers behind (the scratch is freed)', () => {
    const x = tf.randomNormal([2, 9, 9, 16], 0, 1, 'float32', 5);
    const gamma = tf.variable(tf.ones([16]));
    const beta = tf.variable(tf.zeros([16]));
    const step = () =>
      tf.tidy(() =>
        tf.grads((a: tf.Tensor, g: tf.Tensor) => {
          const [y, mean] = batchNormTrain(a, g as tf.Tensor1D, beta as tf.Tensor1D, EPS);
          return tf.add(tf.sum(tf.square(y)), tf.sum(mean));
        })([x, gamma]),
      );
    tf.dispose(step());
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 20; i++) tf.dispose(step());
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    tf.dispose([x, gamma, beta]);
  });
});
