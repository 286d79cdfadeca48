import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../engine/backends/testBackend';
import * as tf from '../../tfjs';
import { buildModel } from '../buildModel';
import { checkCustomOp, relativeMaxError } from '../testing/gradientCheck';
import { seededRandom } from '../testing/testReference';
import { BN_TRAIN_KERNELS, batchNormalizationFused, reluAfterFusedBn } from './batchNormTraining';

const SHAPE = [4, 3, 3, 5];

function randomArray(n: number, seed: number, offset = 0, spread = 1): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: n }, () => offset + spread * (2 * rand() - 1));
}

/** The stock layer and ours, built on the same input shape with the same (random) weights. */
function twinLayers(momentum?: number, reluAfter = false) {
  const c = SHAPE[3];
  const args = { name: 'bn', epsilon: 1e-3, momentum };
  const stock = tf.layers.batchNormalization(args);
  const fused = batchNormalizationFused(args, reluAfter);
  const weights = [
    randomArray(c, 1, 1, 0.5),
    randomArray(c, 2),
    randomArray(c, 3),
    randomArray(c, 4, 1.5, 0.5),
  ].map((v) => tf.tensor1d(v));
  for (const layer of [stock, fused]) {
    layer.apply(tf.input({ shape: SHAPE.slice(1) }));
    layer.setWeights(weights);
  }
  tf.dispose(weights);
  return { stock, fused };
}

const batch = (seed: number) =>
  tf.tensor4d(randomArray(4 * 45, seed, 0.5, 2), SHAPE as [number, number, number, number]);

describe('batchNormalizationFused (the layer)', () => {
  beforeAll(initWasmBackend);

  it('is the stock layer to everything outside: class, weight names, config', () => {
    const { stock, fused } = twinLayers();
    expect(fused.getClassName()).toBe('BatchNormalization');
    const names = ['gamma', 'beta', 'moving_mean', 'moving_variance'];
    expect(stock.weights.map((w) => w.originalName)).toEqual(names.map((n) => `${stock.name}/${n}`));
    expect(fused.weights.map((w) => w.originalName)).toEqual(names.map((n) => `${fused.name}/${n}`));
    expect(fused.trainableWeights.length).toBe(2);
    expect(fused.getConfig()).toEqual(stock.getConfig());
    stock.dispose();
    fused.dispose();
  });

  it('trains as the stock layer: outputs and moving statistics over 4 steps (momentum 0.9)', () => {
    const { stock, fused } = twinLayers(0.9);
    for (let step = 0; step < 4; step++) {
      const x = batch(10 + step);
      const ys = [stock, fused].map((l) => l.apply(x, { training: true }) as tf.Tensor);
      expect(relativeMaxError(ys[1].dataSync(), ys[0].dataSync())).toBeLessThan(1e-5);
      tf.dispose([x, ...ys]);
    }
    const [s, f] = [stock, fused].map((l) => l.getWeights().map((w) => w.dataSync()));
    for (let i = 0; i < 4; i++) expect(relativeMaxError(f[i], s[i])).toBeLessThan(1e-6);
    // The statistics really moved (momentum 0.9 over 4 steps): not a vacuous comparison.
    expect(relativeMaxError(f[2], randomArray(5, 3))).toBeGreaterThan(0.05);
    // Inference mode is the stock path: the same moving statistics give the same output.
    const x = batch(20);
    const inference = [stock, fused].map((l) => l.apply(x) as tf.Tensor);
    expect(relativeMaxError(inference[1].dataSync(), inference[0].dataSync())).toBeLessThan(1e-6);
    tf.dispose([x, ...inference]);
    stock.dispose();
    fused.dispose();
  });

  it("gradients through the layer (x, gamma, beta) equal tf.js's BN formula", async () => {
    const { fused } = twinLayers();
    const x = batch(30);
    const [gamma, beta] = fused.trainableWeights.map((w) => w.read());
    await checkCustomOp({
      name: 'fused BN layer',
      inputs: [x, gamma, beta],
      custom: ([xs]) => fused.apply(xs, { training: true }) as tf.Tensor,
      reference: ([xs, g, b]) => {
        const { mean, variance } = tf.moments(xs, [0, 1, 2]);
        return tf.batchNorm(xs, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, 1e-3);
      },
      float64: ([xs, g, b]) => {
        const c = g.length;
        const rows = xs.length / c;
        return xs.map((v, i) => {
          const ch = i % c;
          let m = 0;
          let s = 0;
          for (let r = 0; r < rows; r++) m += xs[r * c + ch] / rows;
          for (let r = 0; r < rows; r++) s += (xs[r * c + ch] - m) ** 2 / rows;
          return ((v - m) / Math.sqrt(s + 1e-3)) * g[ch] + b[ch];
        });
      },
      rtol: 1e-5,
    });
    x.dispose();
    fused.dispose();
  });

  it('BN with reluAfter + reluAfterFusedBn: values, gradients and moving statistics as stock BN + ReLU', async () => {
    const { stock, fused } = twinLayers(0.9, true);
    const [stockRelu, fusedRelu] = [tf.layers.reLU(), reluAfterFusedBn({})];
    const pair = (bn: tf.layers.Layer, relu: tf.layers.Layer, training: boolean) => (xs: tf.Tensor) =>
      relu.apply(bn.apply(xs, { training }), { training }) as tf.Tensor;
    const x = batch(50);
    const [gamma, beta] = fused.trainableWeights.map((w) => w.read());
    const report = await checkCustomOp({
      name: 'fused BN + ReLU layers',
      inputs: [x, gamma, beta],
      custom: ([xs]) => pair(fused, fusedRelu, true)(xs),
      reference: ([xs, g, b]) => {
        const { mean, variance } = tf.moments(xs, [0, 1, 2]);
        return tf.relu(tf.batchNorm(xs, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, 1e-3));
      },
      float64: ([xs, g, b]) => {
        const c = g.length;
        const rows = xs.length / c;
        return xs.map((v, i) => {
          const ch = i % c;
          let m = 0;
          let s = 0;
          for (let r = 0; r < rows; r++) m += xs[r * c + ch] / rows;
          for (let r = 0; r < rows; r++) s += (xs[r * c + ch] - m) ** 2 / rows;
          return Math.max(0, ((v - m) / Math.sqrt(s + 1e-3)) * g[ch] + b[ch]);
        });
      },
      rtol: 1e-5,
    });
    expect(report.gradVsReference.length).toBe(3);
    // The check made 2 training calls of the fused pair: 2 of the stock pair bring it level.
    for (let i = 0; i < 2; i++) tf.dispose(pair(stock, stockRelu, true)(x));
    const [s, f] = [stock, fused].map((l) => l.getWeights().map((w) => w.dataSync()));
    for (let i = 2; i < 4; i++) expect(relativeMaxError(f[i], s[i])).toBeLessThan(1e-5);
    // The stock pair in training and inference (the moving statistics).
    for (const training of [true, false]) {
      const ys = [pair(stock, stockRelu, training)(x), pair(fused, fusedRelu, training)(x)];
      expect(ys[1].min().dataSync()[0]).toBe(0);
      expect(relativeMaxError(ys[1].dataSync(), ys[0].dataSync())).toBeLessThan(1e-5);
      tf.dispose(ys);
    }
    // The ReLU layer applies the ReLU to anything the fused BN did not rectify.
    const raw = tf.tensor1d([-1, 2, -3]);
    const out = fusedRelu.apply(raw) as tf.Tensor;
    expect(Array.from(out.dataSync())).toEqual([0, 2, 0]);
    tf.dispose([x, raw, out]);
    stock.dispose();
    fused.dispose();
  });

  it('a BN net trains through the fused kernels with a flat tensor count', async () => {
    const net = buildModel({
      kind: 'baseline',
      operator: 'cosine',
      widths: [4, 6],
      depth: 1,
      norm: 'bn',
      inputShape: [8, 8, 1],
      numClasses: 3,
      weightDecay: 5e-4,
    });
    const optimizer = tf.train.adam(1e-2);
    const xs = tf.tensor4d(randomArray(6 * 64, 40), [6, 8, 8, 1]);
    const labels = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const step = () => {
      const loss = optimizer.minimize(() => net.loss(xs, labels), true) as tf.Scalar;
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    };
    const first = step();
    step();
    const count = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 20; i++) last = step();
    expect(tf.memory().numTensors).toBe(count);
    expect(last).toBeLessThan(first);
    const info = await tf.profile(() => tf.tidy(() => tf.variableGrads(() => net.loss(xs, labels)).value));
    const kernels = info.kernels.map((k) => k.name);
    // BN and its ReLU run as one kernel each way: no Relu, no ReLU gradient kernel.
    expect(kernels.filter((k) => k === BN_TRAIN_KERNELS.reluForward).length).toBe(2);
    expect(kernels.filter((k) => k === BN_TRAIN_KERNELS.grad).length).toBe(2);
    expect(kernels.filter((k) => /^(FusedBatchNorm|Relu|Step|SphereLabReluGrad)$/.test(k))).toEqual([]);
    tf.dispose([xs, labels]);
    optimizer.dispose();
    net.dispose();
  });
});
