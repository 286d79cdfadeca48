/// <reference lib="webworker" />
/**
 * The training worker: owns tf.js, the data and the models. The page sends intents
 * (PageToWorker) and renders what comes back (WorkerToPage); training never touches the main thread.
 */
import * as tf from '../tfjs';
import { type AutoSelect, startAutoSelect } from './backends/autoSelect';
import { selectBackend, webgpuDeviceLost } from './backends/startBackend';
import { bundledWasmPaths } from './backends/wasmAssets';
import type { PageToWorker, WorkerToPage } from './protocol';
import { exportModels } from './train/exportModels';
import { inspectRun } from './train/inspectRun';
import { profileTrainingStep } from './train/stepProfile';
import { loadDatasetFromFiles, loadShippedDataset } from './train/trainData';
import { type TrainData, Trainer } from './train/trainer';
import type { BackendSelection, RunConfig } from './types';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const METRICS_INTERVAL_MS = 250;

let selection: BackendSelection | undefined;
/** Set when the page asked for auto: times the backends on each run size, keeps the fastest. */
let auto: AutoSelect | undefined;
let data: TrainData | undefined;
let config: RunConfig | undefined;
let trainer: Trainer | undefined;
let running = false;
/** The training loop in progress, if any; everything that replaces the trainer waits for it. */
let loop: Promise<void> = Promise.resolve();
let stopRequested = false;
let lastRead = 0;
/** Training wall time excludes pauses: time banked from finished loops + the running loop's start. */
let trainedMs = 0;
let loopStartedAt: number | undefined;
const wallMs = () => trainedMs + (loopStartedAt === undefined ? 0 : performance.now() - loopStartedAt);

function post(message: WorkerToPage, transfer: Transferable[] = []): void {
  ctx.postMessage(message, transfer);
}

function fail(e: unknown, fatal = false): void {
  const message = e instanceof Error ? e.message : String(e);
  post({ type: 'error', message, fatal });
}

/** A macrotask yield without setTimeout's 4 ms clamp, so queued messages (pause, reset) get handled. */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

function postStatus(): void {
  post({ type: 'status', running, step: trainer?.step ?? 0, configured: trainer !== undefined });
}

async function flushMetrics(): Promise<void> {
  if (!trainer) return;
  const models = await trainer.collectMetrics();
  lastRead = performance.now();
  post({ type: 'metrics', step: trainer.step, wallMs: wallMs(), models });
}

async function evaluateIfDue(force = false): Promise<void> {
  if (!trainer || !config || config.evalEvery <= 0) return;
  if (!force && trainer.step % config.evalEvery !== 0) return;
  const t0 = performance.now();
  await trainer.evaluate((done, total) => {
    const elapsed = performance.now() - t0;
    post({
      type: 'progress',
      task: 'Evaluating on test images',
      done,
      total,
      etaMs: (elapsed / done) * (total - done),
    });
  });
}

async function stopLoop(): Promise<void> {
  stopRequested = true;
  running = false;
  await loop;
  stopRequested = false;
}

async function runSteps(limit: number): Promise<void> {
  if (!trainer) return;
  try {
    let done = 0;
    loopStartedAt = performance.now();
    while (trainer && !trainer.finished && done < limit && !stopRequested) {
      await trainer.trainStepAsync();
      await trainer.limitInFlight(1);
      done += 1;
      await evaluateIfDue();
      if (performance.now() - lastRead > METRICS_INTERVAL_MS) await flushMetrics();
      await yieldToEvents();
    }
    await flushMetrics();
  } catch (e) {
    fail(e);
  } finally {
    trainedMs = wallMs();
    loopStartedAt = undefined;
    running = false;
    postStatus();
  }
}

async function resetTrainer(): Promise<void> {
  await stopLoop();
  trainer?.dispose();
  trainer = undefined;
  trainedMs = 0;
  if (data && config) {
    if (auto) await chooseAutoBackend(data, config);
    trainer = new Trainer(data, config);
    // Ready to train now; the step-0 accuracy follows (seconds on a software GPU backend).
    postStatus();
    await evaluateIfDue(true);
    await flushMetrics();
  }
  postStatus();
}

const wasmOptions = { wasmPaths: bundledWasmPaths };

/** auto: the backend this run is built on, timed on the run itself (a forced backend skips this). */
async function chooseAutoBackend(runData: TrainData, runConfig: RunConfig): Promise<void> {
  if (!auto) return;
  selection = await auto.select(runData, runConfig);
  watchDeviceLoss();
  post({ type: 'measured', selection });
}

async function handle(msg: PageToWorker): Promise<void> {
  switch (msg.type) {
    case 'init': {
      if (msg.backend === 'auto') {
        auto = await startAutoSelect(wasmOptions, (task, done, total) =>
          post({ type: 'progress', task, done, total }),
        );
        selection = auto.initial;
      } else {
        selection = await selectBackend(msg.backend, wasmOptions);
      }
      watchDeviceLoss();
      post({ type: 'ready', selection });
      return;
    }
    case 'useShippedMnist':
    case 'loadFiles': {
      await stopLoop();
      const onProgress = (task: string, done: number, total: number, etaMs?: number) =>
        post({ type: 'progress', task, done, total, etaMs });
      data =
        msg.type === 'loadFiles'
          ? await loadDatasetFromFiles(msg.files, onProgress)
          : await loadShippedDataset(
              new URL(`${import.meta.env.BASE_URL}data/mnist-10k.bin.gz`, ctx.location.origin).href,
              onProgress,
            );
      post({ type: 'dataset', summary: data.summary });
      await resetTrainer();
      return;
    }
    case 'configure':
      config = msg.config;
      await resetTrainer();
      return;
    case 'reset':
      await resetTrainer();
      return;
    case 'start':
      if (!trainer) return fail(new Error('Nothing to train yet: the data or the configuration is missing.'));
      if (running) return;
      await stopLoop();
      running = true;
      postStatus();
      // Not awaited: later messages (pause, reset, predict) are handled while it runs.
      loop = runSteps(Number.POSITIVE_INFINITY);
      return;
    case 'setWeights':
      await stopLoop();
      if (!trainer) return fail(new Error('No models to load weights into: configure a run first.'));
      for (const [id, w] of Object.entries(msg.weights)) trainer.setWeights(id, w.shapes, w.values);
      postStatus();
      return;
    case 'pause':
      await stopLoop();
      postStatus();
      return;
    case 'step':
      await stopLoop();
      loop = runSteps(msg.count);
      await loop;
      return;
    case 'setLearningRate':
      if (config) config = { ...config, learningRate: msg.learningRate };
      trainer?.setLearningRate(msg.learningRate);
      return;
    case 'predict': {
      if (!trainer || !data) return;
      const { x, y } = data.batch('test', msg.indices);
      const byModel = await trainer.predict(x, msg.indices.length);
      // The pixels go along (transferred, not copied): the page draws the digits it was asked about.
      post({ type: 'predictions', requestId: msg.requestId, byModel, inputs: x, labels: Array.from(y) }, [
        x.buffer,
      ]);
      return;
    }
    case 'predictPixels': {
      if (!trainer) return;
      post({ type: 'predictions', requestId: msg.requestId, byModel: await trainer.predict(msg.pixels, 1) });
      return;
    }
    case 'features': {
      if (!trainer) return;
      const { labels, byModel } = await trainer.features(msg.count);
      const transfer = Object.values(byModel).flatMap((m) => [
        m.features.buffer,
        m.classWeights.buffer,
        m.predictions.buffer,
      ]);
      post(
        { type: 'featuresResult', requestId: msg.requestId, step: trainer.step, labels, byModel },
        transfer,
      );
      return;
    }
    case 'inspect': {
      // Always answered (the page keeps one request outstanding): a failure says why.
      const answer = await inspectRun(trainer, data, config, msg.requestId, msg.input, msg.models);
      post(answer.message, answer.transfer);
      return;
    }
    case 'profileStep': {
      if (!data || !config)
        return fail(new Error('Nothing to profile yet: the data or the configuration is missing.'));
      await stopLoop();
      const byModel = await profileTrainingStep(data, config);
      post({ type: 'stepProfile', requestId: msg.requestId, backend: tf.getBackend(), byModel });
      return;
    }
    case 'exportModels': {
      if (!trainer) return;
      const models = await exportModels(trainer.models());
      post(
        { type: 'exported', requestId: msg.requestId, models },
        models.flatMap((m) => m.files.map((f) => f.bytes.buffer)),
      );
      return;
    }
    case 'dispose':
      await stopLoop();
      trainer?.dispose();
      trainer = undefined;
      ctx.close();
      return;
  }
}

/** A lost WebGPU device is reported (once); Reset (or a new init) starts again. */
let watchingDevice = false;
function watchDeviceLoss(): void {
  if (selection?.backend !== 'webgpu' || watchingDevice) return;
  const lost = webgpuDeviceLost();
  if (!lost) return;
  watchingDevice = true;
  void lost.then((message) => {
    running = false;
    post({ type: 'deviceLost', message });
  });
}

// Messages are handled one at a time, in order, except that a running loop yields between steps.
let queue: Promise<void> = Promise.resolve();
ctx.onmessage = (event: MessageEvent<PageToWorker>) => {
  const msg = event.data;
  // setLearningRate applies live, between two steps of a running loop.
  if (msg.type === 'setLearningRate') {
    void handle(msg).catch(fail);
    return;
  }
  queue = queue.then(() => handle(msg)).catch((e) => fail(e));
};
ctx.addEventListener('unhandledrejection', (e) => fail(e.reason));
ctx.addEventListener('error', (e) => fail(e.error ?? e.message, true));
