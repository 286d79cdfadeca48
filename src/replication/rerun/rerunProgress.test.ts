import { describe, expect, it } from 'vitest';
import { findClaim } from '../claims';
import { checkResults } from '../results';
import results from '../results.json';
import type { ClaimResult } from '../types';
import {
  formatDuration,
  rerunFile,
  rerunFileName,
  seedPoints,
  seedsToRun,
  storedSeedsOf,
  timeLeftMs,
} from './rerunProgress';

const stored = checkResults(results).claims;

describe('rerun progress', () => {
  it('per-seed points are the effects the verdict is computed from (stored C6 and C3 seeds)', () => {
    for (const id of ['C6', 'C3']) {
      const claim = findClaim(id)!;
      const result = stored[id];
      const done = result.outcomes.map((outcome, index) => ({
        phase: 'claim' as const,
        seed: outcome.seed,
        index,
        count: result.outcomes.length,
        outcome,
        ms: 1,
      }));
      const points = seedPoints(claim, done, result.search?.chosen, result);
      for (const [i, m] of points.entries()) {
        expect(m.points.map((p) => p.effect)).toEqual(result.measures[i].effects);
        expect(m.stored).toEqual(result.measures[i].effects);
        expect(m.points.map((p) => p.seed)).toEqual(result.seeds);
      }
    }
  });

  it('search seeds draw no point of their own', () => {
    const claim = findClaim('C1')!;
    const outcome = stored.C1.search!.outcomes[0];
    const points = seedPoints(
      claim,
      [{ phase: 'search', seed: 1, index: 0, count: 1, outcome, ms: 1 }],
      stored.C1.search!.chosen,
    );
    expect(points.every((m) => m.points.length === 0)).toBe(true);
  });

  it('avoids every stored seed, and counts C1’s search seeds unless the stored search is reused', () => {
    const c1 = findClaim('C1')!;
    expect(storedSeedsOf(c1, stored.C1)).toEqual(expect.arrayContaining([...c1.seeds, ...c1.search!.seeds]));
    expect(seedsToRun(c1, 5)).toBe(5 + c1.search!.seeds.length);
    expect(seedsToRun(c1, 5, stored.C1.search)).toBe(5);
    expect(seedsToRun(findClaim('C6')!, 3)).toBe(3);
  });

  it('time left: the estimate until a seed finishes, then the measured seed times', () => {
    expect(timeLeftMs(1000, [], 5, 0)).toBe(5000);
    expect(timeLeftMs(1000, [], 5, 1500)).toBe(3500);
    expect(timeLeftMs(1000, [], 5, 9000)).toBe(0);
    // Two seeds measured at 2 s each: 3 left × 2 s, less the 0.5 s the third has run.
    expect(timeLeftMs(1000, [{ ms: 2000 }, { ms: 2000 }], 5, 4500)).toBe(5500);
    expect(timeLeftMs(1000, [{ ms: 2000 }], 1, 2000)).toBe(0);
  });

  it('durations read in s, min, h', () => {
    expect(formatDuration(4_400)).toBe('4.4 s');
    expect(formatDuration(400)).toBe('0.4 s');
    expect(formatDuration(20)).toBe('< 0.1 s');
    expect(formatDuration(9_960)).toBe('10 s');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(300_000)).toBe('5 min');
    expect(formatDuration(4_800_000)).toBe('1 h 20 min');
  });

  it('the download is results.json’s format and names claim and backend', () => {
    const result: ClaimResult = {
      ...stored.C6,
      finishedAt: '2026-12-05T06:01:02.345Z',
      provenance: {
        runner: 'browser',
        backend: 'wasm',
        seeds: stored.C6.seeds,
        storedSeeds: [],
        quick: false,
        reusedSearch: false,
        fewerSeedsThanClaim: false,
        userAgent: 'test',
      },
    };
    expect(checkResults(JSON.parse(JSON.stringify(rerunFile(result)))).claims.C6).toEqual(result);
    expect(rerunFileName(result)).toBe('spherelab-rerun-C6-wasm-2026-12-05T06-01-02Z.json');
  });
});
