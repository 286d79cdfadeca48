import { mulberry32, type Rand, SeededBatchOrder, shiftBatchInPlace } from '../../data';
import * as tf from '../../tfjs';
import type { DatasetSummary, ModelMetrics } from '../protocol';
import type { RunConfig } from '../types';
import { scheduledLearningRate } from './lrSchedule';
import { createModel, type EngineModel } from './models';
import { disposeOptimizer, makeOptimizer } from './optimizers';
import { type FeatureReadout, readFeatures } from './readouts';

/** What the trainer needs from a dataset: normalized NHWC float batches by index. */
export interface TrainData {
  summary: DatasetSummary;
  batch(split: 'train' | 'test', indices: ArrayLike<number>): { x: Float32Array; y: Int32Array };
}

interface RunModel {
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
}

export { disposeOptimizer, makeOptimizer, SGD_MOMENTUM } from './optimizers';

/**
 * Trains several models in lockstep on identical batches (the side-by-side comparison needs it).
 * Plain TypeScript: runs in the worker, and in Node for tests.
 */
export class Trainer {
  step = 0;
  private readonly runs: RunModel[];
  private readonly order: SeededBatchOrder;
  /** Draws the augmentation offsets: its own stream, so the batch order is the same with or without. */
  private readonly augmentRand: Rand;

  constructor(
    private readonly data: TrainData,
    private config: RunConfig,
  ) {
    const { inputShape, numClasses } = data.summary;
    this.order = new SeededBatchOrder(data.summary.trainCount, config.seed);
    this.augmentRand = mulberry32((config.seed ^ 0x5eed_a11) >>> 0);
    this.runs = config.models.map((entry) => ({
      id: entry.id,
      // Every model gets the same seed: baseline and SphereNet start from comparable draws.
      model: createModel(entry.id, entry.spec, { seed: config.seed, inputShape, numClasses }),
      optimizer: makeOptimizer(config.optimizer, config.learningRate),
      pendingLosses: [],
      pendingDataLosses: [],
      pendingSteps: [],
      busyMs: 0,
      imagesSinceRead: 0,
      imagesPerSecond: 0,
    }));
  }

  get activeCount(): number {
    return this.runs.filter((r) => !r.stopped).length;
  }

  get finished(): boolean {
    return this.activeCount === 0 || (this.config.maxSteps > 0 && this.step >= this.config.maxSteps);
  }

  /** Sets the base learning rate (the schedule, if any, scales it from the next step on). */
  setLearningRate(learningRate: number): void {
    this.config = { ...this.config, learningRate };
    this.applyLearningRate(scheduledLearningRate(this.config, this.step));
  }

  private applyLearningRate(learningRate: number): void {
    for (const run of this.runs) {
      // SGD/momentum cache −lr in a scalar (setLearningRate rebuilds it); Adam reads the field each update.
      const opt = run.optimizer as unknown as {
        learningRate: number;
        setLearningRate?: (lr: number) => void;
      };
      if (opt.setLearningRate) opt.setLearningRate(learningRate);
      else opt.learningRate = learningRate;
    }
  }

  /** One lockstep step: the same batch for every model still running. Dispatches; never reads back. */
  trainStep(): void {
    void this.runStep(false);
  }

  /** Like trainStep, but with exactTiming each model's step is awaited (async readback) before the next. */
  async trainStepAsync(): Promise<void> {
    await this.runStep(this.config.exactTiming === true);
  }

  private async runStep(exact: boolean): Promise<void> {
    const indices = this.order.next(this.config.batchSize);
    const { x, y } = this.data.batch('train', indices);
    const [h, w, c] = this.data.summary.inputShape;
    const shift = this.config.shiftAugment ?? 0;
    if (shift > 0) shiftBatchInPlace(x, [indices.length, h, w, c], shift, this.augmentRand);
    if (this.config.lrSchedule === 'cosine')
      this.applyLearningRate(scheduledLearningRate(this.config, this.step));
    const xs = tf.tensor4d(x, [indices.length, h, w, c]);
    const ys = tf.tensor1d(y, 'int32');
    this.step += 1;
    for (const run of this.runs) {
      if (run.stopped) continue;
      const t0 = performance.now();
      const done = this.step - 1; // steps taken before this one (the margin annealing's clock)
      const terms = this.config.recordDataLoss ? run.model.lossTerms : undefined;
      const loss = run.optimizer.minimize(() => {
        if (!terms) return run.model.loss(xs, ys, done);
        const { total, data } = terms(xs, ys, done);
        // Kept past minimize's tidy: read back with the loss, disposed in collectMetrics.
        run.pendingDataLosses.push(tf.keep(data));
        return total;
      }, true) as tf.Scalar;
      if (exact) await loss.data();
      run.busyMs += performance.now() - t0;
      run.imagesSinceRead += indices.length;
      run.pendingLosses.push(loss);
      run.pendingSteps.push(this.step);
    }
    xs.dispose();
    ys.dispose();
  }

  /**
   * On GPU backends dispatch returns long before the work is done: without a limit the loop would
   * queue dozens of steps, the step counter would run ahead of the real work and Pause would wait
   * for all of it. This waits (asynchronously) until at most `maxAhead` steps are unfinished.
   */
  async limitInFlight(maxAhead: number): Promise<void> {
    for (const run of this.runs) {
      const n = run.pendingLosses.length;
      if (!run.stopped && n > maxAhead) await run.pendingLosses[n - 1 - maxAhead].data();
    }
  }

  /** Reads back pending losses (async) and stops any model whose loss is not finite. */
  async collectMetrics(): Promise<ModelMetrics[]> {
    const out: ModelMetrics[] = [];
    for (const run of this.runs) {
      const steps = run.pendingSteps;
      const pending = [...run.pendingLosses, ...run.pendingDataLosses];
      const count = run.pendingLosses.length;
      let read: number[] = [];
      if (pending.length > 0) {
        // One read back for both lists; a data loss may be its total's own tensor, disposed once.
        const stacked = tf.stack(pending);
        tf.dispose([...new Set(pending)]);
        read = Array.from(await stacked.data());
        stacked.dispose();
      }
      run.pendingLosses = [];
      run.pendingDataLosses = [];
      let losses = read.slice(0, count);
      let dataLosses = this.config.recordDataLoss && read.length > count ? read.slice(count) : undefined;
      run.pendingSteps = [];
      const bad = losses.findIndex((l) => !Number.isFinite(l));
      if (bad >= 0 && !run.stopped) {
        run.stopped =
          `Loss became ${Number.isNaN(losses[bad]) ? 'NaN' : 'infinite'} at step ${steps[bad]}: the learning rate ` +
          `(${this.config.learningRate}) is probably too high for this model. Lower it and press Reset.`;
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
      out.push({
        id: run.id,
        steps,
        losses,
        dataLosses,
        accuracy: run.accuracy,
        imagesPerSecond: run.imagesPerSecond,
        kValues,
        stopped: run.stopped,
      });
    }
    return out;
  }

  /** Test accuracy on the first evalSize test images, in chunks (async reads); `stop` true cuts it short. */
  async evaluate(onProgress?: (done: number, total: number) => void, stop?: () => Promise<boolean>) {
    const total = Math.min(this.config.evalSize, this.data.summary.testCount);
    // Cut short between chunks: smaller ones when it can be, so a stop waits less.
    const chunk = stop ? 100 : 250;
    const correct = new Map<string, number>();
    const [h, w, c] = this.data.summary.inputShape;
    for (let start = 0; start < total; start += chunk) {
      if (stop && (await stop())) return;
      const indices = Array.from({ length: Math.min(chunk, total - start) }, (_, i) => start + i);
      const { x, y } = this.data.batch('test', indices);
      const xs = tf.tensor4d(x, [indices.length, h, w, c]);
      const ys = tf.tensor1d(y, 'int32');
      for (const run of this.runs) {
        if (run.stopped) continue;
        const hits = tf.tidy(() =>
          tf.sum(tf.cast(tf.equal(tf.argMax(run.model.logits(xs), 1), ys), 'int32')),
        );
        correct.set(run.id, (correct.get(run.id) ?? 0) + (await hits.data())[0]);
        hits.dispose();
      }
      xs.dispose();
      ys.dispose();
      onProgress?.(start + indices.length, total);
    }
    for (const run of this.runs) {
      if (!run.stopped) run.accuracy = { step: this.step, value: (correct.get(run.id) ?? 0) / total };
    }
  }

  /** Class scores per model for given test images, or for one drawn image. */
  async predict(x: Float32Array, count: number): Promise<Record<string, number[][]>> {
    const [h, w, c] = this.data.summary.inputShape;
    const xs = tf.tensor4d(x, [count, h, w, c]);
    const out: Record<string, number[][]> = {};
    for (const run of this.runs) {
      const probs = tf.tidy(() => tf.softmax(run.model.logits(xs)));
      out[run.id] = (await probs.array()) as number[][];
      probs.dispose();
    }
    xs.dispose();
    return out;
  }

  /** Feature-layer outputs, class weights and predictions on the first `count` test images. */
  features(count: number): Promise<FeatureReadout> {
    return readFeatures(this.runs, this.data, count);
  }

  /** Loads weights (getWeights() order) into one model; throws when their shapes do not match. */
  setWeights(id: string, shapes: number[][], values: Float32Array[]): void {
    const run = this.runs.find((r) => r.id === id);
    if (!run) throw new Error(`No model "${id}" in this run.`);
    const current = run.model.getWeights();
    const mismatch =
      current.length !== shapes.length || current.some((t, i) => t.shape.join('x') !== shapes[i].join('x'));
    if (mismatch) throw new Error(`The weights for "${id}" do not fit its layers (another architecture).`);
    const tensors = shapes.map((shape, i) => tf.tensor(values[i], shape));
    run.model.setWeights(tensors);
    tf.dispose(tensors);
  }

  /**
   * Makes this (freshly built) run stand at `step` after its weights were loaded: the step count,
   * the batch order and the schedule go on from there. The optimizer's moments start again, and
   * the accuracy measured on the fresh weights is forgotten (it is not the restored model's).
   */
  resumeAt(step: number): void {
    for (let i = this.step; i < step; i++) this.order.next(this.config.batchSize);
    this.step = step;
    for (const run of this.runs) run.accuracy = undefined;
    this.applyLearningRate(scheduledLearningRate(this.config, this.step));
  }

  models(): { id: string; model: EngineModel }[] {
    return this.runs.map((r) => ({ id: r.id, model: r.model }));
  }

  dispose(): void {
    for (const run of this.runs) {
      tf.dispose([...new Set([...run.pendingLosses, ...run.pendingDataLosses])]);
      disposeOptimizer(run.optimizer);
      run.model.dispose();
    }
  }
}
