/**
 * What the tour says about the replication, built from results.json only: every sentence that
 * states an effect carries the stored numbers, so the page cannot drift from the measurements
 * (facts.test.ts recomputes each number from the file). Missing claims say so, never guess.
 */
import { CLAIMS } from '../replication/claims';
import { formatMeasure, NOT_MEASURED } from '../replication/format';
import type { ClaimResult, MeasureResult, ResultsFile } from '../replication/types';
import { LR_SCHEDULE } from '../sphere/recipe';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** At or below this final accuracy a 10-class net is at chance: it has collapsed. */
export const CHANCE_ACCURACY = 0.11;

function claimTitle(id: string): string {
  return CLAIMS.find((c) => c.id === id)?.title ?? id;
}

function measureLabel(claimId: string, measureId: string): string {
  return CLAIMS.find((c) => c.id === claimId)?.measures.find((m) => m.id === measureId)?.label ?? measureId;
}

function measureUnit(claimId: string, measureId: string) {
  return CLAIMS.find((c) => c.id === claimId)?.measures.find((m) => m.id === measureId)?.unit ?? 'pp';
}

/** "+81.3 ± 1.9 pp (5 seeds, 5/5 the paper’s way): reproduced" for one stored measure. */
export function measureSentence(claimId: string, m: MeasureResult): string {
  const verdict = m.verdict === 'diagnostic' ? 'a diagnostic' : m.verdict;
  return `${formatMeasure(m, measureUnit(claimId, m.id))}: ${verdict}`;
}

export interface PhaseFact {
  seeds: number;
  pairsPerSeed: number;
  /** Mean share of swaps closer to the phase donor. */
  share: number;
  verdict: string;
  sentence: string;
}

/** C6: the share of swaps that look like the phase donor. */
export function phaseFact(results: ResultsFile): PhaseFact | undefined {
  const c = results.claims.C6;
  const m = c?.measures.find((x) => x.id === 'phase-share');
  const shares = c?.outcomes.map((o) => o.phaseShare).filter((s): s is number => typeof s === 'number');
  if (!c || !m || !shares?.length) return undefined;
  const share = mean(shares);
  const pairsPerSeed = c.outcomes[0].pairs ?? 0;
  return {
    seeds: shares.length,
    pairsPerSeed,
    share,
    verdict: m.verdict,
    sentence:
      `In the replication, ${pct(share)} of the swaps (both swaps of ${pairsPerSeed} image pairs per ` +
      `seed, MNIST test digits drawn anew for each seed, ${shares.length} seeds) were closer to the image that gave the phase than to ` +
      `the one that gave the magnitude: ${m.verdict}.`,
  };
}

export interface RateFact {
  learningRate: number;
  runId: string;
  /** Per seed, in the claim's seed order: final test accuracy of each net. */
  seeds: { seed: number; baseline: number; sphere: number }[];
  baselineMean: number;
  sphereMean: number;
  /** Seeds on which the CNN ended at chance (≤ CHANCE_ACCURACY) or diverged. */
  baselineCollapsed: number;
  sphereCollapsed: number;
  measure?: MeasureResult;
  sentence: string;
}

function collapsed(accuracy: number, divergedAt: number | null): boolean {
  return divergedAt !== null || accuracy <= CHANCE_ACCURACY;
}

function rateFact(c: ClaimResult, runId: string): RateFact | undefined {
  const setting = c.settings[runId];
  const rows = c.outcomes.map((o) => ({ seed: o.seed, run: o.runs[runId] }));
  if (!setting || rows.some((r) => !r.run?.baseline || !r.run?.sphere)) return undefined;
  const seeds = rows.map((r) => ({
    seed: r.seed,
    baseline: r.run.baseline.finalAccuracy,
    sphere: r.run.sphere.finalAccuracy,
  }));
  const baselineCollapsed = rows.filter((r) =>
    collapsed(r.run.baseline.finalAccuracy, r.run.baseline.divergedAt),
  ).length;
  const sphereCollapsed = rows.filter((r) =>
    collapsed(r.run.sphere.finalAccuracy, r.run.sphere.divergedAt),
  ).length;
  const baselineMean = mean(seeds.map((s) => s.baseline));
  const sphereMean = mean(seeds.map((s) => s.sphere));
  const measure = c.measures.find((m) => m.id === runId);
  const n = seeds.length;
  const collapse =
    baselineCollapsed === 0
      ? 'the CNN never collapsed'
      : `the CNN collapsed to chance on ${baselineCollapsed} of ${n} seeds`;
  const sphereCollapse =
    sphereCollapsed === 0 ? 'the SphereNet on none' : `the SphereNet on ${sphereCollapsed} of ${n}`;
  return {
    learningRate: setting.learningRate,
    runId,
    seeds,
    baselineMean,
    sphereMean,
    baselineCollapsed,
    sphereCollapsed,
    measure,
    sentence:
      `At learning rate ${setting.learningRate} the SphereNet ended at ${pct(sphereMean)} mean test ` +
      `accuracy over ${n} seeds and the CNN at ${pct(baselineMean)}; ${collapse}, ${sphereCollapse}` +
      (measure ? ` (${measureSentence('C3', measure)}).` : '.'),
  };
}

/** C3, one fact per learning rate, in the claim's order (0.1, 0.3, 1). */
export function largeRateFacts(results: ResultsFile): RateFact[] {
  const c = results.claims.C3;
  if (!c) return [];
  return Object.keys(c.settings)
    .map((runId) => rateFact(c, runId))
    .filter((f): f is RateFact => f !== undefined)
    .sort((a, b) => a.learningRate - b.learningRate);
}

/** The rate where the contrast is clearest: most CNN collapses, then the largest mean gap. */
export function headlineRate(facts: RateFact[]): RateFact | undefined {
  return [...facts].sort(
    (a, b) =>
      b.baselineCollapsed - a.baselineCollapsed ||
      b.sphereMean - b.baselineMean - (a.sphereMean - a.baselineMean),
  )[0];
}

export interface VerdictLine {
  claimId: string;
  claimTitle: string;
  measureId: string;
  label: string;
  verdict: MeasureResult['verdict'];
  sentence: string;
}

function linesOf(results: ResultsFile, keep: (m: MeasureResult) => boolean): VerdictLine[] {
  return Object.values(results.claims).flatMap((c) =>
    c.measures.filter(keep).map((m) => ({
      claimId: c.id,
      claimTitle: claimTitle(c.id),
      measureId: m.id,
      label: measureLabel(c.id, m.id),
      verdict: m.verdict,
      sentence: measureSentence(c.id, m),
    })),
  );
}

/** C4's measures of one head (its run id: 'softmax', 'ga-m4', …): compactness and margin. */
export function featureLines(results: ResultsFile, runId = 'softmax'): VerdictLine[] {
  return linesOf({ version: 1, claims: results.claims.C4 ? { C4: results.claims.C4 } : {} }, (m) =>
    m.id.startsWith(`${runId}-`),
  );
}

/** Every measure with a verdict: how many reproduced, and the ones that did not. */
export function verdictSummary(results: ResultsFile): {
  reproduced: VerdictLine[];
  notReproduced: VerdictLine[];
  sentence: string;
} {
  const all = linesOf(results, (m) => m.verdict !== 'diagnostic');
  const reproduced = all.filter((l) => l.verdict === 'reproduced');
  const notReproduced = all.filter((l) => l.verdict !== 'reproduced');
  const against = notReproduced.filter((l) => l.verdict === 'against the paper').length;
  const sentence =
    all.length === 0
      ? `The replication is ${NOT_MEASURED}.`
      : `Of ${all.length} measured effects, ${reproduced.length} reproduced, ` +
        `${notReproduced.length - against} are not shown at this scale and ${against} went against the paper.`;
  return { reproduced, notReproduced, sentence };
}

/** The scale the replication ran at, from the claims' own runs: the "why" of what does not show. */
export function replicationScale(): { minSteps: number; maxSteps: number; maxWidth: number } {
  const runs = CLAIMS.flatMap((c) => [...c.runs, ...(c.search?.candidates ?? [])]);
  const steps = runs.map((r) => r.steps);
  return {
    minSteps: Math.min(...steps),
    maxSteps: Math.max(...steps),
    // A recurrent run's conv width is unused (its cell has hidden units, not channels).
    maxWidth: Math.max(...runs.filter((r) => !r.setting.recurrent).map((r) => r.setting.width)),
  };
}

/** The "why" under what does not show: the replication's scale against the official recipe's. */
export function scaleSentence(): string {
  const s = replicationScale();
  return (
    `Why: every replication run trains ${s.minSteps}–${s.maxSteps} steps on 28×28 MNIST digits with nets at ` +
    `most ${s.maxWidth}/${2 * s.maxWidth} channels wide, so that each claim runs on several seeds on a CPU; the ` +
    `official SphereNet-9 recipe trains ${LR_SCHEDULE.iterations.toLocaleString('en')} iterations at full width ` +
    'on CIFAR-10. Effects that need that depth, width or training time can stay inside the seed-to-seed noise here.'
  );
}
