import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import { createModel } from '../engine/train/models';
import type { NetSpec } from '../engine/types';
import * as tf from '../tfjs';
import { buildModel, type SphereModelConfig } from './buildModel';
import { orthogonalityPenalty } from './losses';
import { LABEL_SMOOTHING, ORTHOGONALITY_WEIGHT, WEIGHT_DECAY } from './recipe';

beforeAll(initWasmBackend);

const base: SphereModelConfig = {
  kind: 'baseline',
  operator: 'sigmoid',
  widths: [4, 6],
  depth: 1,
  inputShape: [8, 8, 1],
  numClasses: 3,
  seed: 3,
};

/** A fixed little batch: 4 images 8×8, labels 0, 1, 2, 1. */
function batch(): { xs: tf.Tensor4D; ys: tf.Tensor1D } {
  const x = Float32Array.from({ length: 4 * 64 }, (_, i) => Math.abs(Math.sin(i * 0.37)));
  return { xs: tf.tensor4d(x, [4, 8, 8, 1]), ys: tf.tensor1d([0, 1, 2, 1], 'int32') };
}

const sumSq = (t: tf.Tensor) => tf.sum(tf.square(t)).dataSync()[0];
const loss = (cfg: SphereModelConfig) => {
  const { xs, ys } = batch();
  const net = buildModel(cfg);
  const value = net.loss(xs, ys).dataSync()[0];
  const weights = Object.fromEntries(net.model.trainableWeights.map((w) => [w.originalName, w.read()]));
  return { value, weights, net };
};

describe('the official recipe in the models (recipe.ts)', () => {
  it('baseline: λ·Σw²/2 over every conv kernel and the classifier; convs have no bias', () => {
    const plain = loss(base);
    const decayed = loss({ ...base, weightDecay: 0.1 });
    const names = Object.keys(decayed.weights);
    expect(names.some((n) => n.includes('bias'))).toBe(false);
    const expected = (0.1 / 2) * names.reduce((s, n) => s + sumSq(decayed.weights[n]), 0);
    expect(decayed.value - plain.value).toBeCloseTo(expected, 4);
    plain.net.dispose();
    decayed.net.dispose();
  });

  it('SphereNet: the classifier and BN gamma/beta are decayed, SphereConv kernels are not', () => {
    const cfg: SphereModelConfig = { ...base, kind: 'sphere', norm: 'bn' };
    const plain = loss(cfg);
    const decayed = loss({ ...cfg, weightDecay: 0.1 });
    const names = Object.keys(decayed.weights);
    const kept = names.filter((n) => /head|gamma|beta/.test(n));
    expect(kept.length).toBe(1 + 2 * 2); // head kernel, gamma and beta of two BNs
    expect(names.filter((n) => n.includes('conv') && n.includes('kernel')).length).toBe(2);
    const expected = (0.1 / 2) * kept.reduce((s, n) => s + sumSq(decayed.weights[n]), 0);
    expect(decayed.value - plain.value).toBeCloseTo(expected, 4);
    plain.net.dispose();
    decayed.net.dispose();
  });

  it('label smoothing ε: targets (1 − ε)·one-hot + ε/C, as the official loss2', () => {
    const { xs, ys } = batch();
    const net = buildModel({ ...base, labelSmoothing: 0.2 });
    const logits = net.logits(xs);
    const logp = tf.logSoftmax(logits).arraySync() as number[][];
    const labels = [0, 1, 2, 1];
    let manual = 0;
    for (let i = 0; i < 4; i++)
      for (let c = 0; c < 3; c++) manual -= ((c === labels[i] ? 0.8 : 0) + 0.2 / 3) * logp[i][c];
    expect(net.loss(xs, ys).dataSync()[0]).toBeCloseTo(manual / 4, 5);
    net.dispose();
  });

  it('kernels start He-normal: stddev sqrt(2 / fan_in), the same draw in both nets', () => {
    const wide = { ...base, widths: [64, 64], inputShape: [8, 8, 8] as [number, number, number] };
    const b = buildModel(wide);
    const s = buildModel({ ...wide, kind: 'sphere' });
    const k1 = b.model.trainableWeights.find((w) => w.originalName.includes('conv2_1'))!.read();
    const k2 = s.model.trainableWeights.find((w) => w.originalName.includes('conv2_1'))!.read();
    const std = Math.sqrt(sumSq(k1) / k1.size);
    expect(std).toBeGreaterThan(0.95 * Math.sqrt(2 / (9 * 64)));
    expect(std).toBeLessThan(1.05 * Math.sqrt(2 / (9 * 64)));
    expect(Array.from(k2.dataSync())).toEqual(Array.from(k1.dataSync()));
    b.dispose();
    s.dispose();
  });

  it('GA-Softmax under learnable-sigmoid learns its own k per class, and it gets a gradient', () => {
    const net = buildModel({
      ...base,
      kind: 'sphere',
      operator: 'learnable-sigmoid',
      head: 'ga-softmax',
      m: 2,
    });
    const kVar = net.model.trainableWeights.find(
      (w) => w.originalName.includes('head') && w.originalName.endsWith('/k'),
    );
    expect(kVar).toBeDefined();
    expect(kVar!.shape).toEqual([3]);
    expect(net.kLayerNames.at(-1)).toContain('head');
    const { xs, ys } = batch();
    const { grads } = tf.variableGrads(() => net.loss(xs, ys));
    const g = Object.entries(grads).find(([name]) => name.includes('head') && name.endsWith('/k'));
    expect(g).toBeDefined();
    expect(Math.max(...Array.from(g![1].dataSync()).map(Math.abs))).toBeGreaterThan(1e-6);
    net.dispose();
  });

  it('the engine trains every Lab net with the recipe: decay, smoothing, orthogonality', () => {
    const spec: NetSpec = {
      arch: 'sphere',
      operator: 'cosine',
      k: 0.3,
      norm: 'none',
      head: 'softmax',
      m: 1,
      widths: [4, 6],
      depth: 1,
    };
    const ctx = { seed: 3, inputShape: [8, 8, 1] as [number, number, number], numClasses: 3 };
    const engine = createModel('s', { kind: 'net', net: spec }, ctx);
    const bare = buildModel({ ...base, kind: 'sphere', operator: 'cosine' });
    const { xs, ys } = batch();
    const w = Object.fromEntries(bare.model.trainableWeights.map((v) => [v.originalName, v.read()]));
    const head = Object.keys(w).find((n) => n.includes('head'))!;
    const convs = Object.keys(w).filter((n) => n.includes('conv'));
    const smoothed = buildModel({
      ...base,
      kind: 'sphere',
      operator: 'cosine',
      labelSmoothing: LABEL_SMOOTHING,
    });
    const expected =
      smoothed.loss(xs, ys).dataSync()[0] +
      (WEIGHT_DECAY / 2) * sumSq(w[head]) +
      ORTHOGONALITY_WEIGHT * convs.reduce((s, n) => s + orthogonalityPenalty(w[n]).dataSync()[0], 0);
    expect(engine.loss(xs, ys).dataSync()[0]).toBeCloseTo(expected, 5);
    engine.dispose();
    bare.dispose();
    smoothed.dispose();
  });
});
