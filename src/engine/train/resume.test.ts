import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tfjs';
import { initWasmBackend } from '../backends/testBackend';
import type { RunConfig } from '../types';
import { readWeights } from './readWeights';
import { quadrantData, TWO_TINY_CNNS } from './testData';
import { Trainer } from './trainer';

const config: RunConfig = { ...TWO_TINY_CNNS, optimizer: 'adam' };

describe('a run goes on from a snapshot on a fresh trainer (lost device, crashed worker)', () => {
  beforeAll(initWasmBackend);

  it('the next step sees the same weights and the same batch; nothing leaks', async () => {
    const data = quadrantData(400);
    const original = new Trainer(data, config);
    for (let i = 0; i < 37; i++) original.trainStep();
    await original.collectMetrics();
    const snapshot = await readWeights(original.models());
    const before = tf.memory().numTensors;

    const resumed = new Trainer(data, config);
    for (const [id, w] of Object.entries(snapshot)) resumed.setWeights(id, w.shapes, w.values);
    resumed.resumeAt(37);
    expect(resumed.step).toBe(37);
    original.trainStep();
    resumed.trainStep();
    const [a, b] = [await original.collectMetrics(), await resumed.collectMetrics()];
    // Step 38's loss is computed before its update: same weights + same batch = same loss.
    for (let m = 0; m < 2; m++) {
      expect(b[m].steps).toEqual([38]);
      expect(b[m].losses[0]).toBeCloseTo(a[m].losses[0], 6);
    }
    // A fresh trainer without the snapshot sees other weights (the check above can fail).
    const fresh = new Trainer(data, config);
    fresh.resumeAt(37);
    fresh.trainStep();
    const f = await fresh.collectMetrics();
    expect(Math.abs(f[0].losses[0] - a[0].losses[0])).toBeGreaterThan(1e-3);
    fresh.dispose();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
    original.dispose();
  });
});
