/**
 * What the page shows while a claim reruns, computed by the replication code itself: per-seed
 * effects by seedEffect (the numbers the verdict is computed from), a time left from measured
 * seed times, and the download in results.json's format. Plain data, so it is tested in Node.
 */
import { resolveRuns, seedEffect } from '../measures';
import type { SeedDone } from '../run/runClaim';
import type { Claim, ClaimResult, ResultsFile, SearchResult } from '../types';

/** The seeds results.json stores for a claim (and C1's search seeds): a rerun avoids them all. */
export function storedSeedsOf(claim: Claim, stored?: ClaimResult): number[] {
  return [
    ...new Set([
      ...claim.seeds,
      ...(claim.search?.seeds ?? []),
      ...(stored?.seeds ?? []),
      ...(stored?.search?.seeds ?? []),
    ]),
  ];
}

export interface MeasurePoints {
  id: string;
  label: string;
  unit: Claim['measures'][number]['unit'];
  /** The effects results.json stores for this measure, one per stored seed (null: no number). */
  stored: (number | null)[];
  /** The rerun's effects so far, in seed order. */
  points: { seed: number; effect: number | null }[];
}

/** Per measure, the effect of each claim seed finished so far (search seeds have no effect of their own). */
export function seedPoints(
  claim: Claim,
  done: readonly SeedDone[],
  chosen: string | undefined,
  stored?: ClaimResult,
): MeasurePoints[] {
  const runs = resolveRuns(claim, chosen);
  const seeds = done.filter((d) => d.phase === 'claim');
  return claim.measures.map((measure) => ({
    id: measure.id,
    label: measure.label,
    unit: measure.unit,
    stored: stored?.measures.find((m) => m.id === measure.id)?.effects ?? [],
    points: seeds.map((d) => ({ seed: d.seed, effect: seedEffect(measure, d.outcome, runs) })),
  }));
}

/** How many seeds a rerun trains: C1's grid search seeds first unless the stored search is reused. */
export function seedsToRun(claim: Claim, seeds: number, reuseSearch?: SearchResult): number {
  return seeds + (claim.search && !reuseSearch ? claim.search.seeds.length : 0);
}

/**
 * Milliseconds left. Before any seed finished: the measured estimate for all seeds minus the time
 * spent. After: the mean measured time of the finished seeds for each seed left, minus the time
 * since the last one finished (never below 0: a slow seed reads as "finishing").
 */
export function timeLeftMs(
  estimatedSeedMs: number,
  done: readonly Pick<SeedDone, 'ms'>[],
  total: number,
  elapsedMs: number,
): number {
  if (done.length === 0) return Math.max(0, estimatedSeedMs * total - elapsedMs);
  const spent = done.reduce((sum, d) => sum + d.ms, 0);
  const perSeed = spent / done.length;
  const sinceLast = Math.max(0, elapsedMs - spent);
  return Math.max(0, perSeed * (total - done.length) - sinceLast);
}

/** "0.4 s", "4.4 s", "45 s", "3 min", "1 h 20 min". */
export function formatDuration(ms: number): string {
  // Under 10 s a whole second is too coarse: a C6 seed (~0.4 s) read "0 s".
  if (ms < 50) return '< 0.1 s';
  if (ms < 9_950) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** The download: one claim in results.json's own format (npm run replicate writes the same shape). */
export function rerunFile(result: ClaimResult): ResultsFile {
  return { version: 1, claims: { [result.id]: result } };
}

/** The download's file name: claim, backend and the time it finished. */
export function rerunFileName(result: ClaimResult): string {
  const when = result.finishedAt.replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z');
  return `spherelab-rerun-${result.id}-${result.provenance?.backend ?? 'node'}-${when}.json`;
}
