/**
 * The `auto` backend's measuring: times a few steps of the run itself (its models, batch size and
 * optimizer) on each candidate backend, on a throwaway Trainer. The throwaway has its own weights
 * and its own batch order, so the real run (built afterwards, from the seed) is exactly what it
 * would have been without the measuring. What to keep is decided in ./autoBackend.ts.
 */
import { SeededBatchOrder } from '../../data';
import * as tf from '../../tfjs';
import type { BackendName } from '../../tfjs/backendModules';
import { createModel } from '../train/models';
import { type TrainData, Trainer } from '../train/trainer';
import type { BackendMeasurement, BackendTiming, RunConfig } from '../types';
import {
  boundedTiming,
  costKey,
  probeRulesOut,
  rankBackends,
  summarize,
  TIMING_PLAN,
  timingDone,
} from './autoBackend';

export interface MeasureHooks {
  /** Switches tf.js to the backend: undefined when it runs, else why it cannot. */
  start(name: BackendName): Promise<string | undefined>;
  /** Resolves with a message if the running backend's device is lost (WebGPU). */
  deviceLost?(): Promise<string> | undefined;
  onProgress?(backend: BackendName, done: number, total: number): void;
}

/** A timing whose backend must not be tried again in this worker (it did not start, or lost its device). */
export type MeasuredTiming = BackendTiming & { unusable?: boolean };

class DeviceLost extends Error {}

/**
 * ms of one warm forward pass of every model of the run on a batch of the run's size (throwaway
 * copies): less work than a training step of them all, so a lower bound on the step time.
 */
async function forwardProbe(data: TrainData, config: RunConfig): Promise<number> {
  const { inputShape, numClasses, trainCount } = data.summary;
  const indices = new SeededBatchOrder(trainCount, config.seed).next(config.batchSize);
  const xs = tf.tensor4d(data.batch('train', indices).x, [indices.length, ...inputShape]);
  const models = config.models.map((e) =>
    createModel(e.id, e.spec, { seed: config.seed, inputShape, numClasses }),
  );
  const pass = async () => {
    const t0 = performance.now();
    for (const model of models) {
      const logits = tf.tidy(() => model.logits(xs));
      await logits.data();
      logits.dispose();
    }
    return performance.now() - t0;
  };
  try {
    await pass();
    return await pass();
  } finally {
    for (const model of models) model.dispose();
    xs.dispose();
  }
}

/** Times one backend on a throwaway copy of the run; `bestMs` lets a clear loser stop early. */
export async function timeBackend(
  name: BackendName,
  data: TrainData,
  config: RunConfig,
  bestMs: number | undefined,
  hooks: MeasureHooks,
): Promise<MeasuredTiming> {
  const failure = await hooks.start(name);
  if (failure) return { ...summarize(name, [], config.batchSize, failure), unusable: true };
  let lostMessage: string | undefined;
  const lost = hooks.deviceLost?.()?.then((message) => {
    lostMessage = message;
    throw new DeviceLost(message);
  });
  lost?.catch(() => {});
  // A lost device may never finish the step it was given: race it; and a step that did finish
  // on a device lost meanwhile does not count either.
  const guard = async <T>(p: Promise<T>): Promise<T> => {
    const value = await (lost ? Promise.race([p, lost]) : p);
    if (lostMessage) throw new DeviceLost(lostMessage);
    return value;
  };
  const stepsMs: number[] = [];
  let trainer: Trainer | undefined;
  try {
    if (bestMs !== undefined) {
      const probeMs = await guard(forwardProbe(data, config));
      if (probeRulesOut(probeMs, bestMs)) return boundedTiming(name, probeMs, config.batchSize);
    }
    // exactTiming: each model's loss is read back inside the step, so a step's time is all of it.
    trainer = new Trainer(data, { ...config, exactTiming: true, evalEvery: 0, maxSteps: 0 });
    const timedStep = async (t: Trainer) => {
      const t0 = performance.now();
      await guard(t.trainStepAsync());
      return performance.now() - t0;
    };
    const first = await timedStep(trainer);
    if (first < TIMING_PLAN.secondWarmupBelowMs) await timedStep(trainer);
    while (!timingDone(stepsMs, bestMs)) {
      stepsMs.push(await timedStep(trainer));
      hooks.onProgress?.(name, stepsMs.length, TIMING_PLAN.maxSteps);
    }
    return summarize(name, stepsMs, config.batchSize);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof DeviceLost) return { ...summarize(name, [], config.batchSize, message), unusable: true };
    return summarize(name, [], config.batchSize, `failed while timing: ${message}`);
  } finally {
    try {
      trainer?.dispose();
    } catch {
      // A lost device cannot free its buffers; they go with it.
    }
  }
}

/** Times each candidate in order; later ones may stop early against the best figure so far. */
export async function measureBackends(
  candidates: readonly BackendName[],
  data: TrainData,
  config: RunConfig,
  hooks: MeasureHooks,
): Promise<MeasuredTiming[]> {
  const timings: MeasuredTiming[] = [];
  for (const name of candidates) {
    hooks.onProgress?.(name, 0, TIMING_PLAN.maxSteps);
    const times = timings.map((t) => t.msPerStep).filter((ms): ms is number => ms !== undefined);
    const bestMs = times.length ? Math.min(...times) : undefined;
    timings.push(await timeBackend(name, data, config, bestMs, hooks));
    hooks.onProgress?.(name, TIMING_PLAN.maxSteps, TIMING_PLAN.maxSteps);
  }
  return timings;
}

/**
 * One per worker in auto mode: times the candidates once per run size (costKey), caches the
 * figures, and switches tf.js to the best backend that still starts.
 */
export class AutoBackendSession {
  private readonly cache = new Map<string, MeasuredTiming[]>();
  /** Backends that did not start or lost their device: not tried again in this worker. */
  private readonly unusable = new Set<BackendName>();

  constructor(
    readonly candidates: readonly BackendName[],
    private readonly hooks: MeasureHooks,
  ) {}

  /**
   * Leaves tf.js on the chosen backend and says what was measured; undefined when no candidate
   * gave a figure (the caller falls back to cpu).
   */
  async choose(
    data: TrainData,
    config: RunConfig,
    current?: BackendName,
  ): Promise<BackendMeasurement | undefined> {
    const key = costKey(config);
    let timings = this.cache.get(key);
    const cached = timings !== undefined;
    if (!timings) {
      timings = await measureBackends(
        this.candidates.filter((b) => !this.unusable.has(b)),
        data,
        config,
        this.hooks,
      );
      for (const t of timings) if (t.unusable) this.unusable.add(t.backend);
      this.cache.set(key, timings);
    }
    const shown = timings.map(({ unusable: _, ...t }) => t);
    const stillUsable = shown.filter((t) => !this.unusable.has(t.backend));
    for (const backend of rankBackends(stillUsable, current)) {
      if (!(await this.hooks.start(backend))) return { key, timings: shown, chosen: backend, cached };
      this.unusable.add(backend);
    }
    return undefined;
  }
}
