/**
 * The replication suite's data: claims (declarative, in claims.ts) and what a run stores
 * (results.json). Plain data only, so the UI, the README writer and the tests share it.
 */

import type { NetSpec, RecurrentSpec } from '../engine/types';
import type { Verdict, VerdictStats } from './verdict';

/** One training setting, in the Lab's own terms (so every claim can open in the Lab). */
export interface Setting {
  operator: NetSpec['operator'];
  k: number;
  norm: NetSpec['norm'];
  head: NetSpec['head'];
  m: number;
  /** Widths are [width, 2·width], as in the Lab. */
  width: number;
  /** 3×3 convs per stage (1: the Lab's default net; 3: as SphereNet-9). */
  depth: number;
  optimizer: 'adam' | 'sgd';
  learningRate: number;
  batchSize: number;
  /** A 2-D feature layer before the classifier (the Features view's nets). */
  featureDim?: number;
  /**
   * The Lab's recurrent family (issue 26): a cell over the image's rows instead of the conv net
   * (whose fields above then do not apply); operator and k are the Sphere cell's.
   */
  recurrent?: { cell: RecurrentSpec['cell']; hiddenUnits: number };
}

/** A model of a run: the setting's SphereNet or baseline, with optional changes. */
export interface RunModel {
  id: string;
  label: string;
  arch: NetSpec['arch'];
  overrides?: Partial<Pick<Setting, 'operator' | 'norm' | 'k'>>;
}

/** One lockstep training run (every model sees the same batches from the same seed). */
export interface RunSpec {
  id: string;
  setting: Setting;
  models: RunModel[];
  /** Training steps (a run also stops early once every model met every `stopWhen` target). */
  steps: number;
  /** Test accuracy every evalEvery steps (and at the end) on the first evalSize test digits. */
  evalEvery: number;
  evalSize: number;
  /** Also evaluate BN nets with batch statistics (BN's inference lag). */
  bnLag?: boolean;
  /**
   * Steps-to-target metrics: the test-accuracy target and the training-loss threshold. The loss
   * compared is the data term alone (`lossTerm: 'data'`: cross-entropy without the recipe's
   * regularizers, which differ between the nets: weight decay on baseline kernels, orthogonality
   * on SphereConv ones).
   */
  targets?: { accuracy: number; loss: number; lossWindow: number; lossTerm: 'data' };
  /** Stop once every model reached both targets. */
  stopWhenReached?: boolean;
  /** Feature-angle metrics on the first `featureCount` test digits (needs featureDim). */
  featureCount?: number;
  /** Measure every model's mechanism (dead ReLUs, kernel norms, effective step) after training. */
  mechanism?: boolean;
  /**
   * Per seed, the learning rate is replaced by the effective step lr/‖w‖² that this model of an
   * earlier run of the claim measured on the same seed (setting.learningRate is then a placeholder).
   */
  matchStep?: { run: string; model: string };
}

export type MetricName =
  | 'finalAccuracy'
  | 'meanLastAccuracy'
  | 'accuracyAt'
  | 'batchStatsAccuracyAt'
  | 'stepsToAccuracy'
  | 'stepsToLoss'
  | 'angularSpread'
  | 'angularMargin'
  | 'phaseShare'
  | 'deadReluShare'
  | 'kernelNorm'
  | 'effectiveStep';

/** A number computed per seed from a claim's runs; `sign` makes positive the paper's way. */
export interface Measure {
  id: string;
  label: string;
  run: string;
  metric: MetricName;
  /** The metric of b when it differs from a's (e.g. batch statistics vs moving averages). */
  metricB?: MetricName;
  /** Step of accuracyAt / batchStatsAccuracyAt. */
  at?: number;
  /** meanLastAccuracy: the mean test accuracy of this many last evaluations. */
  last?: number;
  /** effect = sign · (metric(a) − metric(b)); without b, sign · metric(a). */
  a: string;
  b?: string;
  /** The run b is taken from when it is not `run` (C3: a baseline trained at another rate). */
  runB?: string;
  /** +1 / −1: the paper predicts a positive / negative difference. 0: a diagnostic, no verdict. */
  sign: 1 | -1 | 0;
  /** Added to the effect before the verdict (e.g. −0.5 for "more than half"). */
  offset?: number;
  /** norm: a kernel norm ‖w‖; rate: a learning rate or effective step. */
  unit: 'pp' | 'steps' | 'deg' | 'share' | 'norm' | 'rate';
}

/** Claim C1's grid search: candidates run on search seeds; the winner is the claim's run. */
export interface SearchSpec {
  seeds: number[];
  candidates: RunSpec[];
  /** Picks the candidate with the largest mean of this measure over the search seeds. */
  select: Omit<Measure, 'id' | 'label' | 'run'>;
  /** The chosen candidate runs as this run id on the claim's seeds. */
  as: string;
  /**
   * The search trains on all but the last `validation` training digits and evaluates on those
   * (holdOutValidation), so selection never looks at the test digits the claim's measures use.
   */
  validation: number;
}

export interface FourierSpec {
  /** MNIST test-digit pairs per seed (padded to 32×32), drawn from the seed: no digit twice in a seed. */
  mnistPairs: number;
}

export type LinkSpec =
  /** Each measure's link opens its own run; `preset` marks the run that backs a Lab preset. */
  | { view: 'lab'; run: string; preset?: string }
  /** Each run opens as its operator, k, head and m (what the Features URL can express). */
  | { view: 'features' }
  | { view: 'fourier' };

export interface Claim {
  id: string;
  title: string;
  /** What the paper says, and where (PAPER.md cites the poster and the official repository). */
  paper: string;
  paperFigure: string;
  /** How SphereLab measures it, in words. */
  experiment: string;
  seeds: number[];
  runs: RunSpec[];
  search?: SearchSpec;
  fourier?: FourierSpec;
  measures: Measure[];
  link: LinkSpec;
  /** The Lab preset this claim backs (its blurb is written from the result). */
  preset?: string;
}

/** Per model of a run, one seed. Accuracies in [0, 1]; steps; angles in radians. */
export interface ModelOutcome {
  finalAccuracy: number;
  /** Step at which the loss became NaN/∞ (the seed counts as diverged), else null. */
  divergedAt: number | null;
  stepsToAccuracy?: number | null;
  stepsToLoss?: number | null;
  /** [step, accuracy] at every evaluation. */
  accuracy: [number, number][];
  batchStatsAccuracy?: [number, number][];
  /** [step, smoothed training loss], subsampled. */
  loss: [number, number][];
  /** The same for the loss's data term alone (runs with targets, which compare it). */
  dataLoss?: [number, number][];
  angularSpread?: number;
  angularMargin?: number;
  /** After training (runs with `mechanism`; absent for a diverged model). */
  mechanism?: Mechanism;
}

/** C3's mechanism of one trained model, pooled over all its conv filters (run/mechanism.ts). */
export interface Mechanism {
  /** The rate it trained at (a matched run: the effective step it was matched to). */
  learningRate: number;
  /** Filters whose ReLU output is 0 on every one of the first test digits, over all filters. */
  deadReluShare: number;
  /** RMS over filters of ‖w‖. */
  kernelNorm: number;
  /** learningRate / mean ‖w‖². */
  effectiveStep: number;
}

export interface SeedOutcome {
  seed: number;
  /** runId → modelId → outcome (Fourier claims: `phaseShare` only). */
  runs: Record<string, Record<string, ModelOutcome>>;
  phaseShare?: number;
  pairs?: number;
}

export interface MeasureResult {
  id: string;
  /** Per seed, in `seeds` order (null: the metric is undefined for that seed). */
  effects: (number | null)[];
  mean: number;
  sd: number;
  n: number;
  positive: number;
  negative: number;
  /** Intervals, p-values and the verdict (verdict.ts); a diagnostic carries its 95% interval and uncorrected p only. */
  test: VerdictStats['test'];
  interval: VerdictStats['interval'];
  p: VerdictStats['p'];
  pHolm: VerdictStats['pHolm'];
  level: VerdictStats['level'];
  holmInterval: VerdictStats['holmInterval'];
  margin: VerdictStats['margin'];
  mde: VerdictStats['mde'];
  seedsNeeded: VerdictStats['seedsNeeded'];
  verdict: Verdict | 'diagnostic';
}

export interface SearchResult {
  seeds: number[];
  /** candidate id → mean of the selection measure over the search seeds. */
  scores: Record<string, number>;
  chosen: string;
  outcomes: SeedOutcome[];
}

export interface ClaimResult {
  id: string;
  configHash: string;
  config: unknown;
  seeds: number[];
  outcomes: SeedOutcome[];
  measures: MeasureResult[];
  search?: SearchResult;
  /** The setting the claim's run used (C1: the search's winner). */
  settings: Record<string, Setting>;
  /** The commit whose runs produced `outcomes` ("+changes": from an uncommitted tree). */
  commit: string;
  /** Set when the measures were recomputed later from the stored outcomes (npm run
   * replicate:verdicts): the commit of the statistics code that did it. */
  verdictsCommit?: string;
  wallSeconds: number;
  /** CPU seconds of the Node process that ran it (npm run replicate): its work, however loaded the machine was. */
  cpuSeconds?: number;
  finishedAt: string;
  /** Absent for npm run replicate (Node, wasm); set by a rerun in the reader's browser. */
  provenance?: Provenance;
}

/** Where and how a rerun in the browser computed its outcomes. */
export interface Provenance {
  runner: 'browser';
  /** The tf.js backend the rerun trained on (webgpu, wasm, webgl, cpu). */
  backend: string;
  seeds: number[];
  /** The seeds results.json stores for this claim (the rerun's seeds are none of them). */
  storedSeeds: number[];
  /** A smoke run of a few steps per run (quickClaim): checks the pipeline, never a verdict. */
  quick: boolean;
  /** C1: the stored grid search's choice was reused instead of running the grid again. */
  reusedSearch: boolean;
  /** Fewer seeds than the claim's: the verdict is the rule's, on too few seeds to count. */
  fewerSeedsThanClaim: boolean;
  userAgent: string;
}

export interface ResultsFile {
  version: 1;
  claims: Record<string, ClaimResult>;
}
