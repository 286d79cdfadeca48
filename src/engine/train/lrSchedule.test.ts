import { describe, expect, it } from 'vitest';
import { annealLambda } from '../../sphere/buildModel';
import type { RunConfig } from '../types';
import { COSINE_LR_FLOOR, scheduledLearningRate } from './lrSchedule';

const config = (over: Partial<RunConfig>): RunConfig => ({
  models: [],
  batchSize: 8,
  learningRate: 0.01,
  optimizer: 'adam',
  seed: 1,
  evalEvery: 0,
  evalSize: 0,
  maxSteps: 100,
  ...over,
});

describe('scheduledLearningRate', () => {
  it('cosine: base at step 0, half-way at the middle, the floor at the end and after', () => {
    const c = config({ lrSchedule: 'cosine' });
    expect(scheduledLearningRate(c, 0)).toBeCloseTo(0.01, 12);
    expect(scheduledLearningRate(c, 50)).toBeCloseTo(
      0.01 * (COSINE_LR_FLOOR + (1 - COSINE_LR_FLOOR) / 2),
      12,
    );
    expect(scheduledLearningRate(c, 100)).toBeCloseTo(0.01 * COSINE_LR_FLOOR, 12);
    expect(scheduledLearningRate(c, 500)).toBeCloseTo(0.01 * COSINE_LR_FLOOR, 12);
    for (let s = 1; s <= 100; s++)
      expect(scheduledLearningRate(c, s)).toBeLessThan(scheduledLearningRate(c, s - 1));
  });

  it('constant, absent, or without a step cap: the base rate', () => {
    expect(scheduledLearningRate(config({}), 70)).toBe(0.01);
    expect(scheduledLearningRate(config({ lrSchedule: 'constant' }), 70)).toBe(0.01);
    expect(scheduledLearningRate(config({ lrSchedule: 'cosine', maxSteps: 0 }), 70)).toBe(0.01);
  });
});

describe('annealLambda', () => {
  it('falls linearly from λ to 0 at `steps`, then stays 0; absent means no annealing', () => {
    const a = { lambda: 10, steps: 40 };
    expect(annealLambda(a, 0)).toBe(10);
    expect(annealLambda(a, 10)).toBe(7.5);
    expect(annealLambda(a, 40)).toBe(0);
    expect(annealLambda(a, 1000)).toBe(0);
    expect(annealLambda(undefined, 0)).toBe(0);
    expect(annealLambda(a, Number.POSITIVE_INFINITY)).toBe(0);
  });
});
