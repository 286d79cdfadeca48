/**
 * Runs one claim over its seeds (and C1's grid search on the search seeds first) and returns its
 * ClaimResult: per-seed outcomes, measures with verdicts, the setting used, commit and wall time.
 */
import { holdOutValidation } from '../../engine/train/trainData';
import type { TrainData } from '../../engine/train/trainer';
import { claimConfig, claimHash, claimMeasures, measureResult, resolveRuns } from '../measures';
import type { Claim, ClaimResult, RunSpec, SearchResult, SeedOutcome, Setting } from '../types';
import { fourierRun } from './fourierRun';
import { trainRun } from './trainRun';

export type Log = (line: string) => void;

/** One seed finished (a search seed of C1's grid, or one of the claim's own seeds). */
export interface SeedDone {
  phase: 'search' | 'claim';
  seed: number;
  /** 0-based position in the phase's seeds, and how many there are. */
  index: number;
  count: number;
  outcome: SeedOutcome;
  ms: number;
}

/** What the browser's rerun adds to a run; the Node runner passes none of it. */
export interface RunHooks {
  /** Called as each seed finishes, with its outcome (the page draws per-seed points from it). */
  onSeed?: (done: SeedDone) => void;
  /** C1: take this stored search's choice instead of running the grid again. */
  reuseSearch?: SearchResult;
}

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

/**
 * A run with `matchStep` trains at the effective step its source model measured on this seed
 * (the runs before it in the claim); null when that model has no mechanism (it diverged).
 */
export function matchedRun(run: RunSpec, seed: SeedOutcome): RunSpec | null {
  if (!run.matchStep) return run;
  const { run: from, model } = run.matchStep;
  const step = seed.runs[from]?.[model]?.mechanism?.effectiveStep;
  if (step === undefined) {
    if (!seed.runs[from]) throw new Error(`Run ${run.id} matches ${from}, which has not run before it.`);
    return null;
  }
  return { ...run, setting: { ...run.setting, learningRate: step } };
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
  for (const declared of runs) {
    const t0 = performance.now();
    const run = matchedRun(declared, outcome);
    if (!run) {
      // The model whose step it copies diverged on this seed: no rate to match, so no number.
      outcome.runs[declared.id] = {};
      log(`  ${claim.id} ${declared.id} seed ${seed}: skipped (nothing to match)`);
      continue;
    }
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
    const rate = run.matchStep ? ` at lr ${run.setting.learningRate}` : '';
    log(
      `  ${claim.id} ${run.id} seed ${seed}${rate}: ${summary} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
  return outcome;
}

/** The seeds of one phase, in order, each reported to `onSeed` as it finishes. */
async function seedOutcomes(
  phase: SeedDone['phase'],
  runs: RunSpec[],
  claim: Claim,
  seeds: number[],
  data: TrainData,
  log: Log,
  hooks: RunHooks,
): Promise<SeedOutcome[]> {
  const outcomes: SeedOutcome[] = [];
  for (const [index, seed] of seeds.entries()) {
    const t0 = performance.now();
    const outcome = await seedOutcome(runs, claim, seed, data, log);
    outcomes.push(outcome);
    hooks.onSeed?.({ phase, seed, index, count: seeds.length, outcome, ms: performance.now() - t0 });
  }
  return outcomes;
}

async function runSearch(claim: Claim, data: TrainData, log: Log, hooks: RunHooks): Promise<SearchResult> {
  const search = claim.search!;
  const validation = holdOutValidation(data, search.validation);
  const outcomes = await seedOutcomes(
    'search',
    search.candidates,
    claim,
    search.seeds,
    validation,
    log,
    hooks,
  );
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
  hooks: RunHooks = {},
): Promise<ClaimResult> {
  const t0 = performance.now();
  const search = claim.search ? (hooks.reuseSearch ?? (await runSearch(claim, data, log, hooks))) : undefined;
  const runs = resolveRuns(claim, search?.chosen);
  const claimRuns = claim.search ? [runs[claim.search.as], ...claim.runs] : claim.runs;
  const outcomes = await seedOutcomes('claim', claimRuns, claim, seeds, data, log, hooks);
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
