/**
 * What "inside the nets" reports for one model: plain data (typed arrays and numbers), so the
 * worker can post it and the UI can draw it without tf.js. A leaf: imports nothing.
 */

/** One activation map after a stage (conv, BN, ReLU, pool) for the inspected input, HWC row-major. */
export interface StageMap {
  /** The layer's name in the model ("sphere_conv1_1", "base_pool1", ...). */
  name: string;
  kind: 'input' | 'conv' | 'sphereConv' | 'bn' | 'relu' | 'pool';
  height: number;
  width: number;
  channels: number;
  values: Float32Array;
}

/** Batch statistics of one conv layer (over the inspected batch, not only the one input). */
export interface LayerStats {
  /** Counts of θ (radians, [0, π]) in `thetaBins` equal bins, over every filter × non-zero patch. */
  thetaHistogram: number[];
  /** Share of (patch, filter) pairs left out of the histogram: all-zero patches (θ undefined, cos = 0). */
  zeroPatchFraction: number;
  /** Filters whose ReLU output is 0 at every position of every image in the batch. */
  deadFilterFraction: number;
  /** Share of all ReLU outputs (positions × filters × images) that are exactly 0. */
  zeroActivationFraction: number;
  /** Mean over filters of ‖w‖ = sqrt(Σ w² + 1e-4). */
  meanKernelNorm: number;
  /** lr / mean(‖w‖²): the step a gradient step takes on the filter's direction (see inspect.ts). */
  effectiveStep: number;
  /**
   * CNN only: share of Var(log|⟨w,x⟩|) carried by log(‖w‖‖x‖) (inspect.ts magnitudeShare). The
   * SphereNet's output has no magnitude factor: there it is undefined, by construction 0.
   */
  magnitudeShare?: number;
}

/** One conv layer of one model, for the inspected input. Maps are HWC row-major. */
export interface ConvLayerInspection {
  name: string;
  kind: 'conv' | 'sphereConv';
  /** SphereConv operator (sphere only). */
  operator?: 'linear' | 'cosine' | 'sigmoid' | 'learnable-sigmoid';
  kernelSize: number;
  inChannels: number;
  filters: number;
  /** Output grid of the conv itself (before any pool folded into a SphereConv). */
  height: number;
  width: number;
  /**
   * The filters [kh, kw, cin, cout] row-major: the CNN's as learned, the SphereNet's as unit
   * vectors w/‖w‖ (the only thing its output depends on).
   */
  kernel: Float32Array;
  /** ‖w‖ per filter [cout]. */
  kernelNorms: Float32Array;
  /** ‖x_patch‖ per output position [h·w] (one map: the patch does not depend on the filter). */
  patchNorm: Float32Array;
  /** cos θ between every filter and every patch [h·w·cout]. */
  cos: Float32Array;
  /**
   * The conv's own output before ReLU/pool [h·w·cout]: the CNN's ⟨w,x⟩ = ‖w‖‖x‖cos θ, the
   * SphereNet's g(θ) with its operator.
   */
  output: Float32Array;
  stats: LayerStats;
}

export interface ModelInspection {
  id: string;
  arch: 'sphere' | 'baseline';
  layers: ConvLayerInspection[];
  /** Every stage's activation map in order, input first. */
  stages: StageMap[];
  /** Class probabilities for the inspected input. */
  probabilities: number[];
}

export const THETA_BINS = 18;

/** Test images the statistics are taken over: the first this many (fixed across steps, so the timeline moves with the weights only). */
export const INSPECT_BATCH = 32;
