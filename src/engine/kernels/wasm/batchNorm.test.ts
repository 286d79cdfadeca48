import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BN_TRAIN_KERNELS, batchNormTrain } from '../../../sphere/norm/batchNormTraining';
import { checkCustomOp, relativeMaxError } from '../../../sphere/testing/gradientCheck';
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

  // 2·30·30 = 1,800 rows of 3 channels: two of the kernels' 1,365-row blocks and a partial one.
  const BLOCKS_SHAPE = [2, 30, 30, 3];
  const blockData = (offset: number, spread: number, seed: number) => {
    const rand = seededRandom(seed);
    const n = BLOCKS_SHAPE.reduce((p, q) => p * q, 1);
    return Float32Array.from({ length: n }, (_, i) =>
      i % 3 === 1 ? offset + spread * (2 * rand() - 1) : (i % 3) + 2 * rand() - 1,
    );
  };
  const G = [0.7, 1.3, 1.1];
  const B = [0.1, -0.2, 0.3];

  it('several row blocks, channel 1 at 1000 ± 0.01: y, mean and variance as float64', () => {
    // Variance from raw sums, E[x²] − E[x]², would cancel here; the kernel shifts by a sample.
    const xv = blockData(1000, 0.01, 11);
    const x = tf.tensor(xv, BLOCKS_SHAPE);
    const [y, mean, variance] = batchNormTrain(x, tf.tensor1d(G), tf.tensor1d(B), EPS);
    const f64 = bnFloat64(Float64Array.from(xv), Float64Array.from(G), Float64Array.from(B), EPS);
    expect(relativeMaxError(y.dataSync(), f64.y)).toBeLessThan(1e-5);
    expect(relativeMaxError(mean.dataSync(), f64.mean)).toBeLessThan(1e-6);
    expect(relativeMaxError(variance.dataSync(), f64.variance)).toBeLessThan(1e-5);
    expect(Math.abs(variance.dataSync()[1] - f64.variance[1])).toBeLessThan(1e-5 * f64.variance[1]);
    tf.dispose([x, y, mean, variance]);
  });

  it('several row blocks: gradients of y, mean and variance as tf.js', () => {
    const x = tf.tensor(blockData(10, 3, 12), BLOCKS_SHAPE);
    const gamma = tf.tensor1d(G);
    const beta = tf.tensor1d(B);
    const r = tf.randomUniform(BLOCKS_SHAPE, -1, 1, 'float32', 3);
    const loss = (y: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor) =>
      tf.add(tf.sum(tf.mul(y, r)), tf.add(tf.sum(tf.mul(mean, 0.3)), tf.sum(tf.mul(variance, 0.2))));
    const custom = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) =>
      loss(...batchNormTrain(xx, gg as tf.Tensor1D, bb as tf.Tensor1D, EPS)),
    )([x, gamma, beta]);
    const reference = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const o = bnTfjs(xx, gg, bb, EPS);
      return loss(o.y, o.mean, o.variance);
    })([x, gamma, beta]);
    for (let i = 0; i < 3; i++)
      expect(relativeMaxError(custom[i].dataSync(), reference[i].dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, gamma, beta, r, ...custom, ...reference]);
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

describe('the moving-average kernel (wasm and cpu)', () => {
  beforeAll(initWasmBackend);
  afterAll(() => tf.setBackend('wasm'));

  for (const backend of ['wasm', 'cpu'])
    it(`gives the stock layer's update bit for bit: moving − (moving − value)·(1 − momentum) (${backend})`, async () => {
      await tf.setBackend(backend);
      const [moving, movingVar, mean, variance] = [1, 2, 3, 4].map((seed) =>
        tf.tensor1d(Float32Array.from(randomInputs([1, 37], seed)[0].dataSync(), (v) => v * 1.7 + 0.1)),
      );
      for (const momentum of [0.99, 0.9, 0.37]) {
        const stock = [tf.sub(moving, tf.mul(tf.sub(moving, mean), 1 - momentum))];
        stock.push(tf.sub(movingVar, tf.mul(tf.sub(movingVar, variance), 1 - momentum)));
        const ours = tf
          .engine()
          .runKernel(
            BN_TRAIN_KERNELS.movingAverages,
            { movingMean: moving, movingVariance: movingVar, mean, variance },
            { momentum },
          ) as tf.Tensor[];
        for (let i = 0; i < 2; i++)
          expect(Array.from(ours[i].dataSync())).toEqual(Array.from(stock[i].dataSync()));
        tf.dispose([...stock, ...ours]);
      }
      tf.dispose([moving, movingVar, mean, variance]);
    });
});
