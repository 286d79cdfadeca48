/**
 * The typed message protocol between the page and the training worker. Both sides import these
 * unions; one switch on `type` handles each direction. The types a message carries live in ./types.
 */
import type { ModelInspection } from '../inside/types';
import type { BackendChoice, BackendSelection, RunConfig, StepProfile } from './types';

/** Per model (by id): its weights in getWeights() order, with their shapes. */
export type WeightSet = Record<string, { shapes: number[][]; values: Float32Array[] }>;

export type PageToWorker =
  /** `fallbackReason`: why the page picked this backend itself (another one failed), shown as the reason. */
  | {
      type: 'init';
      backend: BackendChoice;
      fallbackReason?: string;
      /** A Web Lock to hold for the worker's whole life: the page sees it released when the worker dies. */
      lifeLock?: string;
      /** false: never split a run's models onto a peer worker (./peer/README.md); default allowed. */
      peer?: boolean;
    }
  /** Answered at once, outside the queue, with a 'pong': the worker is alive (./workerLiveness.ts). */
  | { type: 'ping' }
  /**
   * `timeBackendOnTrain`: with the auto backend, build the run at once on the provisional backend
   * and time the backends only when it first trains (a view that looks before it trains).
   */
  | { type: 'configure'; config: RunConfig; timeBackendOnTrain?: boolean }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'step'; count: number }
  | { type: 'reset' }
  | { type: 'setLearningRate'; learningRate: number }
  | { type: 'loadFiles'; files: { name: string; bytes: Uint8Array }[] }
  | { type: 'useShippedMnist' }
  | { type: 'predict'; requestId: number; source: 'test'; indices: number[] }
  | { type: 'predictPixels'; requestId: number; pixels: Float32Array }
  | { type: 'exportModels'; requestId: number }
  /** 2-D features of the first `count` test images (models built with featureDim = 2). */
  | { type: 'features'; requestId: number; count: number }
  /** Kernels per training step per model on the running backend (benchmarks; the run is untouched). */
  | { type: 'profileStep'; requestId: number }
  /** Replaces the weights of the configured models (by id), e.g. a shipped run's final weights. */
  | { type: 'setWeights'; weights: WeightSet }
  /** Goes on from a snapshot of this run (after a lost device or a crashed worker): weights and step. */
  | { type: 'restore'; step: number; wallMs: number; weights: WeightSet }
  /** Inside the nets: every model of the run on one input, with batch statistics (engine/train/inspectRun). */
  /** `models`: the ids to inspect (absent: every model; a shoot-out's five cost five times one). */
  | { type: 'inspect'; requestId: number; input: InspectInput; models?: string[] }
  | { type: 'dispose' };

/** What the Inside view inspects: a test image by index, or the pixels of a drawn digit (NHWC in [0, 1]). */
export type InspectInput = { source: 'test'; index: number } | { source: 'pixels'; pixels: Float32Array };

export interface ModelMetrics {
  id: string;
  /** Steps and raw training losses recorded since the last metrics message. */
  steps: number[];
  losses: number[];
  /** With RunConfig.recordDataLoss: the data term of each of those losses (same steps). */
  dataLosses?: number[];
  /** Latest test accuracy in [0, 1] with the step it was measured at. */
  accuracy?: { step: number; value: number };
  imagesPerSecond: number;
  /** Learnable-k values per layer (mean over filters), when the model has any. */
  kValues?: number[];
  /** Set once the model's run has stopped by itself (e.g. NaN loss). */
  stopped?: string;
  /** 1 when the peer worker trains it, in parallel with the models of worker 0 (./peer); absent: 0. */
  worker?: number;
}

export interface DatasetSummary {
  name: string;
  trainCount: number;
  testCount: number;
  inputShape: [number, number, number];
  numClasses: number;
}

export type WorkerToPage =
  | { type: 'ready'; selection: BackendSelection }
  /** auto only: the backend it picked for the configured run, with the figures it measured. */
  | { type: 'measured'; selection: BackendSelection }
  | { type: 'dataset'; summary: DatasetSummary }
  | { type: 'progress'; task: string; done: number; total: number; etaMs?: number }
  | { type: 'metrics'; step: number; wallMs: number; models: ModelMetrics[] }
  /** `workers`: 2 when a peer worker trains some of the run's models (./peer/README.md); absent: 1. */
  | { type: 'status'; running: boolean; step: number; configured: boolean; workers?: number }
  | {
      type: 'predictions';
      requestId: number;
      /** Class probabilities per model, one row per image. */
      byModel: Record<string, number[][]>;
      /** For test images: their pixels (NHWC floats in [0, 1]) and true labels. */
      inputs?: Float32Array;
      labels?: number[];
    }
  | {
      type: 'exported';
      requestId: number;
      models: { id: string; files: { name: string; bytes: Uint8Array }[] }[];
    }
  | {
      type: 'featuresResult';
      requestId: number;
      step: number;
      labels: number[];
      /** Per model: features [n×2] row-major, class weight vectors [classes×2], predicted classes [n]. */
      byModel: Record<
        string,
        { features: Float32Array; classWeights: Float32Array; predictions: Int32Array }
      >;
    }
  | { type: 'stepProfile'; requestId: number; backend: string; byModel: Record<string, StepProfile> }
  /** A request that has no answer (no models yet, or it failed: an 'error' says why). */
  | { type: 'declined'; requestId: number; reason: string }
  /**
   * The run's weights at `step`, read back every few seconds and whenever a loop stops, so the
   * page can go on from them on a new worker. No weights at step 0: a fresh run has nothing to keep.
   */
  | { type: 'snapshot'; step: number; wallMs: number; weights?: WeightSet }
  | {
      type: 'inspection';
      requestId: number;
      /** Training steps the inspected weights have taken. */
      step: number;
      /** The learning rate of the next step (the schedule applied): the lr of lr/‖w‖². */
      learningRate: number;
      /** The inspected image (NHWC floats) and, for a test image, its label. */
      input: Float32Array;
      label?: number;
      models: ModelInspection[];
      /** Worker wall time of the inspection, so the page can keep its share of training time small. */
      computeMs: number;
      /** Why nothing was inspected (no run yet, a bad input); then `models` is empty. */
      failure?: string;
    }
  | { type: 'error'; message: string; modelId?: string; fatal: boolean }
  | { type: 'deviceLost'; message: string }
  /** The worker holds its life lock (init's `lifeLock`) from now on. */
  | { type: 'lifeLockHeld' }
  | { type: 'pong' };
