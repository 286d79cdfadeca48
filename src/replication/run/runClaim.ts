/**
 * Runs one claim over its seeds (and C1's grid search on the search seeds first) and returns its
 * ClaimResult: per-seed outcomes, measures with verdicts, the setting used, commit and wall time.
 */
import type { TrainData } from '../../engine/train/trainer';
import { claimConfig, claimHash, claimMeasures, measureResult, resolveRuns } from '../measures';
import type { Claim, ClaimResult, RunSpec, SearchResult, SeedOutcome, Setting } from '../types';
import { fourierRun } from './fourierRun';
import { trainRun } from './trainRun';

export type Log = (line: string) => void;

function shrinkRun(run: RunSpec): RunSpec {
  return {
    ...run,
    steps: 4,
    evalEvery: 2,
    evalSize: 50,
    featureCount: run.featureCount ? 50 : undefined,
  };
}

/** The smoke-test version of a claim: a few steps, one search seed, a few pairs. Checks the pipeline only. */
export function quickClaim(claim: Claim): Claim {
  return {
    ...claim,
    runs: claim.runs.map(shrinkRun),
    search: claim.search && {
      ...claim.search,
      seeds: claim.search.seeds.slice(0, 1),
      candidates: claim.search.candidates.map(shrinkRun),
    },
    fourier: claim.fourier && { mnistPairs: 2 },
  };
}

async function seedOutcome(
  runs: RunSpec[],
  claim: Claim,
  seed: number,
  data: TrainData,
  log: Log,
): Promise<SeedOutcome> {
  const outcome: SeedOutcome = { seed, runs: {} };
  if (claim.fourier) Object.assign(outcome, fourierRun(claim.fourier, seed, data));
  for (const run of runs) {
    const t0 = performance.now();
    outcome.runs[run.id] = await trainRun(run, seed, data);
    const summary = Object.entries(outcome.runs[run.id])
      .map(([id, o]) =>
        o.divergedAt !== null
          ? `${id} diverged@${o.divergedAt}`
          : `${id} ${(o.finalAccuracy * 100).toFixed(1)}%` +
            (o.stepsToAccuracy !== undefined
              ? ` acc@${o.stepsToAccuracy ?? '-'} loss@${o.stepsToLoss ?? '-'}`
              : ''),
      )
      .join(', ');
    log(
      `  ${claim.id} ${run.id} seed ${seed}: ${summary} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
  return outcome;
}

async function runSearch(claim: Claim, data: TrainData, log: Log): Promise<SearchResult> {
  const search = claim.search!;
  const outcomes: SeedOutcome[] = [];
  for (const seed of search.seeds)
    outcomes.push(await seedOutcome(search.candidates, claim, seed, data, log));
  const scores: Record<string, number> = {};
  for (const c of search.candidates) {
    const r = measureResult({ id: 'select', label: 'select', run: c.id, ...search.select }, outcomes, c);
    scores[c.id] = Number(r.mean.toFixed(3));
  }
  // The largest mean wins; ties go to the earlier (cheaper) candidate.
  let chosen = search.candidates[0].id;
  for (const c of search.candidates) if (scores[c.id] > scores[chosen]) chosen = c.id;
  log(`  ${claim.id} search scores ${JSON.stringify(scores)} → ${chosen}`);
  return { seeds: search.seeds, scores, chosen, outcomes };
}

export async function runClaim(
  claim: Claim,
  seeds: number[],
  data: TrainData,
  commit: string,
  log: Log,
): Promise<ClaimResult> {
  const t0 = performance.now();
  const search = claim.search ? await runSearch(claim, data, log) : undefined;
  const runs = resolveRuns(claim, search?.chosen);
  const claimRuns = claim.search ? [runs[claim.search.as], ...claim.runs] : claim.runs;
  const outcomes: SeedOutcome[] = [];
  for (const seed of seeds) outcomes.push(await seedOutcome(claimRuns, claim, seed, data, log));
  const settings: Record<string, Setting> = Object.fromEntries(claimRuns.map((r) => [r.id, r.setting]));
  return {
    id: claim.id,
    configHash: claimHash(claim),
    config: claimConfig(claim),
    seeds,
    outcomes,
    measures: claimMeasures(claim, outcomes, search?.chosen),
    search,
    settings,
    commit,
    wallSeconds: Math.round((performance.now() - t0) / 1000),
    finishedAt: new Date().toISOString(),
  };
}
