import { describe, expect, it } from 'vitest';
import { findClaim } from '../claims';
import type { ModelOutcome, SeedOutcome } from '../types';
import { matchedRun } from './runClaim';
import { runConfig } from './trainRun';

const c3 = findClaim('C3')!;
const matched = c3.runs.find((r) => r.id === 'lr-1-matched')!;

function trained(effectiveStep?: number): ModelOutcome {
  return {
    finalAccuracy: 0.9,
    divergedAt: effectiveStep === undefined ? 120 : null,
    accuracy: [],
    loss: [],
    mechanism:
      effectiveStep === undefined
        ? undefined
        : { learningRate: 1, deadReluShare: 0, kernelNorm: 8, effectiveStep },
  };
}

describe('matchedRun (C3: a baseline at the SphereNet’s measured effective step)', () => {
  it('trains at the step the source model measured on the same seed, and changes nothing else', () => {
    const seed: SeedOutcome = { seed: 101, runs: { 'lr-1': { sphere: trained(0.0123) } } };
    const run = matchedRun(matched, seed)!;
    expect(run.setting.learningRate).toBe(0.0123);
    expect({ ...run, setting: { ...run.setting, learningRate: 1 } }).toEqual(matched);
  });

  it('has no rate when the source model diverged, and refuses a source that has not run', () => {
    expect(matchedRun(matched, { seed: 1, runs: { 'lr-1': { sphere: trained() } } })).toBeNull();
    expect(() => matchedRun(matched, { seed: 1, runs: {} })).toThrow(/has not run before it/);
  });

  it('leaves a run without matchStep as declared, and every matched run follows its source', () => {
    const plain = c3.runs.find((r) => r.id === 'lr-1')!;
    expect(matchedRun(plain, { seed: 1, runs: {} })).toBe(plain);
    const order = c3.runs.map((r) => r.id);
    for (const r of c3.runs.filter((x) => x.matchStep))
      expect(order.indexOf(r.matchStep!.run)).toBeLessThan(order.indexOf(r.id));
  });
});

describe('runConfig of a recurrent claim (C7)', () => {
  it('trains the recurrent pair the Lab trains, and the conv claims keep their nets', () => {
    const c7 = findClaim('C7')!;
    for (const run of c7.runs) {
      const models = runConfig(run, 101).models;
      expect(models.map((m) => m.spec)).toEqual(
        ['baseline', 'sphere'].map((arch) => ({
          kind: 'recurrent',
          rnn: { arch, cell: 'elman', operator: 'sigmoid', k: 0.3, hiddenUnits: 64 },
        })),
      );
      expect(runConfig(run, 101).optimizer).toBe(run.setting.optimizer);
    }
    expect(runConfig(matched, 1).models.every((m) => m.spec.kind === 'net')).toBe(true);
  });
});
