import { describe, expect, it } from 'vitest';
import { seedEffect } from './measures';
import type { Measure, ModelOutcome, RunSpec, SeedOutcome } from './types';

const run = { id: 'r', steps: 400, evalEvery: 100 } as RunSpec;
const other = { id: 'other', steps: 400, evalEvery: 100 } as RunSpec;
const runs = { r: run, other };

function model(accuracy: [number, number][], divergedAt: number | null = null): ModelOutcome {
  return { finalAccuracy: accuracy.at(-1)?.[1] ?? 0, divergedAt, accuracy, loss: [] };
}

const curveA: [number, number][] = [
  [100, 0.5],
  [200, 0.8],
  [300, 0.9],
  [400, 0.7],
];
const curveB: [number, number][] = [
  [100, 0.6],
  [200, 0.6],
  [300, 0.6],
  [400, 0.6],
];

describe('seedEffect', () => {
  it('meanLastAccuracy averages the last `last` evaluations, not the final one alone', () => {
    const m: Omit<Measure, 'id' | 'label'> = {
      run: 'r',
      metric: 'meanLastAccuracy',
      last: 3,
      a: 'a',
      b: 'b',
      sign: 1,
      unit: 'pp',
    };
    const seed: SeedOutcome = { seed: 1, runs: { r: { a: model(curveA), b: model(curveB) } } };
    // (0.8 + 0.9 + 0.7) / 3 − 0.6 = 0.2
    expect(seedEffect(m, seed, runs)).toBeCloseTo(20, 9);
    // Fewer evaluations than `last` (a run cut short): no number rather than a shorter mean.
    expect(seedEffect({ ...m, last: 5 }, seed, runs)).toBeNull();
    // A diverged model scores chance.
    const diverged: SeedOutcome = { seed: 1, runs: { r: { a: model(curveA, 50), b: model(curveB) } } };
    expect(seedEffect(m, diverged, runs)).toBeCloseTo(-50, 9);
  });

  it('takes b from runB when given (C3: a baseline trained in another run)', () => {
    const m: Omit<Measure, 'id' | 'label'> = {
      run: 'r',
      metric: 'finalAccuracy',
      a: 'sphere',
      b: 'baseline',
      runB: 'other',
      sign: 1,
      unit: 'pp',
    };
    const seed: SeedOutcome = {
      seed: 1,
      runs: {
        r: { sphere: model([[400, 0.9]]), baseline: model([[400, 0.1]]) },
        other: { baseline: model([[400, 0.85]]) },
      },
    };
    expect(seedEffect(m, seed, runs)).toBeCloseTo(5, 9);
    expect(seedEffect({ ...m, runB: undefined }, seed, runs)).toBeCloseTo(80, 9);
    // The other run was skipped on this seed (nothing to match): no number.
    expect(seedEffect(m, { seed: 1, runs: { r: seed.runs.r, other: {} } }, runs)).toBeNull();
  });

  it('reads the mechanism of a model, and none of a diverged one', () => {
    const m: Omit<Measure, 'id' | 'label'> = {
      run: 'r',
      metric: 'effectiveStep',
      a: 'sphere',
      sign: 0,
      unit: 'rate',
    };
    const mech = { learningRate: 1, deadReluShare: 0.5, kernelNorm: 10, effectiveStep: 0.01 };
    const ok: SeedOutcome = { seed: 1, runs: { r: { sphere: { ...model(curveA), mechanism: mech } } } };
    expect(seedEffect(m, ok, runs)).toBe(0.01);
    expect(seedEffect({ ...m, metric: 'deadReluShare' }, ok, runs)).toBe(0.5);
    const gone: SeedOutcome = { seed: 1, runs: { r: { sphere: { ...model(curveA, 10), mechanism: mech } } } };
    expect(seedEffect(m, gone, runs)).toBeNull();
  });
});
