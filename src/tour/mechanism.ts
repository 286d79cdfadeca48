/**
 * The "why" under the tour's race, from C3's mechanism measures in results.json: the CNN's dead
 * ReLUs and kernel growth, the SphereNet's effective step lr/‖w‖², the CNN retrained at that step
 * and the CNN + BN control. Every number is a stored one (mechanism.test.ts recomputes each from
 * the per-seed outcomes); a missing measure leaves the fact out rather than guessing.
 */
import type { ClaimResult, MeasureResult, ResultsFile } from '../replication/types';
import { CHANCE_ACCURACY } from './facts';

export interface MechanismFact {
  learningRate: number;
  seeds: number;
  /** Mean share of the CNN's conv filters whose ReLU output is 0 on every test digit. */
  deadShare: number;
  /** Mean RMS per-filter kernel norm ‖w‖ after training. */
  baselineNorm: number;
  sphereNorm: number;
  /** Mean of the SphereNet's lr/‖w‖²: how far a scale-invariant filter turns per step. */
  sphereStep: number;
  /** SphereNet minus the CNN, in pp: at the full rate and against a CNN trained at the SphereNet's step. */
  gap: MeasureResult;
  matched?: MeasureResult;
  /** The CNN + BN control: mean final accuracy and seeds at chance. */
  bn?: { mean: number; collapsed: number };
  sentences: string[];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
const pp = (m: MeasureResult) =>
  `${signed(m.mean)} pp${m.interval ? ` (95% CI ${signed(m.interval[0])} to ${signed(m.interval[1])})` : ''}`;

function bnControl(c: ClaimResult, runId: string): MechanismFact['bn'] {
  const finals = c.outcomes
    .map((o) => o.runs[runId]?.['bn-baseline'])
    .filter((m) => m !== undefined)
    .map((m) => (m.divergedAt === null ? m.finalAccuracy : 0.1));
  if (finals.length === 0) return undefined;
  return { mean: mean(finals), collapsed: finals.filter((a) => a <= CHANCE_ACCURACY).length };
}

/** C3's mechanism at one of its runs (`lr-1`, …), or undefined when results.json lacks its measures. */
export function mechanismFact(results: ResultsFile, runId: string): MechanismFact | undefined {
  const c = results.claims.C3;
  const find = (suffix: string) => c?.measures.find((m) => m.id === `${runId}${suffix}` && m.n > 0);
  const [gap, dead, normB, normS, step] = ['', '-dead', '-norm-baseline', '-norm-sphere', '-step-sphere'].map(
    find,
  );
  const learningRate = c?.settings[runId]?.learningRate;
  if (!c || !gap || !dead || !normB || !normS || !step || learningRate === undefined) return undefined;
  const matched = find('-matched');
  const bn = bnControl(c, runId);
  const n = c.seeds.length;
  const sentences = [
    `Why, measured after the replication’s ${n} runs at learning rate ${learningRate}: ` +
      `${pct(dead.mean)} of the CNN’s conv filters were dead (their ReLU gave 0 on every test digit, so ` +
      `no gradient reaches them), and its kernels had grown to ‖w‖ = ${normB.mean.toFixed(1)} per filter (RMS).`,
    `The SphereNet’s kernels grew too, to ${normS.mean.toFixed(1)}, but SphereConv divides by ‖w‖: a ` +
      `step then turns a filter by about lr/‖w‖² = ${step.mean.toFixed(2)}, not ${learningRate}. ` +
      'Its real step shrank by itself.',
  ];
  if (matched)
    sentences.push(
      `The SphereNet’s lead over a CNN trained at that smaller step: ${pp(matched)}; over the CNN at ` +
        `learning rate ${learningRate}: ${pp(gap)}.`,
    );
  if (bn)
    sentences.push(
      `A CNN with batch norm, whose convs ignore the kernel’s scale too, ended at ${pct(bn.mean)} ` +
        `(at chance on ${bn.collapsed} of ${n} seeds).`,
    );
  return {
    learningRate,
    seeds: n,
    deadShare: dead.mean,
    baselineNorm: normB.mean,
    sphereNorm: normS.mean,
    sphereStep: step.mean,
    gap,
    matched,
    bn,
    sentences,
  };
}
