import { describe, expect, it } from 'vitest';
import { findClaim } from '../replication/claims';
import { runSpec } from '../replication/links';
import { emptyResults } from '../replication/results';
import { runConfig } from '../replication/run/trainRun';
import { SHIPPED } from '../replication/shipped';
import { RACE_EVAL_EVERY, RACE_EVAL_SIZE, RACE_RUN, raceNetState, raceRun, raceSentence } from './race';

const results = SHIPPED.results;

describe('the tour race is C3’s stored large-rate run', () => {
  it('trains the replication’s nets, rate, optimizer, batch and steps on its first seed', () => {
    const race = raceRun(results)!;
    const claim = findClaim('C3')!;
    const spec = runSpec(claim, RACE_RUN, results.claims.C3)!;
    const replication = runConfig(
      { ...spec, setting: results.claims.C3.settings[RACE_RUN] },
      results.claims.C3.seeds[0],
    );
    // Each model is seeded alike whatever its position, so the order does not matter.
    const byId = (models: typeof replication.models) =>
      models.map((m) => [m.id, m.spec]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    // The race is the pair; C3's CNN + BN arm is not in the Lab (its link says so).
    const pair = replication.models.filter((m) => m.id === 'baseline' || m.id === 'sphere');
    expect(byId(race.config.models)).toEqual(byId(pair));
    expect(race.config.learningRate).toBe(replication.learningRate);
    expect(race.config.learningRate).toBe(1);
    expect(race.config.optimizer).toBe(replication.optimizer);
    expect(race.config.batchSize).toBe(replication.batchSize);
    expect(race.config.seed).toBe(replication.seed);
    expect(race.config.maxSteps).toBe(spec.steps);
    // Only the evaluation differs: smaller and more often, so the collapse shows early.
    expect(race.config.evalEvery).toBe(RACE_EVAL_EVERY);
    expect(race.config.evalSize).toBe(RACE_EVAL_SIZE);
    expect(race.replicationEval).toEqual({ every: spec.evalEvery, size: spec.evalSize });
    expect(race.lab.preset).toBe('large-lr');
  });

  it('falls back to the claim’s declared setting before anything was measured', () => {
    const race = raceRun(emptyResults())!;
    expect(race.config.learningRate).toBe(1);
    expect(race.seed).toBe(findClaim('C3')!.seeds[0]);
  });
});

describe('the live race sentence', () => {
  const at = (value: number, step = 40) => ({ accuracy: [{ step, value }] });

  it('calls a net at chance collapsed, one above it not', () => {
    expect(raceNetState(at(0.099)).collapsed).toBe(true);
    expect(raceNetState(at(0.5)).collapsed).toBe(false);
    expect(raceNetState({ accuracy: [], stopped: 'Loss became NaN at step 3' }).collapsed).toBe(true);
    expect(raceNetState(undefined)).toEqual({ step: undefined, accuracy: undefined, collapsed: false });
  });

  it('states both live accuracies and names the collapse', () => {
    const s = raceSentence(at(0.852, 120), at(0.098, 120));
    expect(s).toContain('step 120');
    expect(s).toContain('the CNN is at 9.8%');
    expect(s).toContain('collapsed');
    expect(s).toContain('the SphereNet at 85.2%');
    expect(raceSentence(at(0.9), at(0.9))).not.toContain('collapsed');
  });

  it('before the first evaluation it says when it comes; a stopped CNN says why', () => {
    expect(raceSentence(undefined, undefined)).toContain(`step ${RACE_EVAL_EVERY}`);
    expect(raceSentence(undefined, { accuracy: [], stopped: 'Loss became NaN at step 7' })).toContain(
      'NaN at step 7',
    );
  });
});
