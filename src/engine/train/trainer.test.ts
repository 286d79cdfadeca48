import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tfjs';
import { initWasmBackend } from '../backends/testBackend';
import { FusedAdam } from '../kernels/webgpu/adam';
import type { RunConfig } from '../types';
import { disposeOptimizer } from './optimizers';
import { readWeights } from './readWeights';
import { quadrantData, TWO_TINY_CNNS } from './testData';
import { Trainer } from './trainer';

const baseConfig: RunConfig = TWO_TINY_CNNS;

async function lossCurve(config: RunConfig, steps: number): Promise<Record<string, number[]>> {
  const trainer = new Trainer(quadrantData(400), config);
  for (let i = 0; i < steps; i++) trainer.trainStep();
  const metrics = await trainer.collectMetrics();
  trainer.dispose();
  return Object.fromEntries(metrics.map((m) => [m.id, m.losses]));
}

describe('Trainer', () => {
  beforeAll(initWasmBackend);

  it('trains models in lockstep and the loss falls', async () => {
    const curves = await lossCurve(baseConfig, 60);
    for (const id of ['a', 'b']) {
      const c = curves[id];
      expect(c).toHaveLength(60);
      const head = c.slice(0, 5).reduce((a, b) => a + b) / 5;
      const tail = c.slice(-5).reduce((a, b) => a + b) / 5;
      expect(tail).toBeLessThan(head * 0.6);
    }
  });

  it('is deterministic: same seed and config give the same curve; another seed differs', async () => {
    const one = await lossCurve(baseConfig, 25);
    const two = await lossCurve(baseConfig, 25);
    const other = await lossCurve({ ...baseConfig, seed: 8 }, 25);
    expect(two.a).toEqual(one.a);
    expect(two.b).toEqual(one.b);
    expect(other.a).not.toEqual(one.a);
  });

  it('stops only the model whose loss is NaN, with a message naming the learning rate', async () => {
    const trainer = new Trainer(quadrantData(200), { ...baseConfig, learningRate: 1e20 });
    for (let i = 0; i < 30 && trainer.activeCount > 0; i++) {
      trainer.trainStep();
      await trainer.collectMetrics();
    }
    const metrics = await trainer.collectMetrics();
    trainer.dispose();
    const stopped = metrics.filter((m) => m.stopped);
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped[0].stopped).toMatch(/learning rate/);
  });

  it('keeps the other model training when one diverges', async () => {
    const trainer = new Trainer(quadrantData(200), baseConfig);
    // Poison model a's weights: its loss turns NaN, model b's does not.
    const varsA = trainer.models()[0].model.layersModel!().trainableWeights;
    varsA[0].write(tf.fill(varsA[0].shape as number[], Number.NaN));
    trainer.trainStep();
    trainer.trainStep();
    const m = await trainer.collectMetrics();
    expect(m[0].stopped).toMatch(/NaN at step 1/);
    expect(m[1].stopped).toBeUndefined();
    trainer.trainStep();
    const after = await trainer.collectMetrics();
    expect(after[0].losses).toHaveLength(0);
    expect(after[1].losses).toHaveLength(1);
    trainer.dispose();
  });

  it('does not leak tensors over 500 steps with metrics and evaluation', async () => {
    const trainer = new Trainer(quadrantData(400), { ...baseConfig, evalEvery: 100 });
    trainer.trainStep();
    await trainer.collectMetrics();
    await trainer.evaluate();
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 500; i++) {
      trainer.trainStep();
      if (i % 25 === 0) await trainer.collectMetrics();
      if (i % 100 === 0) await trainer.evaluate();
    }
    await trainer.collectMetrics();
    expect(tf.memory().numTensors).toBe(before);
    const metrics = await trainer.collectMetrics();
    expect(metrics[0].accuracy?.value).toBeGreaterThan(0.9);
    trainer.dispose();
  });

  it.each(['gru', 'elman'] as const)(
    'recurrent %s pair: numTensors stays flat over 40 steps with metrics, evaluation and a weight round trip',
    async (cell) => {
      const rnn = { cell, operator: 'learnable-sigmoid' as const, k: 0.3, hiddenUnits: 8 };
      const config: RunConfig = {
        ...baseConfig,
        optimizer: 'adam',
        learningRate: 0.01,
        models: [
          { id: 'sphere', label: 'S', spec: { kind: 'recurrent', rnn: { ...rnn, arch: 'sphere' } } },
          { id: 'baseline', label: 'P', spec: { kind: 'recurrent', rnn: { ...rnn, arch: 'baseline' } } },
        ],
      };
      const trainer = new Trainer(quadrantData(200), config);
      trainer.trainStep();
      await trainer.collectMetrics();
      await trainer.evaluate();
      const weights = await readWeights(trainer.models());
      const before = tf.memory().numTensors;
      for (let i = 1; i <= 40; i++) {
        trainer.trainStep();
        if (i % 10 === 0) await trainer.collectMetrics();
        if (i % 20 === 0) await trainer.evaluate();
      }
      for (const [id, w] of Object.entries(weights)) trainer.setWeights(id, w.shapes, w.values);
      const metrics = await trainer.collectMetrics();
      expect(tf.memory().numTensors).toBe(before);
      expect(metrics.map((m) => m.kValues?.length)).toEqual([2, undefined]);
      // setWeights wrote step 1's weights back over 40 steps of training.
      const again = await readWeights(trainer.models());
      expect(Array.from(again.sphere.values[0])).toEqual(Array.from(weights.sphere.values[0]));
      trainer.dispose();
    },
  );

  it.each(['sgd', 'adam'] as const)('applies a learning-rate change live (%s)', async (optimizer) => {
    const trainer = new Trainer(quadrantData(200), { ...baseConfig, optimizer });
    trainer.setLearningRate(0);
    const before = await trainer.models()[0].model.layersModel!().trainableWeights[0].read().data();
    trainer.trainStep();
    const after = await trainer.models()[0].model.layersModel!().trainableWeights[0].read().data();
    expect(Array.from(after)).toEqual(Array.from(before));
    trainer.dispose();
  });
});

describe('Trainer: learning-rate schedule and shift augmentation', () => {
  beforeAll(initWasmBackend);

  it('cosine: the first step uses the base rate, later steps a smaller one; the run stays deterministic', async () => {
    const steps = 6;
    const constant = await lossCurve({ ...baseConfig, maxSteps: steps }, steps);
    const cosine = { ...baseConfig, maxSteps: steps, lrSchedule: 'cosine' as const };
    const a = await lossCurve(cosine, steps);
    const b = await lossCurve(cosine, steps);
    expect(a).toEqual(b);
    // Step 1's loss is computed before any update; step 2's after one update at the same (base)
    // rate; from step 3 on the cosine run has taken smaller steps.
    expect(a.a.slice(0, 2)).toEqual(constant.a.slice(0, 2));
    expect(a.a[steps - 1]).not.toBe(constant.a[steps - 1]);
  });

  it('shifted batches change the curve, the same seed repeats it, shift 0 changes nothing', async () => {
    const plain = await lossCurve(baseConfig, 4);
    const shifted = await lossCurve({ ...baseConfig, shiftAugment: 2 }, 4);
    expect(await lossCurve({ ...baseConfig, shiftAugment: 2 }, 4)).toEqual(shifted);
    expect(shifted.a).not.toEqual(plain.a);
    expect(await lossCurve({ ...baseConfig, shiftAugment: 0 }, 4)).toEqual(plain);
  });
});

describe('Trainer: Reset, configure and preset changes', () => {
  beforeAll(initWasmBackend);

  it.each(['sgd', 'adam'] as const)('%s: no tensor grows over 20 cycles', async (optimizer) => {
    const data = quadrantData(200);
    // Alternating run shapes, as presets and architecture changes do; the rate changes live.
    const configs: RunConfig[] = [
      { ...baseConfig, optimizer },
      { ...baseConfig, optimizer, models: [{ id: 'c', label: 'C', spec: { kind: 'tiny-cnn', filters: 3 } }] },
    ];
    const cycle = async (i: number) => {
      const trainer = new Trainer(data, configs[i % 2]);
      for (let s = 0; s < 3; s++) trainer.trainStep();
      trainer.setLearningRate(0.01 * (1 + (i % 3)));
      trainer.trainStep();
      await trainer.collectMetrics();
      trainer.dispose();
    };
    await cycle(0);
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 20; i++) await cycle(i);
    expect(tf.memory().numTensors).toBe(before);
  });

  // On webgpu the Lab's Adam is FusedAdam (its moments packed per variable); off the fused kernels
  // it runs the same update with plain ops, which is what runs here.
  it("FusedAdam (webgpu's Adam): no tensor grows over 20 optimizers", async () => {
    const v = tf.variable(tf.randomNormal([4, 6], 0, 1, 'float32', 3));
    const cycle = () => {
      const opt = new FusedAdam(0.01);
      for (let s = 0; s < 3; s++) opt.minimize(() => tf.sum(tf.square(v)));
      disposeOptimizer(opt);
    };
    cycle();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) cycle();
    expect(tf.memory().numTensors).toBe(before);
    v.dispose();
  });
});
