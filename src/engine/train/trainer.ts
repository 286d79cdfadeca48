import { type Dataset, mulberry32, type Rand, SeededBatchOrder, shiftBatchInPlace } from '../../data';
import * as tf from '../../tfjs';
import type { DatasetSummary, ModelMetrics } from '../protocol';
import type { RunConfig } from '../types';
import { scheduledLearningRate } from './lrSchedule';
import { createModel, type EngineModel } from './models';
import { disposeOptimizer, makeOptimizer } from './optimizers';
import {
  countCorrect,
  type FeatureReadout,
  predictProbabilities,
  type RunModel,
  readFeatures,
  readRunMetrics,
} from './readouts';
import type { TrainerPeer } from './trainerPeer';

/** What the trainer needs from a dataset: normalized NHWC float batches by index. */
export interface TrainData {
  summary: DatasetSummary;
  /** The digits these batches come from, where they come from a Dataset: a peer worker loads the same. */
  dataset?: Dataset;
  batch(split: 'train' | 'test', indices: ArrayLike<number>): { x: Float32Array; y: Int32Array };
}

export { disposeOptimizer, makeOptimizer, SGD_MOMENTUM } from './optimizers';

/**
 * How many more steps than `limitInFlight` allows a peer may still owe: a little slack, so that
 * neither worker waits on the other's every hiccup (bench:workers, Lab pair: two workers 1.56–1.59× one with none,
 * 1.63–1.71× with 2).
 */
const PEER_SLACK = 2;

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
  /** The mirrors lag the peer's models (it has stepped or loaded since the last syncMirrors). */
  private mirrorsStale = false;
  private syncing: Promise<void> | undefined;

  /** `peer`: trains the models it names (../peer), in lockstep with the ones trained here. */
  constructor(
    private readonly data: TrainData,
    private config: RunConfig,
    private readonly peer?: TrainerPeer,
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
      remote: peer?.ids.has(entry.id) === true,
    }));
  }

  /** How many workers train this run: 2 with a peer. */
  readonly workers = () => (this.peer ? 2 : 1);

  get activeCount(): number {
    return this.runs.filter((r) => !r.stopped).length;
  }

  get finished(): boolean {
    return this.activeCount === 0 || (this.config.maxSteps > 0 && this.step >= this.config.maxSteps);
  }

  /** Sets the base learning rate (the schedule, if any, scales it from the next step on). */
  setLearningRate(learningRate: number): void {
    this.config = { ...this.config, learningRate };
    this.peer?.setLearningRate(learningRate);
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
    if (this.peer) {
      // First: the peer computes its models' step while this thread computes the others.
      this.peer.step();
      this.mirrorsStale = true;
    }
    for (const run of this.runs) {
      if (run.stopped || run.remote) continue;
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
    await this.peer?.within(maxAhead + PEER_SLACK);
    for (const run of this.runs) {
      const n = run.pendingLosses.length;
      if (!run.stopped && n > maxAhead) await run.pendingLosses[n - 1 - maxAhead].data();
    }
  }

  /**
   * Reads back pending losses (async) and stops any model whose loss is not finite. `settle`
   * false: a peer's models report what has come back so far (a running loop need not wait).
   */
  async collectMetrics(settle = true): Promise<ModelMetrics[]> {
    const out: ModelMetrics[] = [];
    const peer = this.peer ? await this.peer.metrics(settle) : undefined;
    const remote = peer?.models ?? [];
    // Unsettled, the peer's losses are a read behind: this worker's wait for them, so that the
    // charts show the nets at the same step (a race must not look won by the nearer worker).
    const upTo = peer && !settle ? peer.upTo : Infinity;
    for (const run of this.runs) {
      const metrics = run.remote ? remote.find((m) => m.id === run.id) : undefined;
      if (run.remote && !metrics && settle)
        throw new Error(`The peer worker sent no metrics for "${run.id}".`);
      if (run.remote && !metrics) continue;
      if (metrics) {
        run.stopped = metrics.stopped;
        out.push({ ...metrics, worker: 1 });
        continue;
      }
      out.push(await readRunMetrics(run, this.config, upTo));
    }
    return out;
  }

  /** Test accuracy on the first evalSize test images, in chunks (async reads); `stop` true cuts it short. */
  async evaluate(onProgress?: (done: number, total: number) => void, stop?: () => Promise<boolean>) {
    const total = Math.min(this.config.evalSize, this.data.summary.testCount);
    // Cut short between chunks: smaller ones when it can be, so a stop waits less.
    const chunk = stop ? 100 : 250;
    // The peer measures its models meanwhile (their accuracy comes with its metrics).
    const remote = this.peer?.evaluate();
    remote?.catch(() => {});
    const local = this.runs.filter((r) => !r.stopped && !r.remote);
    const correct = await countCorrect(local, this.data, total, chunk, onProgress, stop);
    if (!correct) return;
    for (const run of this.runs) {
      if (!run.stopped && !run.remote)
        run.accuracy = { step: this.step, value: (correct.get(run.id) ?? 0) / total };
    }
    await remote;
  }

  /** Class scores per model for given test images, or for one drawn image. */
  async predict(x: Float32Array, count: number): Promise<Record<string, number[][]>> {
    await this.syncMirrors();
    return predictProbabilities(this.runs, this.data, x, count);
  }

  /** Feature-layer outputs, class weights and predictions on the first `count` test images. */
  async features(count: number): Promise<FeatureReadout> {
    if (!this.peer) return readFeatures(this.runs, this.data, count);
    // Each worker reads its own models, side by side (2,000 digits are seconds of forward passes).
    const theirs = this.peer.features(count);
    theirs.catch(() => {});
    const ours = await readFeatures(
      this.runs.filter((r) => !r.remote),
      this.data,
      count,
    );
    return { labels: ours.labels, byModel: { ...ours.byModel, ...(await theirs).byModel } };
  }

  /**
   * Brings the peer's models' mirrors up to every step dispatched so far. Whatever reads the
   * models (models(), snapshots, inspections, exports) awaits this first; a no-op without a peer.
   */
  async syncMirrors(): Promise<void> {
    if (!this.peer) return;
    // A pull in flight (a snapshot's, an inspection's) is waited for, not trusted to be done.
    while (this.syncing) await this.syncing.catch(() => {});
    if (!this.mirrorsStale) return;
    this.mirrorsStale = false;
    this.syncing = this.peer.weights().then((weights) => {
      for (const [id, w] of Object.entries(weights)) this.loadWeights(id, w.shapes, w.values);
    });
    try {
      await this.syncing;
    } catch (e) {
      this.mirrorsStale = true;
      throw e;
    } finally {
      this.syncing = undefined;
    }
  }

  /** Loads weights (getWeights() order) into one model; throws when their shapes do not match. */
  setWeights(id: string, shapes: number[][], values: Float32Array[]): void {
    this.loadWeights(id, shapes, values);
    if (this.peer?.ids.has(id)) this.peer.setWeights({ [id]: { shapes, values } });
  }

  private loadWeights(id: string, shapes: number[][], values: Float32Array[]): void {
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
    this.peer?.resumeAt(step);
    for (const run of this.runs) run.accuracy = undefined;
    this.applyLearningRate(scheduledLearningRate(this.config, this.step));
  }

  models(): { id: string; model: EngineModel }[] {
    return this.runs.map((r) => ({ id: r.id, model: r.model }));
  }

  dispose(): void {
    this.peer?.dispose();
    for (const run of this.runs) {
      tf.dispose([...new Set([...run.pendingLosses, ...run.pendingDataLosses])]);
      disposeOptimizer(run.optimizer);
      run.model.dispose();
    }
  }
}
