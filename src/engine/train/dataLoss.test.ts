/**
 * What the replication's selection and loss targets read: the data loss apart from the recipe's
 * regularizers (recordDataLoss), and a validation split held out from the training digits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../backends/testBackend';
import type { NetSpec, RunConfig } from '../types';
import { quadrantData, TWO_TINY_CNNS } from './testData';
import { holdOutValidation } from './trainData';
import { Trainer } from './trainer';

const net = (arch: NetSpec['arch']): NetSpec => ({
  arch,
  operator: 'sigmoid',
  k: 0.3,
  norm: 'none',
  head: 'softmax',
  m: 1,
  widths: [4, 8],
  depth: 1,
});

const PAIR: RunConfig = {
  ...TWO_TINY_CNNS,
  models: [
    { id: 'baseline', label: 'CNN', spec: { kind: 'net', net: net('baseline') } },
    { id: 'sphere', label: 'SphereNet', spec: { kind: 'net', net: net('sphere') } },
    { id: 'tiny', label: 'tiny', spec: { kind: 'tiny-cnn', filters: 4 } },
  ],
  optimizer: 'adam',
  learningRate: 0.01,
};

async function metrics(config: RunConfig, steps: number) {
  const trainer = new Trainer(quadrantData(200), config);
  for (let i = 0; i < steps; i++) trainer.trainStep();
  const out = await trainer.collectMetrics();
  trainer.dispose();
  return Object.fromEntries(out.map((m) => [m.id, m]));
}

describe('recordDataLoss', () => {
  beforeAll(initWasmBackend);

  it('reports each step’s cross-entropy without the regularizers, below the total, training unchanged', async () => {
    const on = await metrics({ ...PAIR, recordDataLoss: true }, 6);
    const off = await metrics(PAIR, 6);
    for (const id of ['baseline', 'sphere']) {
      const { losses, dataLosses } = on[id];
      expect(dataLosses).toHaveLength(6);
      // Weight decay (baseline) and orthogonality (SphereNet) are positive: the total is larger.
      losses.forEach((total, i) => {
        expect(dataLosses![i]).toBeLessThan(total);
        expect(dataLosses![i]).toBeGreaterThan(0);
      });
      expect(losses).toEqual(off[id].losses);
      expect(off[id].dataLosses).toBeUndefined();
    }
    // A model without regularizers has no separate data term to report.
    expect(on.tiny.dataLosses).toBeUndefined();
  });

  it('does not leak the kept data-loss tensors', async () => {
    const { memory } = await import('../../tfjs');
    const trainer = new Trainer(quadrantData(200), { ...PAIR, recordDataLoss: true });
    trainer.trainStep();
    await trainer.collectMetrics();
    const before = memory().numTensors;
    for (let i = 0; i < 10; i++) trainer.trainStep();
    await trainer.collectMetrics();
    expect(memory().numTensors).toBe(before);
    trainer.dispose();
  });
});

describe('holdOutValidation', () => {
  it('tests on the last training digits and trains only on the ones before them', () => {
    const data = quadrantData(200); // 160 training digits
    const split = holdOutValidation(data, 40);
    expect(split.summary.trainCount).toBe(120);
    expect(split.summary.testCount).toBe(40);
    expect(split.batch('test', [0, 39])).toEqual(data.batch('train', [120, 159]));
    expect(split.batch('train', [0, 119])).toEqual(data.batch('train', [0, 119]));
  });

  it('a Trainer on it never draws a held-out digit, over several epochs', async () => {
    await initWasmBackend();
    const split = holdOutValidation(quadrantData(200), 40);
    const drawn: number[] = [];
    const spy = {
      ...split,
      batch: (s: 'train' | 'test', i: ArrayLike<number>) => {
        if (s === 'train') drawn.push(...Array.from(i));
        return split.batch(s, i);
      },
    };
    const trainer = new Trainer(spy, { ...TWO_TINY_CNNS, batchSize: 16 });
    for (let i = 0; i < 30; i++) trainer.trainStep();
    await trainer.collectMetrics();
    trainer.dispose();
    expect(drawn).toHaveLength(480);
    expect(Math.max(...drawn)).toBe(119);
  });

  it('refuses a split that leaves nothing to train on', () => {
    expect(() => holdOutValidation(quadrantData(200), 160)).toThrow(/does not fit 160 training digits/);
    expect(() => holdOutValidation(quadrantData(200), 0)).toThrow(/validation split of 0/);
  });
});
