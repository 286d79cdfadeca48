import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../engine/backends/testBackend';
import type { TrainData } from '../../engine/train/trainer';
import { buildModel } from '../../sphere/buildModel';
import * as tf from '../../tfjs';
import { measureMechanism, pooledMechanism } from './mechanism';

beforeAll(initWasmBackend);

describe('pooledMechanism', () => {
  it('pools dead filters, RMS norm and lr / mean ‖w‖² over all filters of all layers', () => {
    // Layer 1: 2 filters, norms 1 and 3, one dead; layer 2: 2 filters, norms 2 and 2, none dead.
    const m = pooledMechanism(
      [
        { kernelNorms: [1, 3], deadFilterFraction: 0.5 },
        { kernelNorms: [2, 2], deadFilterFraction: 0 },
      ],
      0.9,
    );
    // mean ‖w‖² = (1 + 9 + 4 + 4) / 4 = 4.5
    expect(m).toEqual({ learningRate: 0.9, deadReluShare: 0.25, kernelNorm: 2.12132, effectiveStep: 0.2 });
    expect(m.kernelNorm).toBeCloseTo(Math.sqrt(4.5), 5);
  });

  it('weights layers by their filter count, not one vote per layer', () => {
    const m = pooledMechanism(
      [
        { kernelNorms: [1], deadFilterFraction: 1 },
        { kernelNorms: [1, 1, 1], deadFilterFraction: 0 },
      ],
      1,
    );
    expect(m.deadReluShare).toBe(0.25);
  });

  it('refuses a net without conv filters', () => {
    expect(() => pooledMechanism([], 0.1)).toThrow(/no conv filters/);
  });
});

/** Non-negative "digits" on a 6×6 grid: what a dead ReLU needs (every patch ≥ 0). */
function digits(n: number): TrainData {
  const x = new Float32Array(n * 36).map((_, i) => ((i * 7919) % 13) / 13);
  return {
    summary: { inputShape: [6, 6, 1], numClasses: 10, testCount: n } as TrainData['summary'],
    batch: (_split, indices) => {
      const out = new Float32Array(indices.length * 36);
      for (let k = 0; k < indices.length; k++)
        out.set(x.subarray(indices[k] * 36, indices[k] * 36 + 36), k * 36);
      return { x: out, y: new Int32Array(indices.length) };
    },
  };
}

describe('measureMechanism', () => {
  it('finds the filters made all-negative dead, and the norms as set', async () => {
    const net = buildModel({
      kind: 'baseline',
      operator: 'linear',
      widths: [4, 2],
      depth: 1,
      inputShape: [6, 6, 1],
      numClasses: 10,
      seed: 5,
    });
    const conv1 = net.model.getLayer('base_conv1_1');
    const conv2 = net.model.getLayer('base_conv2_1');
    // conv1: filters 0 and 1 all −0.5 (dead on non-negative input), 2 and 3 all +0.5; conv2: all +1.
    const w1 = new Float32Array(9 * 4).map((_, i) => (i % 4 < 2 ? -0.5 : 0.5));
    const set = [tf.tensor4d(w1, [3, 3, 1, 4]), tf.ones([3, 3, 4, 2])];
    conv1.setWeights([set[0]]);
    conv2.setWeights([set[1]]);
    tf.dispose(set);
    const before = tf.memory().numTensors;
    const m = await measureMechanism(net.model, 'baseline', digits(20), 0.2);
    // ‖w‖² per filter: conv1 9 · 0.25 = 2.25 (×4), conv2 36 (×2), each + 1e-4 (inspect's eps).
    const meanSquare = (4 * 2.25 + 2 * 36) / 6 + 1e-4;
    expect(m.deadReluShare).toBeCloseTo(2 / 6, 5);
    expect(m.kernelNorm).toBeCloseTo(Math.sqrt(meanSquare), 4);
    expect(m.effectiveStep).toBeCloseTo(0.2 / meanSquare, 5);
    expect(m.learningRate).toBe(0.2);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });
});
