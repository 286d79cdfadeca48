import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import { angularFn, type SphereOperator } from '../sphere/angular';
import { buildModel } from '../sphere/buildModel';
import { COS_LIMIT } from '../sphere/fusedAngular';
import { randomArray, seededRandom } from '../sphere/testing/testReference';
import * as tf from '../tfjs';
import { inspectModel } from './inspect';
import { THETA_BINS } from './types';

beforeAll(initWasmBackend);

const SHAPE: [number, number, number] = [12, 12, 1];

/** Digit-like images: non-negative, with an all-zero border (the common MNIST case). */
function images(n: number, seed: number): tf.Tensor4D {
  const rand = seededRandom(seed);
  const v = randomArray(n * 144, rand, 0, 1);
  for (let i = 0; i < n * 144; i++) {
    const r = Math.floor((i % 144) / 12);
    const c = i % 12;
    if (r < 2 || r > 9 || c < 2 || c > 9 || v[i] < 0.3) v[i] = 0;
  }
  return tf.tensor4d(v, [n, ...SHAPE]);
}

function net(kind: 'baseline' | 'sphere', operator: SphereOperator, norm: 'none' | 'bn' = 'none') {
  return buildModel({
    kind,
    operator,
    widths: [4, 6],
    depth: 1,
    norm,
    inputShape: SHAPE,
    numClasses: 10,
    seed: 3,
  });
}

describe('inspectModel', () => {
  it.each(['none', 'bn'] as const)(
    "‖x‖·‖w‖·cos θ reproduces the CNN's conv output to 1e-4 (norm %s)",
    async (norm) => {
      const m = net('baseline', 'linear', norm);
      const [x1, batch] = [images(1, 1), images(5, 2)];
      const r = await inspectModel(m.model, x1, batch, { id: 'b', arch: 'baseline', learningRate: 0.1 });
      expect(r.layers).toHaveLength(2);
      for (const layer of r.layers) {
        const at = r.stages.findIndex((s) => s.name === layer.name);
        const before = r.stages[at - 1];
        // The conv recomputed from the layer's input and the model's own kernel, independently.
        const w = m.model.getLayer(layer.name).getWeights()[0] as tf.Tensor4D;
        const xIn = tf.tensor4d(before.values, [1, before.height, before.width, before.channels]);
        const ref = tf.tidy(() => tf.conv2d(xIn, w, 1, 'same').dataSync());
        xIn.dispose();
        let maxErr = 0;
        for (let p = 0; p < layer.height * layer.width; p++) {
          for (let f = 0; f < layer.filters; f++) {
            const i = p * layer.filters + f;
            const product = layer.patchNorm[p] * layer.kernelNorms[f] * layer.cos[i];
            maxErr = Math.max(maxErr, Math.abs(product - ref[i]), Math.abs(layer.output[i] - ref[i]));
          }
        }
        expect(maxErr).toBeLessThan(1e-4);
        if (norm === 'none') {
          // The model's own stage output is relu(⟨w,x⟩).
          const stage = r.stages[at].values;
          for (let i = 0; i < ref.length; i++) expect(stage[i]).toBeCloseTo(Math.max(0, ref[i]), 4);
        }
        const s = layer.stats;
        expect(s.magnitudeShare).toBeDefined();
        expect(Number.isFinite(s.magnitudeShare)).toBe(true);
        expect(s.thetaHistogram).toHaveLength(THETA_BINS);
        const norms = Array.from(layer.kernelNorms);
        const mean = norms.reduce((a, b) => a + b, 0) / norms.length;
        expect(s.meanKernelNorm).toBeCloseTo(mean, 5);
        const meanSq = norms.reduce((a, b) => a + b * b, 0) / norms.length;
        expect(s.effectiveStep).toBeCloseTo(0.1 / meanSq, 5);
      }
      tf.dispose([x1, batch]);
      m.dispose();
    },
  );

  it.each(['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'] as const)(
    "the SphereNet's maps equal g(θ) of the same θ (%s), and its stage output is pool(relu(g))",
    async (operator) => {
      const m = net('sphere', operator);
      const [x1, batch] = [images(1, 4), images(4, 5)];
      const r = await inspectModel(m.model, x1, batch, { id: 's', arch: 'sphere', learningRate: 0.1 });
      for (const layer of r.layers) {
        expect(layer.kind).toBe('sphereConv');
        expect(layer.stats.magnitudeShare).toBeUndefined();
        const k = operator === 'learnable-sigmoid' ? 0.75 : 0.3; // |0.7| + 0.05 at init
        for (let i = 0; i < layer.cos.length; i++) {
          const c = Math.min(COS_LIMIT, Math.max(-COS_LIMIT, layer.cos[i]));
          const g = operator === 'cosine' ? layer.cos[i] : angularFn(operator, Math.acos(c), k);
          expect(Math.abs(layer.output[i] - g)).toBeLessThan(1e-4);
        }
        // Unit filters: every displayed SphereNet filter has norm 1 (up to the 1e-4 eps).
        const per = layer.kernelSize * layer.kernelSize * layer.inChannels;
        for (let f = 0; f < layer.filters; f++) {
          let sq = 0;
          for (let j = 0; j < per; j++) sq += layer.kernel[j * layer.filters + f] ** 2;
          expect(Math.sqrt(sq)).toBeCloseTo(1, 3);
        }
        // The layer folds its stage's 2×2 max-pool in: its output is maxpool(relu(g)).
        const stage = r.stages.find((s) => s.name === layer.name)!;
        expect(stage.height).toBe(layer.height / 2);
        for (let y = 0; y < stage.height; y++) {
          for (let x = 0; x < stage.width; x++) {
            for (let f = 0; f < layer.filters; f++) {
              let best = 0;
              for (const [dy, dx] of [
                [0, 0],
                [0, 1],
                [1, 0],
                [1, 1],
              ]) {
                const p = (2 * y + dy) * layer.width + (2 * x + dx);
                best = Math.max(best, layer.output[p * layer.filters + f]);
              }
              const got = stage.values[(y * stage.width + x) * layer.filters + f];
              expect(Math.abs(got - best)).toBeLessThan(1e-4);
            }
          }
        }
        const s = layer.stats;
        const counted = s.thetaHistogram.reduce((a, b) => a + b, 0);
        const pairs = 4 * layer.height * layer.width * layer.filters;
        expect(counted).toBeCloseTo(pairs * (1 - s.zeroPatchFraction), 0);
        if (layer === r.layers[0]) expect(s.zeroPatchFraction).toBeGreaterThan(0); // the black border
        expect(s.deadFilterFraction).toBeGreaterThanOrEqual(0);
        expect(s.zeroActivationFraction).toBeGreaterThan(0);
      }
      expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      tf.dispose([x1, batch]);
      m.dispose();
    },
  );

  it('keeps tf.memory().numTensors flat over 300 training steps, each followed by an inspection', async () => {
    const cnn = net('baseline', 'sigmoid', 'bn');
    const sphere = net('sphere', 'learnable-sigmoid');
    const [x1, batch] = [images(1, 6), images(4, 7)];
    const labels = tf.tensor1d([1, 2, 3, 4], 'int32');
    const opts = [tf.train.sgd(0.05), tf.train.sgd(0.05)];
    const update = async () => {
      for (const [i, m] of [cnn, sphere].entries()) {
        tf.dispose(opts[i].minimize(() => m.loss(batch, labels), true) as tf.Scalar);
        await inspectModel(m.model, x1, batch, { id: `${i}`, arch: m.config.kind, learningRate: 0.05 });
      }
    };
    await update(); // creates the optimizers' slots once
    const before = tf.memory().numTensors;
    for (let i = 0; i < 300; i++) await update();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x1, batch, labels]);
    for (const o of opts) o.dispose();
    cnn.dispose();
    sphere.dispose();
  });

  it('keeps tf.memory().numTensors flat over 1,000 inspection updates of both nets', async () => {
    const nets = [net('baseline', 'linear', 'bn'), net('sphere', 'cosine')];
    // Several inputs in turn, as a user stepping through digits while the view updates.
    const inputs = [images(1, 8), images(1, 9), images(1, 10)];
    const batch = images(4, 11);
    const inspectOnce = async (i: number) => {
      const m = nets[i % 2];
      const r = await inspectModel(m.model, inputs[i % 3], batch, {
        id: `${i % 2}`,
        arch: m.config.kind,
        learningRate: 0.1,
      });
      return r.layers.length;
    };
    await inspectOnce(0);
    const before = tf.memory().numTensors;
    let layers = 0;
    for (let i = 0; i < 1000; i++) layers += await inspectOnce(i);
    expect(layers).toBe(2000); // every update inspected both conv layers
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...inputs, batch]);
    for (const m of nets) m.dispose();
  }, 30_000);
});
