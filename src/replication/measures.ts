/**
 * From stored per-seed outcomes to per-measure effects, statistics and verdicts. Pure: the script
 * uses it after a run, and the results test recomputes every stored verdict with it.
 */

import { hashJson } from '../engine/configHash';
import { RECIPE_FINGERPRINT } from '../sphere/recipe';
import type { Claim, Measure, MeasureResult, MetricName, ModelOutcome, RunSpec, SeedOutcome } from './types';
import { effectStats, verdict } from './verdict';

/** Bumped when the runner's way of measuring changes (it is part of every config hash). */
export const RUNNER_VERSION = 1;
const CHANCE = 0.1;

/**
 * What a claim's numbers depend on: its runs, search, Fourier pairs and measures (not its seeds,
 * which results.json records, nor its wording or link), the model math, and the runner.
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
): number | null {
  if (metric === 'phaseShare') return seed.phaseShare ?? null;
  if (!outcome || !run) return null;
  const diverged = outcome.divergedAt !== null;
  // A model that never got there (or diverged) counts as one evaluation after the cap.
  const censored = run.steps + run.evalEvery;
  switch (metric) {
    case 'finalAccuracy':
      return diverged ? CHANCE : outcome.finalAccuracy;
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
  }
}

const UNIT_SCALE: Record<Measure['unit'], number> = { pp: 100, steps: 1, deg: 180 / Math.PI, share: 1 };

/** The signed effect of one seed, in the measure's unit (positive = the paper's way), or null. */
export function seedEffect(
  measure: Omit<Measure, 'id' | 'label'>,
  seed: SeedOutcome,
  run?: RunSpec,
): number | null {
  const runOutcome = seed.runs[measure.run] ?? {};
  const a = metricValue(measure.metric, runOutcome[measure.a], seed, run, measure.at);
  if (a === null || !Number.isFinite(a)) return null;
  let value = a;
  if (measure.b !== undefined) {
    const b = metricValue(measure.metricB ?? measure.metric, runOutcome[measure.b], seed, run, measure.at);
    if (b === null || !Number.isFinite(b)) return null;
    value = a - b;
  }
  const sign = measure.sign === 0 ? 1 : measure.sign;
  return (sign * value + (measure.offset ?? 0)) * UNIT_SCALE[measure.unit];
}

export function measureResult(measure: Measure, outcomes: SeedOutcome[], run?: RunSpec): MeasureResult {
  const effects = outcomes.map((o) => seedEffect(measure, o, run));
  const valid = effects.filter((e): e is number => e !== null);
  const stats = effectStats(valid);
  // A seed without a number (e.g. a diverged feature net) cannot count for the paper.
  const complete = valid.length === effects.length;
  return {
    id: measure.id,
    effects,
    ...stats,
    verdict: measure.sign === 0 ? 'diagnostic' : complete ? verdict(valid) : verdict([]),
  };
}

export function claimMeasures(claim: Claim, outcomes: SeedOutcome[], chosen?: string): MeasureResult[] {
  const runs = resolveRuns(claim, chosen);
  return claim.measures.map((m) => measureResult(m, outcomes, runs[m.run]));
}
