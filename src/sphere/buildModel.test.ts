import { beforeAll, describe, expect, it } from 'vitest';
import { readShippedMnistFile } from '../data/shippedMnistFile';
import { initWasmBackend } from '../engine/backends/testBackend';
import * as tf from '../tfjs';
import { buildModel, type SphereModelConfig } from './buildModel';
import { SphereConv2D, SphereDense } from './layers';

beforeAll(initWasmBackend);

/** The first `count` shipped digits ("SLMN" | u32 version, count, rows, cols | labels | pixels). */
function readMnist(count: number): { x: Float32Array; y: Int32Array } {
  const buf = Buffer.from(readShippedMnistFile());
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  expect(buf.subarray(0, 4).toString('latin1')).toBe('SLMN');
  const total = view.getUint32(8, true);
  const [rows, cols] = [view.getUint32(12, true), view.getUint32(16, true)];
  expect([rows, cols]).toEqual([28, 28]);
  const n = Math.min(count, total);
  const y = Int32Array.from(buf.subarray(20, 20 + n));
  const pixels = buf.subarray(20 + total, 20 + total + n * 784);
  return { x: Float32Array.from(pixels, (p) => p / 255), y };
}

const small: SphereModelConfig = {
  kind: 'sphere',
  operator: 'sigmoid',
  widths: [8, 16],
  depth: 1,
  inputShape: [28, 28, 1],
  numClasses: 10,
  seed: 4,
};

describe('buildModel', () => {
  it('baseline and SphereNet share the topology and, with one seed, the initial kernels', () => {
    const sphere = buildModel({ ...small, widths: [4, 6], depth: [2, 1] });
    const base = buildModel({ ...small, widths: [4, 6], depth: [2, 1], kind: 'baseline' });
    // Same kernels in the same order, same flattened features; the SphereNet folds each stage's
    // max-pool into its last SphereConv, so its layer list is shorter.
    const kernels = (m: tf.LayersModel) =>
      m.layers.flatMap((l) =>
        l
          .getWeights()
          .slice(0, 1)
          .map((w) => w.shape),
      );
    const flat = (m: tf.LayersModel) => m.layers.find((l) => l.name.endsWith('_flatten'))!.outputShape;
    expect(kernels(sphere.model)).toEqual(kernels(base.model));
    expect(flat(sphere.model)).toEqual(flat(base.model));
    expect(sphere.model.layers.slice(1).map((l) => l.name)).toEqual([
      'sphere_conv1_1',
      'sphere_conv1_2',
      'sphere_conv2_1',
      'sphere_flatten',
      'sphere_head',
    ]);
    expect(sphere.model.layers.map((l) => l.getClassName())).toContain('SphereConv2D');
    const firstKernel = (m: tf.LayersModel) => m.layers[1].getWeights()[0].dataSync();
    expect(Array.from(firstKernel(sphere.model))).toEqual(Array.from(firstKernel(base.model)));
    const again = buildModel({ ...small, widths: [4, 6], depth: [2, 1] });
    const other = buildModel({ ...small, widths: [4, 6], depth: [2, 1], seed: 5 });
    const all = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
    expect(all(again.model)).toEqual(all(sphere.model));
    expect(all(other.model)).not.toEqual(all(sphere.model));
    for (const m of [sphere, base, again, other]) m.dispose();
  });

  it('the BN baseline’s convs: the same kernels as without BN, and no gradient for the images', () => {
    const cfg = { ...small, kind: 'baseline' as const, widths: [4, 6] };
    const plain = buildModel(cfg);
    const bn = buildModel({ ...cfg, norm: 'bn' });
    const kernels = (m: tf.LayersModel) =>
      m.layers.filter((l) => /conv\d_\d$/.test(l.name)).map((l) => Array.from(l.getWeights()[0].dataSync()));
    expect(kernels(bn.model)).toEqual(kernels(plain.model));
    // Count the input-gradient convs of one gradient: one for the second conv, none for the first
    // (tf.layers.conv2d's linear path, a fused conv, computed the images' gradient too).
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 1);
    const calls: string[] = [];
    const inner = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel({
      ...inner,
      kernelFunc: (args) => {
        calls.push((args.attrs as { inputShape: number[] }).inputShape.join('x'));
        return inner.kernelFunc(args);
      },
    });
    try {
      const vars = bn.model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(
        () => tf.sum(bn.model.apply(x, { training: true }) as tf.Tensor),
        vars,
      );
      tf.dispose(Object.values(grads));
    } finally {
      tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
      tf.registerKernel(inner);
    }
    expect(calls).toEqual(['2x14x14x4']);
    x.dispose();
    plain.model.dispose();
    bn.model.dispose();
  });

  it('a SphereNet’s loss falls on a few hundred real MNIST digits', () => {
    const { x, y } = readMnist(320);
    const net = buildModel({ ...small, operator: 'learnable-sigmoid' });
    const opt = tf.train.adam(1e-2);
    const losses: number[] = [];
    const before = tf.memory().numTensors;
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let b = 0; b < 320; b += 32) {
        const xs = tf.tensor4d(x.subarray(b * 784, (b + 32) * 784), [32, 28, 28, 1]);
        const ys = tf.tensor1d(y.subarray(b, b + 32), 'int32');
        const loss = opt.minimize(() => net.loss(xs, ys), true) as tf.Scalar;
        losses.push(loss.dataSync()[0]);
        tf.dispose([xs, ys, loss]);
      }
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-10))).toBeLessThan(0.6 * mean(losses.slice(0, 5)));
    // No tensors leak per step once the optimizer's slots exist.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 40);
    const k = net.kValues()!;
    expect(k.shape).toEqual([2]);
    expect(Array.from(k.dataSync()).some((v) => Math.abs(v - 0.75) > 1e-4)).toBe(true);
    expect(net.kLayerNames).toEqual(['sphere_conv1_1', 'sphere_conv2_1']);
    net.dispose();
  });

  it.each([
    { head: 'softmax', norm: 'bn', operator: 'learnable-sigmoid' },
    { head: 'wn-softmax', norm: 'none', operator: 'linear' },
    { head: 'ga-softmax', norm: 'bn', operator: 'cosine', m: 2 },
  ] as const)('save/load round trip is exact ($head, $norm, $operator)', async (variant) => {
    const { x, y } = readMnist(16);
    const net = buildModel({ ...small, ...variant, featureDim: 2 });
    const xs = tf.tensor4d(x, [16, 28, 28, 1]);
    const ys = tf.tensor1d(y, 'int32');
    const opt = tf.train.adam(1e-2);
    for (let i = 0; i < 3; i++) opt.minimize(() => net.loss(xs, ys)); // moves weights, BN stats and k
    let saved: tf.io.ModelArtifacts | undefined;
    await net.model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const a = (net.model.predict(xs) as tf.Tensor).dataSync();
    const b = (loaded.predict(xs) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    loaded.dispose();
    net.dispose();
  });

  it.each([
    { head: 'softmax', norm: 'bn', operator: 'learnable-sigmoid', kind: 'sphere' },
    { head: 'wn-softmax', norm: 'none', operator: 'linear', kind: 'baseline' },
    { head: 'ga-softmax', norm: 'none', operator: 'cosine', m: 4, kind: 'sphere' },
  ] as const)('the classifier on the features gives logits() exactly ($head, $kind)', (variant) => {
    // The Features readout takes the class from the features it already has (one pass, not two).
    const { x } = readMnist(12);
    const net = buildModel({ ...small, ...variant, featureDim: 2 });
    const xs = tf.tensor4d(x, [12, 28, 28, 1]);
    const [direct, viaFeatures] = tf.tidy(() => [net.logits(xs), net.logitsOfFeatures!(net.features!(xs))]);
    expect(Array.from(viaFeatures.dataSync())).toEqual(Array.from(direct.dataSync()));
    tf.dispose([xs, direct, viaFeatures]);
    net.dispose();
  });

  it('a LayersModel with SphereDense and SphereConv2D layers saves and loads exactly', async () => {
    const model = tf.sequential({
      layers: [
        new SphereConv2D({
          inputShape: [8, 8, 3],
          filters: 4,
          kernelSize: 3,
          strides: 2,
          padding: 'valid',
          operator: 'linear',
          useBias: true,
          activation: 'relu',
          seed: 1,
        }),
        tf.layers.flatten(),
        new SphereDense({ units: 5, operator: 'learnable-sigmoid', useBias: true, seed: 2 }),
        new SphereDense({ units: 3, operator: 'sigmoid', k: 0.2, seed: 3 }),
      ],
    });
    const x = tf.randomUniform([6, 8, 8, 3], 0, 1, 'float32', 9);
    // Move k and the biases off their initial values first.
    const opt = tf.train.sgd(0.5);
    for (let i = 0; i < 3; i++)
      opt.minimize(() => tf.mean(tf.square(tf.sub(model.apply(x) as tf.Tensor, 0.3))) as tf.Scalar);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.layers[2].getWeights().map((w) => w.shape)).toEqual([[36, 5], [5], [5]]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );
    expect(model.outputShape).toEqual([null, 3]);
  });

  it('builds CIFAR-shaped nets (32×32×3) with per-stage depth', () => {
    const net = buildModel({
      ...small,
      inputShape: [32, 32, 3],
      widths: [4, 8, 8],
      depth: [1, 2, 1],
      norm: 'bn',
    });
    const convs = net.model.layers.filter((l) => l.getClassName() === 'SphereConv2D');
    expect(convs.map((l) => l.name)).toEqual([
      'sphere_conv1_1',
      'sphere_conv2_1',
      'sphere_conv2_2',
      'sphere_conv3_1',
    ]);
    expect(net.model.layers.find((l) => l.name === 'sphere_flatten')!.outputShape).toEqual([null, 4 * 4 * 8]);
    const xs = tf.randomUniform([3, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    expect(net.logits(xs).shape).toEqual([3, 10]);
    net.dispose();
  });

  it('exposes 2-D features, class weights, logits and predictions', () => {
    const { x } = readMnist(5);
    const xs = tf.tensor4d(x, [5, 28, 28, 1]);
    for (const head of ['softmax', 'wn-softmax', 'ga-softmax'] as const) {
      const net = buildModel({ ...small, kind: 'baseline', head, featureDim: 2 });
      expect(net.features!(xs).shape).toEqual([5, 2]);
      expect(net.classWeights!().shape).toEqual([10, 2]);
      expect(net.logits(xs).shape).toEqual([5, 10]);
      expect(Array.from(net.predict(xs).dataSync())).toEqual(
        Array.from(tf.argMax(net.logits(xs), 1).dataSync()),
      );
      expect(net.kValues()).toBeUndefined();
      net.dispose();
    }
    const plain = buildModel(small);
    expect(plain.features).toBeUndefined();
    plain.dispose();
  });

  it('regularizers add to the loss: orthogonality for SphereNets, weight decay for the baseline', () => {
    const { x, y } = readMnist(8);
    const xs = tf.tensor4d(x, [8, 28, 28, 1]);
    const ys = tf.tensor1d(y, 'int32');
    for (const kind of ['sphere', 'baseline'] as const) {
      const plain = buildModel({ ...small, kind });
      const reg = buildModel({ ...small, kind, orthogonality: 1e-2, weightDecay: 1e-2 });
      expect(reg.loss(xs, ys).dataSync()[0]).toBeGreaterThan(plain.loss(xs, ys).dataSync()[0] + 1e-4);
      plain.dispose();
      reg.dispose();
    }
  });
});
