/**
 * From stored per-seed outcomes to per-measure effects, statistics and verdicts. Pure: the script
 * uses it after a run, and the results test recomputes every stored verdict with it.
 */

import { hashJson } from '../engine/configHash';
import { RECIPE_FINGERPRINT } from '../sphere/recipe';
import { judgingOf, type MeasureJudging } from './judging';
import type { Claim, Measure, MeasureResult, MetricName, ModelOutcome, RunSpec, SeedOutcome } from './types';
import { ALPHA, effectStats, familyVerdicts, type VerdictStats } from './verdict';

/** Bumped when the runner's way of measuring changes (it is part of every config hash). */
export const RUNNER_VERSION = 1;
const CHANCE = 0.1;

/**
 * What a claim's numbers depend on: its runs, search, Fourier pairs and measures (not its seeds,
 * which results.json records, nor its wording or link, nor how judging.ts judges the numbers:
 * changing that needs npm run replicate:verdicts, not new runs), the model math, and the runner.
 */
export function claimConfig(claim: Claim): unknown {
  const measures = claim.measures.map(({ label: _label, ...m }) => m);
  return {
    id: claim.id,
    runs: claim.runs,
    search: claim.search,
    fourier: claim.fourier,
    measures,
    recipe: RECIPE_FINGERPRINT,
    runner: RUNNER_VERSION,
  };
}

export function claimHash(claim: Claim): string {
  return hashJson(claimConfig(claim));
}

/** The claim's runs by id; C1's `chosen` run is the search's winning candidate. */
export function resolveRuns(claim: Claim, chosen?: string): Record<string, RunSpec> {
  const runs: Record<string, RunSpec> = Object.fromEntries(claim.runs.map((r) => [r.id, r]));
  if (claim.search && chosen) {
    const winner = claim.search.candidates.find((c) => c.id === chosen);
    if (!winner)
      throw new Error(`Claim ${claim.id}: the search chose "${chosen}", which is not a candidate.`);
    runs[claim.search.as] = { ...winner, id: claim.search.as };
  }
  return runs;
}

/** Mean of the last `last` evaluations; null when the curve has fewer (a seed cut short). */
function meanOfLast(curve: [number, number][], last: number): number | null {
  if (!(last >= 1) || curve.length < last) return null;
  return curve.slice(-last).reduce((sum, [, acc]) => sum + acc, 0) / last;
}

function accuracyAtStep(curve: [number, number][] | undefined, at: number): number | null {
  const point = curve?.find(([s]) => s === at);
  return point ? point[1] : null;
}

/** One metric of one model in display units (pp are handled by the caller), or null. */
function metricValue(
  metric: MetricName,
  outcome: ModelOutcome | undefined,
  seed: SeedOutcome,
  run: RunSpec | undefined,
  at?: number,
  last?: number,
): number | null {
  if (metric === 'phaseShare') return seed.phaseShare ?? null;
  if (!outcome || !run) return null;
  const diverged = outcome.divergedAt !== null;
  // A model that never got there (or diverged) counts as one evaluation after the cap.
  const censored = run.steps + run.evalEvery;
  switch (metric) {
    case 'finalAccuracy':
      return diverged ? CHANCE : outcome.finalAccuracy;
    case 'meanLastAccuracy':
      return diverged ? CHANCE : meanOfLast(outcome.accuracy, last ?? 1);
    case 'accuracyAt':
      return diverged ? CHANCE : accuracyAtStep(outcome.accuracy, at ?? -1);
    case 'batchStatsAccuracyAt':
      return diverged ? CHANCE : accuracyAtStep(outcome.batchStatsAccuracy, at ?? -1);
    case 'stepsToAccuracy':
      return outcome.stepsToAccuracy ?? censored;
    case 'stepsToLoss':
      return outcome.stepsToLoss ?? censored;
    case 'angularSpread':
      return diverged ? null : (outcome.angularSpread ?? null);
    case 'angularMargin':
      return diverged ? null : (outcome.angularMargin ?? null);
    case 'deadReluShare':
    case 'kernelNorm':
    case 'effectiveStep':
      return diverged ? null : (outcome.mechanism?.[metric] ?? null);
  }
}

const UNIT_SCALE: Record<Measure['unit'], number> = {
  pp: 100,
  steps: 1,
  deg: 180 / Math.PI,
  share: 1,
  norm: 1,
  rate: 1,
};

/**
 * The signed effect of one seed, in the measure's unit (positive = the paper's way), or null.
 * `runs`: the claim's runs by id (resolveRuns), for a's run and b's (runB, else the same).
 */
export function seedEffect(
  measure: Omit<Measure, 'id' | 'label'>,
  seed: SeedOutcome,
  runs: Record<string, RunSpec>,
): number | null {
  const run = runs[measure.run];
  const a = metricValue(
    measure.metric,
    seed.runs[measure.run]?.[measure.a],
    seed,
    run,
    measure.at,
    measure.last,
  );
  if (a === null || !Number.isFinite(a)) return null;
  let value = a;
  if (measure.b !== undefined) {
    const runB = measure.runB ?? measure.run;
    const b = metricValue(
      measure.metricB ?? measure.metric,
      seed.runs[runB]?.[measure.b],
      seed,
      runs[runB],
      measure.at,
      measure.last,
    );
    if (b === null || !Number.isFinite(b)) return null;
    value = a - b;
  }
  const sign = measure.sign === 0 ? 1 : measure.sign;
  return (sign * value + (measure.offset ?? 0)) * UNIT_SCALE[measure.unit];
}

function effectsOf(measure: Measure, outcomes: SeedOutcome[], runs: Record<string, RunSpec>) {
  const effects = outcomes.map((o) => seedEffect(measure, o, runs));
  const valid = effects.filter((e): e is number => e !== null);
  // A seed without a number (e.g. a diverged feature net) cannot count for the paper.
  return { effects, valid, complete: valid.length === effects.length };
}

/** A diagnostic predicts no direction: its own t test's p stands, outside any Holm family. */
const DIAGNOSTIC = {
  pHolm: null,
  level: ALPHA,
  holmInterval: null,
  margin: null,
  mde: null,
  seedsNeeded: null,
} as const;

function result(
  measure: Measure,
  { effects, valid }: ReturnType<typeof effectsOf>,
  judged: VerdictStats,
): MeasureResult {
  const stats = effectStats(valid);
  if (measure.sign === 0)
    return { id: measure.id, effects, ...stats, ...judged, ...DIAGNOSTIC, verdict: 'diagnostic' };
  return { id: measure.id, effects, ...stats, ...judged };
}

/**
 * Measures judged as one Holm family (diagnostics are outside it: they get a 95% interval, no
 * verdict). `judging` gives each measure's test and margin (judging.ts).
 */
export function judgeMeasures(
  measures: Measure[],
  outcomes: SeedOutcome[],
  runs: Record<string, RunSpec>,
  judging: (measure: Measure) => MeasureJudging = () => ({}),
): MeasureResult[] {
  const data = measures.map((m) => effectsOf(m, outcomes, runs));
  const tested = measures.flatMap((m, i) => (m.sign === 0 ? [] : [i]));
  const family = familyVerdicts(
    tested.map((i) => ({ effects: data[i].valid, complete: data[i].complete, ...judging(measures[i]) })),
  );
  return measures.map((m, i) =>
    result(
      m,
      data[i],
      m.sign === 0 ? familyVerdicts([{ effects: data[i].valid }])[0] : family[tested.indexOf(i)],
    ),
  );
}

/** One measure judged alone by a t test (a family of one): C1's search scores its candidates with it. */
export function measureResult(measure: Measure, outcomes: SeedOutcome[], run?: RunSpec): MeasureResult {
  return judgeMeasures([measure], outcomes, run ? { [measure.run]: run } : {})[0];
}

/** A claim's measures, judged as its Holm family with the tests and margins of judging.ts. */
export function claimMeasures(claim: Claim, outcomes: SeedOutcome[], chosen?: string): MeasureResult[] {
  return judgeMeasures(claim.measures, outcomes, resolveRuns(claim, chosen), (m) =>
    judgingOf(claim.id, m.id),
  );
}
