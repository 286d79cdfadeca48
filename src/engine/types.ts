/**
 * The engine's shared types: what a run trains (RunConfig, ModelEntry, NetSpec), which backend runs it
 * (BackendName, BackendSelection and what auto measured) and a step's kernel profile. A leaf: it
 * imports nothing of the engine, so the protocol, the trainer, the backends, the exporter and the UI
 * can all use these without importing each other.
 */
import type { MarginAnneal } from '../sphere/buildModel';
import type { BackendName } from '../tfjs/backendModules';

export type { BackendName };

export type OptimizerName = 'sgd' | 'adam';

export interface ModelEntry {
  /** Stable id used in metrics ("sphere", "baseline", "cosine", ...). */
  id: string;
  label: string;
  spec: ModelSpec;
}

export interface RunConfig {
  models: ModelEntry[];
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  /** Fixes weight init and batch order: same seed + config + backend → same curves. */
  seed: number;
  /** Evaluate test accuracy every this many steps (0 = never). */
  evalEvery: number;
  /** How many test images each evaluation uses (first N of the fixed test split). */
  evalSize: number;
  /** Stop by itself after this many steps (0 = no cap). */
  maxSteps: number;
  /**
   * Wait for each model's step to finish before the next model's starts, so images/s per model
   * is exact on GPU backends too (where dispatch returns before the work is done). Costs a
   * little pipelining; off by default.
   */
  exactTiming?: boolean;
  /**
   * 'cosine': the learning rate falls from learningRate to 2% of it along a half cosine over
   * maxSteps (needs maxSteps > 0). Absent or 'constant': learningRate throughout.
   */
  lrSchedule?: 'constant' | 'cosine';
  /** Shift each training image by a seeded random offset of up to this many pixels (0/absent: none). */
  shiftAugment?: number;
  /**
   * Also read back each step's data loss (the cross-entropy without the recipe's regularizers) as
   * ModelMetrics.dataLosses: the replication's loss targets compare it, not totals whose
   * regularizers differ between the nets. Off in the Lab, which plots the total.
   */
  recordDataLoss?: boolean;
}

/** A network of the Lab's family: a SphereNet or the baseline CNN of identical topology. */
export interface NetSpec {
  arch: 'sphere' | 'baseline';
  operator: 'linear' | 'cosine' | 'sigmoid' | 'learnable-sigmoid';
  k: number;
  norm: 'none' | 'bn';
  head: 'softmax' | 'wn-softmax' | 'ga-softmax';
  m: number;
  /** Channels per stage; 2×2 max-pool between stages. */
  widths: number[];
  /** 3×3 convs per stage. */
  depth: number;
  /** A 2-D feature layer before the classifier (Features view). */
  featureDim?: number;
  /** GA-Softmax margin annealing (buildModel.ts MarginAnneal); absent: full margin from step 0. */
  marginAnneal?: MarginAnneal;
}

/**
 * A recurrent classifier of the Lab's recurrent family: each image read as a sequence (row t of
 * the image is time step t), a cell over it, a dense softmax head on the last state. The sphere
 * twin replaces both of the cell's inner products by SphereFC (src/sphere/recurrent).
 */
export interface RecurrentSpec {
  arch: 'sphere' | 'baseline';
  cell: 'gru' | 'elman';
  operator: 'linear' | 'cosine' | 'sigmoid' | 'learnable-sigmoid';
  k: number;
  hiddenUnits: number;
}

export type ModelSpec =
  | { kind: 'tiny-cnn'; filters: number }
  | { kind: 'net'; net: NetSpec }
  | { kind: 'recurrent'; rnn: RecurrentSpec };

export type BackendChoice = 'auto' | BackendName;

export interface AdapterSummary {
  description: string;
  isFallbackAdapter: boolean;
}

export interface BackendSelection {
  backend: BackendName;
  /** One sentence for the UI: why this backend. */
  reason: string;
  /** What was tried and failed on the way (shown as notices). */
  notices: string[];
  adapter?: AdapterSummary;
  wasmThreads?: number;
  /** wasm only: whether SphereLab's own SIMD kernels (kernels/wasm/simd) run on its heap. */
  wasmSimdKernels?: boolean;
  /** auto only: what it timed on the run's own models, and what it picked. */
  measurement?: BackendMeasurement;
}

export interface StepProfile {
  /** Kernels one optimizer step ran (forward, backward and update). */
  kernels: number;
  /** The most frequent kernels, most first. */
  top: { name: string; count: number }[];
}

/** What timing one backend on the run's own models gave. */
export interface BackendTiming {
  backend: BackendName;
  /** Median wall time of one lockstep step (every model, losses read back), ms. */
  msPerStep?: number;
  /** Training images per second of the whole run: batch ÷ step time (every model sees each image). */
  imagesPerSecond?: number;
  /** Timed steps behind the figure (warm-up steps not counted). */
  steps: number;
  /** Why there is no figure: it could not start, its device was lost, a step threw. */
  failure?: string;
  /**
   * Ruled out by a cheaper probe (the models' forward passes alone took longer than
   * `probeSlower` × the best step): the figures are bounds (img/s at most, ms at least), never chosen.
   */
  atMost?: boolean;
}

export interface BackendMeasurement {
  /** The run's cost key (costKey) these timings belong to. */
  key: string;
  timings: BackendTiming[];
  chosen: BackendName;
  /** True when the timings came from the cache (this worker measured the same key before). */
  cached: boolean;
}
