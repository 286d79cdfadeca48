/**
 * The tour's live race: C3's large-learning-rate run (results.json's stored setting, the claim's
 * first seed and step count), trained in the browser's worker. Only the evaluation is smaller and
 * more frequent than the replication's (500 digits every 20 steps instead of 1,000 every 100), so
 * the CNN's collapse is on screen within seconds; the nets, optimizer, rate and batches are the same.
 */
import type { RunConfig } from '../engine/types';
import { type LabState, labRunConfig } from '../lab/runConfig';
import { findClaim } from '../replication/claims';
import { labPatch, runSetting, runSpec } from '../replication/links';
import type { ResultsFile } from '../replication/types';
import { defaultAppState } from '../url/schema';
import { CHANCE_ACCURACY } from './facts';

/** The C3 run the race replays: the largest rate, where the CNN collapsed on every seed. */
export const RACE_RUN = 'lr-1';
export const RACE_EVAL_EVERY = 20;
export const RACE_EVAL_SIZE = 500;

export interface Race {
  lab: LabState;
  config: RunConfig;
  steps: number;
  seed: number;
  /** How the replication evaluated this run, for the sentence that says what the race changed. */
  replicationEval: { every: number; size: number };
}

/** The race's Lab state and run config, or undefined when C3 declares no such run. */
export function raceRun(results: ResultsFile): Race | undefined {
  const claim = findClaim('C3');
  const result = results.claims.C3;
  const setting = claim && runSetting(claim, RACE_RUN, result);
  const spec = claim && runSpec(claim, RACE_RUN, result);
  if (!claim || !setting || !spec) return undefined;
  const seed = (result?.seeds ?? claim.seeds)[0];
  const lab: LabState = { ...defaultAppState().states.lab, ...labPatch(setting), preset: 'large-lr', seed };
  const config: RunConfig = {
    ...labRunConfig(lab),
    evalEvery: RACE_EVAL_EVERY,
    evalSize: RACE_EVAL_SIZE,
    maxSteps: spec.steps,
  };
  return {
    lab,
    config,
    steps: spec.steps,
    seed,
    replicationEval: { every: spec.evalEvery, size: spec.evalSize },
  };
}

/** What the page knows of one net in the race so far. */
export interface RaceSeries {
  accuracy: { step: number; value: number }[];
  /** The worker's reason when the net stopped by itself (a NaN or infinite loss). */
  stopped?: string;
}

export interface RaceNetState {
  step?: number;
  accuracy?: number;
  /** At chance (≤ CHANCE_ACCURACY) at the last evaluation, or stopped by a non-finite loss. */
  collapsed: boolean;
}

export function raceNetState(series: RaceSeries | undefined): RaceNetState {
  const last = series?.accuracy[series.accuracy.length - 1];
  const collapsed = series?.stopped !== undefined || (last !== undefined && last.value <= CHANCE_ACCURACY);
  return { step: last?.step, accuracy: last?.value, collapsed };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The sentence under the live chart: what this browser's run shows now, in its own numbers. */
export function raceSentence(sphere: RaceSeries | undefined, baseline: RaceSeries | undefined): string {
  const s = raceNetState(sphere);
  const b = raceNetState(baseline);
  if (s.accuracy === undefined || b.accuracy === undefined) {
    if (baseline?.stopped) return `In your browser: the CNN stopped — ${baseline.stopped}`;
    return `In your browser: training; the first test evaluation comes at step ${RACE_EVAL_EVERY}.`;
  }
  const cnn = baseline?.stopped
    ? `the CNN stopped (${baseline.stopped})`
    : `the CNN is at ${pct(b.accuracy)}${b.collapsed ? ' — chance for 10 digits: it has collapsed' : ''}`;
  const net = sphere?.stopped
    ? `the SphereNet stopped (${sphere.stopped})`
    : `the SphereNet at ${pct(s.accuracy)}${s.collapsed ? ', at chance too' : ''}`;
  return `In your browser, test accuracy at step ${Math.min(s.step ?? 0, b.step ?? 0)}: ${cnn}; ${net}.`;
}
