import { describe, expect, it } from 'vitest';
import { parseUrl } from '../url/schema';
import { CLAIMS, findClaim } from './claims';
import { claimLink, formatMeasure, labPatch, measureLines, NOT_MEASURED, presetBlurb } from './format';
import { claimMeasures } from './measures';
import { emptyResults, parseResults, parseSeedList, ResultsError, withClaim } from './results';
import type { ClaimResult, SeedOutcome } from './types';

/** A model that evaluated at `accuracy` every time (C2 scores the mean of its last evaluations). */
const flat = (accuracy: number) => ({
  finalAccuracy: accuracy,
  divergedAt: null,
  accuracy: [4500, 5000, 5500, 6000].map((step): [number, number] => [step, accuracy]),
  loss: [],
});

const outcome = (seed: number, spherenorm: number): SeedOutcome => ({
  seed,
  runs: { b4: { 'bn-baseline': flat(0.9), spherenorm: flat(spherenorm), 'spherenorm-bn': flat(0.9) } },
});

function c2Result(accuracies: number[]): ClaimResult {
  const claim = findClaim('C2')!;
  const outcomes = accuracies.map((a, i) => outcome(101 + i, a));
  return {
    id: 'C2',
    configHash: 'x',
    config: {},
    seeds: outcomes.map((o) => o.seed),
    outcomes,
    measures: claimMeasures(claim, outcomes),
    settings: { b4: claim.runs[0].setting },
    commit: 'test',
    wallSeconds: 1,
    finishedAt: '',
  };
}

describe('formatting results', () => {
  it('shows the mean, its 95% t interval, p and Holm p, the seeds, and for an inconclusive one the MDE', () => {
    const m = c2Result([0.92, 0.93, 0.91, 0.92, 0.89]).measures[0];
    expect(formatMeasure(m, 'pp')).toBe(
      '+1.4 pp, 95% CI -0.5 to +3.3, p = 0.11, Holm p = 0.22 (5 seeds, 4/5 the paper’s way); smallest detectable effect 3.0 pp',
    );
    // mean 1.4 > 2 · 1.5 / √5 ≈ 1.34 on 4 of 5 seeds was "reproduced" under the old 2-standard-error
    // rule; on 4 degrees of freedom that is p = 0.11 (0.22 after Holm over C2's two measures).
    expect(m.verdict).toBe('inconclusive');
  });

  it('an effect inside its margin reads "no effect larger than ±X" with the margin of judging.ts', () => {
    const r = c2Result([0.9, 0.901, 0.899, 0.9, 0.9005]);
    const line = measureLines(findClaim('C2')!, r)[0];
    expect(line.verdict).toBe('no effect larger than the margin');
    expect(line.badge).toBe('no effect larger than ±1 pp');
    // No detectable-effect clause: the interval itself says how large an effect could be.
    expect(line.numbers).toBe(
      '0.0 pp, 95% CI -0.1 to +0.1, p = 0.78, Holm p = 1.0 (5 seeds, 2/5 the paper’s way)',
    );
  });

  it('a diverged run counts as chance accuracy, and a verdict against the paper is kept', () => {
    const r = c2Result([0.5, 0.6, 0.55, 0.5, 0.6]);
    r.outcomes[0].runs.b4.spherenorm.divergedAt = 10;
    const m = claimMeasures(findClaim('C2')!, r.outcomes)[0];
    expect(m.effects[0]).toBeCloseTo(-80);
    expect(m.verdict).toBe('against the paper');
  });

  it('a claim without results says "not measured yet", in the table and in its preset blurb', () => {
    for (const line of measureLines(findClaim('C5')!)) expect(line.numbers).toBe(NOT_MEASURED);
    expect(presetBlurb('shootout', 'All four.', emptyResults())).toBe(`All four. Claim C5: ${NOT_MEASURED}.`);
    expect(presetBlurb('learnable-k', 'k moves.', emptyResults())).toBe('k moves.');
  });

  it('a preset whose effect holds on fewer than 4 of 5 seeds says so', () => {
    const results = withClaim(emptyResults(), c2Result([0.92, 0.93, 0.85, 0.85, 0.92]));
    expect(presetBlurb('spherenorm-b4', 'BN vs SphereNorm.', results)).toMatch(/only 3 of 5 seeds/);
    const strong = withClaim(emptyResults(), c2Result([0.92, 0.93, 0.94, 0.95, 0.92]));
    expect(presetBlurb('spherenorm-b4', 'BN vs SphereNorm.', strong)).toMatch(/reproduced — \+3\.2/);
  });

  it('every claim’s link opens its exact setting (parsed back without a notice)', () => {
    for (const claim of CLAIMS) {
      const parsed = parseUrl(claimLink(claim));
      expect(parsed.ignored, claim.id).toEqual([]);
      expect(parsed.state.view).toBe(claim.link.view);
      const link = claim.link;
      if (link.view === 'lab') {
        const setting =
          claim.search?.candidates[0].setting ?? claim.runs.find((r) => r.id === link.run)!.setting;
        expect(parsed.state.states.lab).toMatchObject({ ...labPatch(setting), seed: claim.seeds[0] });
      }
    }
    const c1 = findClaim('C1')!;
    // The stored setting, whatever it is, not the first candidate's: a deeper net than any cell's.
    const chosen = { ...c1.search!.candidates.find((c) => c.id === 'sgd-none-d1')!.setting, depth: 3 };
    const link = claimLink(c1, { ...c2Result([0.9]), id: 'C1', settings: { chosen } });
    expect(parseUrl(link).state.states.lab).toMatchObject({ depth: 3, optimizer: 'sgd', learningRate: 0.01 });
  });
});

describe('bad input', () => {
  it('a seed list that does not parse is an error', () => {
    expect(parseSeedList('101, 102,103')).toEqual([101, 102, 103]);
    for (const bad of ['', '1,,2', 'a', '1.5', '-3', '1,1'])
      expect(() => parseSeedList(bad), bad).toThrow(ResultsError);
  });

  it('corrupt results files are errors that say what is wrong', () => {
    expect(() => parseResults('{', 'r.json')).toThrow(/r.json is not valid JSON/);
    expect(() => parseResults('[]')).toThrow(/not a SphereLab results file/);
    const bad = withClaim(emptyResults(), c2Result([0.9, 0.9]));
    bad.claims.C2.seeds = [1];
    expect(() => parseResults(JSON.stringify(bad))).toThrow(/claim C2 is corrupt/);
    // Measures stored before the t/Holm statistics: named, with the command that recomputes them.
    const old = withClaim(emptyResults(), c2Result([0.9, 0.9]));
    const { interval: _i, pHolm: _p, mde: _m, ...stale } = old.claims.C2.measures[0];
    old.claims.C2.measures[0] = { ...stale, verdict: 'not shown at this scale' } as never;
    expect(() => parseResults(JSON.stringify(old), 'r.json')).toThrow(
      /r.json: claim C2 is corrupt \(measure spherenorm-vs-bn has the verdict "not shown at this scale".*replicate:verdicts/,
    );
    old.claims.C2.measures[0] = { ...stale, verdict: 'inconclusive' } as never;
    expect(() => parseResults(JSON.stringify(old))).toThrow(/no interval, p-values or MDE/);
    expect(parseResults(JSON.stringify(old), 'r.json', { statistics: false }).claims.C2.id).toBe('C2');
  });
});
