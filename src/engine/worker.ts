/// <reference lib="webworker" />
/**
 * The training worker: owns tf.js, the data and the models. The page sends intents
 * (PageToWorker) and renders what comes back (WorkerToPage); training never touches the main thread.
 */
import { type AutoSelect, startForInit } from './backends/autoSelect';
import { kernelCheckDeferred, runDeferredKernelCheck, withKernelNotice } from './backends/startBackend';
import { bundledWasmPaths } from './backends/wasmAssets';
import { watchDeviceLoss } from './backends/watchDeviceLoss';
import { allowPeer, buildTrainer, closePeer } from './peer/parallelTrainer';
import type { PageToWorker, WorkerToPage } from './protocol';
import type { RequestMessage } from './requestCoalescer';
import { readWeights, rebuildKeepingWeights } from './train/readWeights';
import { loadDatasetFromFiles, shippedMnistOnce } from './train/trainData';
import type { TrainData, Trainer } from './train/trainer';
import type { BackendSelection, RunConfig } from './types';
import { holdLifeLock } from './workerLiveness';
import { answerRequest } from './workerRequests';
import { yieldToEvents } from './yieldToEvents';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const METRICS_INTERVAL_MS = 250;
/** How often a running loop sends the page its weights (a lost device cannot be read any more). */
const SNAPSHOT_INTERVAL_MS = 3000;

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
let lastSnapshot = 0;
/** Training wall time excludes pauses: time banked from finished loops + the running loop's start. */
let trainedMs = 0;
let loopStartedAt: number | undefined;
/**
 * auto, for a run configured with `timeBackendOnTrain` (the Inside view: its first look must not
 * wait seconds for the timing): built on the provisional backend, timed when it first trains.
 */
let timeOnTrain = false;
let untimed = false;
const wallMs = () => trainedMs + (loopStartedAt === undefined ? 0 : performance.now() - loopStartedAt);

const post = (message: WorkerToPage, transfer: Transferable[] = []) => ctx.postMessage(message, transfer);

const progress = (task: string, done: number, total: number, etaMs?: number) =>
  post({ type: 'progress', task, done, total, etaMs });

const fail = (e: unknown, fatal = false) =>
  post({ type: 'error', message: e instanceof Error ? e.message : String(e), fatal });

function postStatus(): void {
  const [step, workers] = [trainer?.step ?? 0, trainer?.workers() ?? 1];
  post({ type: 'status', running, step, configured: trainer !== undefined, workers });
}

/** `settle` false (a running loop): a peer worker's models report what has come back, no wait. */
async function flushMetrics(settle = true): Promise<void> {
  if (!trainer) return;
  const models = await trainer.collectMetrics(settle);
  lastRead = performance.now();
  post({ type: 'metrics', step: trainer.step, wallMs: wallMs(), models });
}

/** The weights as of now, for the page to go on from elsewhere; step 0 sends none (nothing to keep). */
async function postSnapshot(): Promise<void> {
  if (!trainer) return;
  lastSnapshot = performance.now();
  const step = trainer.step;
  if (step === 0) return post({ type: 'snapshot', step, wallMs: 0 });
  const snapshotWallMs = wallMs();
  await trainer.syncMirrors();
  const weights = await readWeights(trainer.models());
  // Cloned, not transferred: on the cpu backend these arrays are the variables' own storage.
  post({ type: 'snapshot', step, wallMs: snapshotWallMs, weights });
}

async function evaluateIfDue(force = false, stop?: () => Promise<boolean>): Promise<void> {
  if (!trainer || !config || config.evalEvery <= 0) return;
  if (!force && trainer.step % config.evalEvery !== 0) return;
  const t0 = performance.now();
  await trainer.evaluate((done, total) => {
    const elapsed = performance.now() - t0;
    progress('Evaluating on test images', done, total, (elapsed / done) * (total - done));
  }, stop);
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
      if (performance.now() - lastRead > METRICS_INTERVAL_MS) await flushMetrics(false);
      if (performance.now() - lastSnapshot > SNAPSHOT_INTERVAL_MS) await postSnapshot();
      await yieldToEvents();
    }
    await flushMetrics();
    await postSnapshot();
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
    untimed = auto !== undefined && timeOnTrain;
    if (auto && !untimed) await chooseAutoBackend(data, config);
    trainer = await buildTrainer(data, config);
    await postSnapshot();
    // Ready to train now. The step-0 accuracy is measured behind the queue (seconds on cpu or a
    // software GPU): Train or Step pressed meanwhile cut it short instead of waiting for it.
    loop = initialEvaluation();
  }
  postStatus();
}

async function initialEvaluation(): Promise<void> {
  try {
    // On cpu every read resolves at once: without this yield no message gets in before the end.
    await evaluateIfDue(true, async () => {
      await yieldToEvents();
      return stopRequested;
    });
    if (stopRequested) progress('Evaluating on test images', 1, 1);
    await flushMetrics();
  } catch (e) {
    fail(e);
  } finally {
    postStatus();
  }
}

const wasmOptions = { wasmPaths: bundledWasmPaths };

/** auto: the backend this run is built on, timed on the run itself (a forced backend skips this). */
async function chooseAutoBackend(runData: TrainData, runConfig: RunConfig): Promise<void> {
  if (!auto) return;
  selection = await auto.select(runData, runConfig);
  watchDevice();
  post({ type: 'measured', selection });
}

/**
 * Before a run's first step: an untimed auto run is timed, a forced webgpu start checks its fused kernels
 * (seconds on a software adapter: here, not before Train). A run not stepped yet is rebuilt on them.
 */
async function prepareFirstStep(): Promise<void> {
  const time = untimed && trainer?.step === 0;
  if (!trainer || !data || !config || !(time || kernelCheckDeferred())) return;
  untimed = false;
  await stopLoop();
  const check = await runDeferredKernelCheck();
  if (check && selection) post({ type: 'measured', selection: withKernelNotice(selection) });
  if (trainer.step > 0 || !(time || check?.fused)) return;
  const [old, runData, runConfig] = [trainer, data, config];
  trainer = undefined;
  const between = () => (time ? chooseAutoBackend(runData, runConfig) : Promise.resolve());
  trainer = await rebuildKeepingWeights(old, between, () => buildTrainer(runData, runConfig));
}

const shippedMnistUrl = () =>
  new URL(`${import.meta.env.BASE_URL}data/mnist-10k.bin.gz`, ctx.location.origin).href;

async function handle(msg: PageToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      allowPeer(msg.peer !== false, fail);
      ({ selection, auto } = await startForInit(msg.backend, msg.fallbackReason, wasmOptions, progress));
      watchDevice();
      post({ type: 'ready', selection });
      return;
    case 'useShippedMnist':
    case 'loadFiles': {
      await stopLoop();
      data =
        msg.type === 'loadFiles'
          ? await loadDatasetFromFiles(msg.files, progress)
          : await shippedMnistOnce(shippedMnistUrl(), progress);
      post({ type: 'dataset', summary: data.summary });
      await resetTrainer();
      return;
    }
    case 'configure':
      config = msg.config;
      timeOnTrain = msg.timeBackendOnTrain === true;
      await resetTrainer();
      return;
    case 'reset':
      await resetTrainer();
      return;
    case 'start':
      if (!trainer) return fail(new Error('Nothing to train yet: the data or the configuration is missing.'));
      if (running) return;
      await stopLoop();
      await prepareFirstStep();
      running = true;
      postStatus();
      // Not awaited: later messages (pause, reset, predict) are handled while it runs.
      loop = runSteps(Number.POSITIVE_INFINITY);
      return;
    case 'setWeights':
    case 'restore': {
      await stopLoop();
      if (!trainer) return fail(new Error('No models to load weights into: configure a run first.'));
      for (const [id, w] of Object.entries(msg.weights)) trainer.setWeights(id, w.shapes, w.values);
      if (msg.type === 'restore') {
        trainer.resumeAt(msg.step);
        trainedMs = msg.wallMs;
      }
      postStatus();
      if (msg.type === 'restore') await flushMetrics();
      await postSnapshot();
      return;
    }
    case 'pause':
      await stopLoop();
      postStatus();
      return;
    case 'step':
      await stopLoop();
      await prepareFirstStep();
      loop = runSteps(msg.count);
      await loop;
      return;
    case 'setLearningRate':
      if (config) config = { ...config, learningRate: msg.learningRate };
      trainer?.setLearningRate(msg.learningRate);
      return;
    case 'dispose':
      await stopLoop();
      trainer?.dispose();
      trainer = undefined;
      closePeer();
      ctx.close();
      return;
  }
}

function watchDevice(): void {
  watchDeviceLoss(selection, (message) => {
    // The loop ends at its next step (if the lost device ever answers); the page replaces this worker.
    stopRequested = true;
    running = false;
    post({ type: 'deviceLost', message });
  });
}

// Messages are handled one at a time, in order, except that a running loop yields between steps.
let queue: Promise<void> = Promise.resolve();
let configureSeq = 0;
ctx.onmessage = (event: MessageEvent<PageToWorker>) => {
  const msg = event.data;
  // Liveness (./workerLiveness.ts): answered before anything queued, so a long queue is not a hang.
  if (msg.type === 'ping') return post({ type: 'pong' });
  if (msg.type === 'init' && msg.lifeLock) holdLifeLock(msg.lifeLock, () => post({ type: 'lifeLockHeld' }));
  // Not queued: the download overlaps the backend's start (init), which is queued ahead of it.
  if (msg.type === 'useShippedMnist') void shippedMnistOnce(shippedMnistUrl(), progress).catch(() => {});
  // setLearningRate applies live, between two steps of a running loop.
  if (msg.type === 'setLearningRate') {
    void handle(msg).catch(fail);
    return;
  }
  // A configure that a newer one follows is skipped: a burst of control changes builds one run, not 50.
  const seq = msg.type === 'configure' ? ++configureSeq : configureSeq;
  const work =
    'requestId' in msg
      ? () => answerRequest(msg as RequestMessage, { trainer, data, config, stopLoop, post })
      : () => (msg.type === 'configure' && seq !== configureSeq ? undefined : handle(msg));
  queue = queue.then(work).catch((e) => fail(e));
};
ctx.addEventListener('unhandledrejection', (e) => fail(e.reason));
ctx.addEventListener('error', (e) => fail(e.error ?? e.message, true));
