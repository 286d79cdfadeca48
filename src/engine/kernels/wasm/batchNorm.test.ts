import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormTrain } from '../../../sphere/norm/batchNormTraining';
import { checkCustomOp } from '../../../sphere/testing/gradientCheck';
import { seededRandom } from '../../../sphere/testing/testReference';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';

const EPS = 1e-3;

/** [y, mean, variance] in plain float64 JS (channels last), written from the BN definition. */
function bnFloat64(x: Float64Array, gamma: Float64Array, beta: Float64Array, eps: number) {
  const c = gamma.length;
  const rows = x.length / c;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  for (let r = 0; r < rows; r++) for (let ch = 0; ch < c; ch++) mean[ch] += x[r * c + ch] / rows;
  for (let r = 0; r < rows; r++)
    for (let ch = 0; ch < c; ch++) variance[ch] += (x[r * c + ch] - mean[ch]) ** 2 / rows;
  const y = x.map((v, i) => {
    const ch = i % c;
    return ((v - mean[ch]) / Math.sqrt(variance[ch] + eps)) * gamma[ch] + beta[ch];
  });
  return { y, mean, variance };
}

/** tf.js's own training-mode BN, as tfjs-layers does it (tf.moments + tf.batchNorm). */
function bnTfjs(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number) {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return {
    y: tf.batchNorm(x, mean, variance, beta as tf.Tensor1D, gamma as tf.Tensor1D, eps),
    mean,
    variance,
  };
}

function randomInputs(shape: number[], seed: number): tf.Tensor[] {
  const rand = seededRandom(seed);
  const c = shape[shape.length - 1];
  const n = shape.reduce((p, s) => p * s, 1);
  // Channels with their own offset and spread, so mean and variance matter.
  const x = Float32Array.from({ length: n }, (_, i) => (i % c) - 1 + (1 + (i % c)) * (2 * rand() - 1));
  const gamma = Float32Array.from({ length: c }, () => 0.5 + rand());
  const beta = Float32Array.from({ length: c }, () => 2 * rand() - 1);
  return [tf.tensor(x, shape), tf.tensor1d(gamma), tf.tensor1d(beta)];
}

const flat = (ts: tf.Tensor[]) => tf.concat(ts.map((t) => tf.reshape(t, [-1])));

describe('fused training BatchNorm (wasm and cpu kernels)', () => {
  beforeAll(initWasmBackend);
  afterAll(() => tf.setBackend('wasm'));

  for (const backend of ['wasm', 'cpu']) {
    for (const shape of [
      [3, 4, 5, 3],
      [7, 4],
    ]) {
      it(`y and its gradients equal tf.js's BN and float64 (${backend}, ${shape.join('×')})`, async () => {
        await tf.setBackend(backend);
        const inputs = randomInputs(shape, shape.length);
        await checkCustomOp({
          name: `bn ${backend} ${shape}`,
          inputs,
          custom: ([x, g, b]) => batchNormTrain(x, g as tf.Tensor1D, b as tf.Tensor1D, EPS)[0],
          reference: ([x, g, b]) => bnTfjs(x, g, b, EPS).y,
          float64: ([x, g, b]) => bnFloat64(x, g, b, EPS).y,
          rtol: 1e-5,
        });
        tf.dispose(inputs);
      });
    }
  }

  it('mean and variance outputs and their gradients equal tf.moments (wasm, rank 4)', async () => {
    const inputs = randomInputs([2, 3, 3, 4], 5);
    await checkCustomOp({
      name: 'bn y, mean, variance',
      inputs,
      custom: ([x, g, b]) => flat(batchNormTrain(x, g as tf.Tensor1D, b as tf.Tensor1D, EPS)),
      reference: ([x, g, b]) => {
        const r = bnTfjs(x, g, b, EPS);
        return flat([r.y, r.mean, r.variance]);
      },
      float64: ([x, g, b]) => {
        const r = bnFloat64(x, g, b, EPS);
        return Float64Array.from([...r.y, ...r.mean, ...r.variance]);
      },
      rtol: 1e-5,
    });
    tf.dispose(inputs);
  });

  it('the statistics alone: gradient through mean and variance only', async () => {
    const inputs = randomInputs([5, 3], 9);
    await checkCustomOp({
      name: 'bn mean, variance',
      inputs,
      wrt: [0],
      custom: ([x, g, b]) => flat(batchNormTrain(x, g as tf.Tensor1D, b as tf.Tensor1D, 0.5).slice(1)),
      reference: ([x, g, b]) => {
        const r = bnTfjs(x, g, b, 0.5);
        return flat([r.mean, r.variance]);
      },
      float64: ([x, g, b]) => {
        const r = bnFloat64(x, g, b, 0.5);
        return Float64Array.from([...r.mean, ...r.variance]);
      },
      rtol: 1e-5,
    });
    tf.dispose(inputs);
  });

  it('epsilon enters as √(var + ε): a constant channel maps to β', () => {
    const x = tf.tensor2d([2, 1, 2, 3, 2, 5], [3, 2]);
    const [y, mean, variance] = batchNormTrain(x, tf.tensor1d([3, 1]), tf.tensor1d([0.25, 0]), 0.5);
    expect(Array.from(mean.dataSync())).toEqual([2, 3]);
    expect(variance.dataSync()[0]).toBe(0);
    expect(variance.dataSync()[1]).toBeCloseTo(8 / 3, 6);
    const yv = y.dataSync();
    expect(yv[0]).toBe(0.25);
    expect(yv[1]).toBeCloseTo(-2 / Math.sqrt(8 / 3 + 0.5), 6);
    tf.dispose([x, y, mean, variance]);
  });

  it('rejects non-float32 inputs', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
    const g = tf.ones([2]) as tf.Tensor1D;
    expect(() => batchNormTrain(x, g, g, EPS)).toThrow(/x is int32/);
    tf.dispose([x, g]);
  });
});
