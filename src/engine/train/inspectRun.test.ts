import { beforeAll, describe, expect, it } from 'vitest';
import { INSPECT_BATCH } from '../../inside/types';
import * as tf from '../../tfjs';
import { initWasmBackend } from '../backends/testBackend';
import type { NetSpec, RunConfig } from '../types';
import { inspectRun } from './inspectRun';
import { type TrainData, Trainer } from './trainer';

beforeAll(initWasmBackend);

/** 8×8 images, class = the quadrant holding a bright blob, on a black (all-zero) background. */
function blobData(count: number): TrainData {
  const images = new Float32Array(count * 64);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    labels[n] = n % 4;
    const oy = n % 4 < 2 ? 0 : 4;
    const ox = n % 2 === 0 ? 0 : 4;
    for (let y = 1; y < 3; y++)
      for (let x = 1; x < 3; x++) images[n * 64 + (oy + y) * 8 + ox + x] = 0.5 + (n % 7) / 14;
  }
  const testFrom = Math.floor(count / 2);
  return {
    summary: {
      name: 'blobs',
      trainCount: testFrom,
      testCount: count - testFrom,
      inputShape: [8, 8, 1],
      numClasses: 4,
    },
    batch: (split, indices) => {
      const x = new Float32Array(indices.length * 64);
      const y = new Int32Array(indices.length);
      Array.from(indices).forEach((idx, i) => {
        const j = (split === 'train' ? 0 : testFrom) + idx;
        x.set(images.subarray(j * 64, j * 64 + 64), i * 64);
        y[i] = labels[j];
      });
      return { x, y };
    },
  };
}

const net = (arch: NetSpec['arch'], norm: NetSpec['norm']): NetSpec => ({
  arch,
  operator: 'learnable-sigmoid',
  k: 0.3,
  norm,
  head: 'softmax',
  m: 1,
  widths: [4, 6],
  depth: 1,
});

const config: RunConfig = {
  models: [
    { id: 'sphere', label: 'SphereNet', spec: { kind: 'net', net: net('sphere', 'none') } },
    { id: 'baseline', label: 'CNN', spec: { kind: 'net', net: net('baseline', 'bn') } },
  ],
  batchSize: 8,
  learningRate: 0.01,
  optimizer: 'adam',
  seed: 3,
  evalEvery: 0,
  evalSize: 10,
  maxSteps: 0,
};

describe('inspectRun', () => {
  it('inspects every model of the run on a test image, with its label and distinct buffers to transfer', async () => {
    const data = blobData(200);
    const trainer = new Trainer(data, config);
    trainer.trainStep();
    const { message, transfer } = await inspectRun(trainer, data, config, 7, { source: 'test', index: 5 });
    expect(message.failure).toBeUndefined();
    expect(message.requestId).toBe(7);
    expect(message.step).toBe(1);
    expect(message.label).toBe(data.batch('test', [5]).y[0]);
    expect(Array.from(message.input)).toEqual(Array.from(data.batch('test', [5]).x));
    expect(message.models.map((m) => [m.id, m.arch])).toEqual([
      ['sphere', 'sphere'],
      ['baseline', 'baseline'],
    ]);
    for (const m of message.models) {
      expect(m.layers.map((l) => l.filters)).toEqual([4, 6]);
      // The statistics are over INSPECT_BATCH test images: the histogram counts every live pair.
      const l0 = m.layers[0];
      const pairs = INSPECT_BATCH * l0.height * l0.width * l0.filters;
      const counted = l0.stats.thetaHistogram.reduce((a, b) => a + b, 0);
      expect(counted).toBeCloseTo(pairs * (1 - l0.stats.zeroPatchFraction), 0);
      expect(m.stages[0].values).toHaveLength(64);
    }
    expect(message.models[1].layers[0].stats.magnitudeShare).toBeDefined();
    // postMessage refuses a buffer listed twice; every typed array must be on the list.
    expect(new Set(transfer).size).toBe(transfer.length);
    const stages = message.models.reduce((a, m) => a + m.stages.length, 0);
    expect(transfer).toHaveLength(1 + stages + 5 * 4);
    trainer.dispose();
  });

  it('inspects drawn pixels, and answers with a failure naming the problem instead of throwing', async () => {
    const data = blobData(40);
    const trainer = new Trainer(data, config);
    const pixels = new Float32Array(64).fill(0.2);
    const ok = await inspectRun(trainer, data, config, 1, { source: 'pixels', pixels });
    expect(ok.message.failure).toBeUndefined();
    expect(ok.message.label).toBeUndefined();
    expect(ok.message.models[0].stages[0].values[0]).toBeCloseTo(0.2, 6);
    const one = await inspectRun(trainer, data, config, 5, { source: 'test', index: 0 }, ['baseline']);
    expect(one.message.models.map((m) => m.id)).toEqual(['baseline']);
    const wrongSize = await inspectRun(trainer, data, config, 2, {
      source: 'pixels',
      pixels: new Float32Array(10),
    });
    expect(wrongSize.message.failure).toMatch(/10 pixels, not 8×8×1/);
    const outside = await inspectRun(trainer, data, config, 3, { source: 'test', index: 20 });
    expect(outside.message.failure).toMatch(/test index 20 is outside 0…19/);
    const none = await inspectRun(undefined, data, config, 4, { source: 'test', index: 0 });
    expect(none.message.failure).toMatch(/Nothing to inspect yet/);
    expect(none.message.models).toEqual([]);
    trainer.dispose();
  });

  it('keeps tf.memory().numTensors flat over 1,000 training steps, each followed by an inspection', async () => {
    // 20 test images: the statistics batch stays small, so 1,000 updates take seconds, not minutes.
    const data = blobData(40);
    const trainer = new Trainer(data, config);
    const update = async (i: number) => {
      trainer.trainStep();
      await trainer.collectMetrics();
      const input =
        i % 2 === 0
          ? ({ source: 'test', index: i % 20 } as const)
          : ({ source: 'pixels', pixels: new Float32Array(64).fill(0.5) } as const);
      const { message } = await inspectRun(trainer, data, config, i, input);
      if (message.failure) throw new Error(message.failure);
    };
    await update(0); // creates the optimizers' slots once
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 1000; i++) await update(i);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  }, 120_000);
});
