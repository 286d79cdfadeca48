/** What the Trainer reads back from its models: losses and metrics, accuracy, predictions, features. */
import * as tf from '../../tfjs';
import type { DatasetSummary, ModelMetrics } from '../protocol';
import type { RunConfig } from '../types';
import type { EngineModel } from './models';

/** The test digits as the trainer's data gives them (TrainData's shape, without importing the trainer). */
interface TestDigits {
  summary: DatasetSummary;
  batch(split: 'test', indices: ArrayLike<number>): { x: Float32Array; y: Int32Array };
}

/** Per model: its 2-D (or n-D) features, class weight rows and predicted classes, for the same digits. */
export interface FeatureReadout {
  labels: number[];
  byModel: Record<string, { features: Float32Array; classWeights: Float32Array; predictions: Int32Array }>;
}

/**
 * Feature-layer outputs, class weights and predictions of every model that has a feature layer,
 * on the first `count` test images (the Features view and C4's angle measures read them).
 */
export async function readFeatures(
  models: { id: string; model: EngineModel }[],
  data: TestDigits,
  count: number,
): Promise<FeatureReadout> {
  const n = Math.min(count, data.summary.testCount);
  const indices = Array.from({ length: n }, (_, i) => i);
  const { x, y } = data.batch('test', indices);
  const [h, w, c] = data.summary.inputShape;
  const xs = tf.tensor4d(x, [n, h, w, c]);
  const byModel: FeatureReadout['byModel'] = {};
  for (const { id, model } of models) {
    if (!model.features || !model.classWeights) continue;
    const [f, cw, pred] = tf.tidy(() => {
      // One pass through the conv stack: the classifier on the features, where the model offers it.
      const features = model.features!(xs);
      const logits = model.logitsOfFeatures ? model.logitsOfFeatures(features) : model.logits(xs);
      return [features, model.classWeights!(), tf.argMax(logits, 1)];
    });
    byModel[id] = {
      features: (await f.data()) as Float32Array,
      classWeights: (await cw.data()) as Float32Array,
      predictions: (await pred.data()) as Int32Array,
    };
    tf.dispose([f, cw, pred]);
  }
  xs.dispose();
  return { labels: Array.from(y), byModel };
}

type Models = { id: string; model: EngineModel }[];

/**
 * Correct answers per model on the first `total` test images, in chunks (async reads); undefined
 * when `stop` cut it short between two chunks.
 */
export async function countCorrect(
  models: Models,
  data: TestDigits,
  total: number,
  chunk: number,
  onProgress?: (done: number, total: number) => void,
  stop?: () => Promise<boolean>,
): Promise<Map<string, number> | undefined> {
  const correct = new Map<string, number>();
  const [h, w, c] = data.summary.inputShape;
  for (let start = 0; start < total; start += chunk) {
    if (stop && (await stop())) return undefined;
    const indices = Array.from({ length: Math.min(chunk, total - start) }, (_, i) => start + i);
    const { x, y } = data.batch('test', indices);
    const xs = tf.tensor4d(x, [indices.length, h, w, c]);
    const ys = tf.tensor1d(y, 'int32');
    for (const { id, model } of models) {
      const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.logits(xs), 1), ys), 'int32')));
      correct.set(id, (correct.get(id) ?? 0) + (await hits.data())[0]);
      hits.dispose();
    }
    xs.dispose();
    ys.dispose();
    onProgress?.(start + indices.length, total);
  }
  return correct;
}

/** Class probabilities per model for `count` images (NHWC floats). */
export async function predictProbabilities(
  models: Models,
  data: TestDigits,
  x: Float32Array,
  count: number,
): Promise<Record<string, number[][]>> {
  const [h, w, c] = data.summary.inputShape;
  const xs = tf.tensor4d(x, [count, h, w, c]);
  const out: Record<string, number[][]> = {};
  for (const { id, model } of models) {
    const probs = tf.tidy(() => tf.softmax(model.logits(xs)));
    out[id] = (await probs.array()) as number[][];
    probs.dispose();
  }
  xs.dispose();
  return out;
}

/** Scalars read back in one transfer (async), then disposed (each once: a list may repeat one). */
export async function readAndDisposeScalars(scalars: tf.Scalar[]): Promise<number[]> {
  if (scalars.length === 0) return [];
  const stacked = tf.stack(scalars);
  tf.dispose([...new Set(scalars)]);
  const read = Array.from(await stacked.data());
  stacked.dispose();
  return read;
}

/** One model of a run as the Trainer holds it. */
export interface RunModel {
  id: string;
  model: EngineModel;
  optimizer: tf.Optimizer;
  /** Loss scalars not yet read back (read asynchronously a few times a second). */
  pendingLosses: tf.Scalar[];
  /** With recordDataLoss: each pending loss's data term (possibly the same tensor). */
  pendingDataLosses: tf.Scalar[];
  pendingSteps: number[];
  accuracy?: { step: number; value: number };
  stopped?: string;
  /** Dispatch time spent on this model since the last metrics read. */
  busyMs: number;
  imagesSinceRead: number;
  imagesPerSecond: number;
  /** Trained by the peer: this model is its mirror (refreshed by syncMirrors), never trained here. */
  remote: boolean;
}

/**
 * Reads back a run's pending losses (async) of the steps up to `upTo` (the later ones stay
 * pending), and stops the run when one is not finite.
 */
export async function readRunMetrics(
  run: RunModel,
  config: RunConfig,
  upTo = Infinity,
): Promise<ModelMetrics> {
  const later = run.pendingSteps.findIndex((s) => s > upTo);
  const count = later < 0 ? run.pendingSteps.length : later;
  const steps = run.pendingSteps.slice(0, count);
  // With recordDataLoss each pending loss has its data term, in the same order.
  const dataCount = Math.min(count, run.pendingDataLosses.length);
  const pending = [...run.pendingLosses.slice(0, count), ...run.pendingDataLosses.slice(0, dataCount)];
  // One read back for both lists; a data loss may be its total's own tensor, disposed once.
  const read = await readAndDisposeScalars(pending);
  run.pendingLosses = run.pendingLosses.slice(count);
  run.pendingDataLosses = run.pendingDataLosses.slice(dataCount);
  let losses = read.slice(0, count);
  let dataLosses = config.recordDataLoss && read.length > count ? read.slice(count) : undefined;
  run.pendingSteps = run.pendingSteps.slice(count);
  const bad = losses.findIndex((l) => !Number.isFinite(l));
  if (bad >= 0 && !run.stopped) {
    run.stopped =
      `Loss became ${Number.isNaN(losses[bad]) ? 'NaN' : 'infinite'} at step ${steps[bad]}: the learning rate ` +
      `(${config.learningRate}) is probably too high for this model. Lower it and press Reset.`;
    losses = losses.slice(0, bad);
    dataLosses = dataLosses?.slice(0, bad);
    steps.splice(bad);
  }
  if (run.busyMs > 0) run.imagesPerSecond = (run.imagesSinceRead * 1000) / run.busyMs;
  run.busyMs = 0;
  run.imagesSinceRead = 0;
  const kTensor = run.model.kValues();
  const kValues = kTensor ? Array.from(await kTensor.data()) : undefined;
  kTensor?.dispose();
  return {
    id: run.id,
    steps,
    losses,
    dataLosses,
    accuracy: run.accuracy,
    imagesPerSecond: run.imagesPerSecond,
    kValues,
    stopped: run.stopped,
  };
}
