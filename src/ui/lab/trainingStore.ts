import type { DatasetSummary, ModelMetrics, WorkerToPage } from '../../engine/protocol';
import type { BackendSelection } from '../../engine/types';
import { SMOOTHING } from '../../lab/lossSmoothing';

/** One point of a model's curves. */
export interface LossPoint {
  step: number;
  wallMs: number;
  loss: number;
  smoothed: number;
}

export interface ModelSeries {
  id: string;
  losses: LossPoint[];
  accuracy: { step: number; wallMs: number; value: number }[];
  kHistory: { step: number; values: number[] }[];
  imagesPerSecond: number;
  stopped?: string;
  /** The worker that trains it (ModelMetrics.worker): models of different workers step in parallel. */
  worker?: number;
}

export interface TrainingState {
  selection?: BackendSelection;
  dataset?: DatasetSummary;
  progress?: { task: string; done: number; total: number; etaMs?: number };
  running: boolean;
  configured: boolean;
  step: number;
  /** Workers training the run: 2 when a peer worker trains some of its nets (src/engine/peer). */
  workers: number;
  series: Record<string, ModelSeries>;
  errors: string[];
  deviceLost?: string;
  /** Numbers the workers started so far: effects that set a worker up (configure) rerun for each. */
  worker: number;
  /** Set while a new worker replaces one that failed and the user has not chosen how to go on. */
  recovery?: Recovery;
  /** The curves of the run before a fault, drawn faintly after the user chose to restart. */
  previous?: Record<string, ModelSeries>;
  /** Set by a continue from step N: metrics below it are the fresh run it replaced (dropped). */
  resumedAt?: number;
  /** The worker crashed again soon after a restart and was not replaced: what happened, what to do. */
  failed?: string;
}

export interface Recovery {
  /** What happened and what runs now, in words. */
  reason: string;
  /** The run as it stood when its worker failed: what the charts keep showing. */
  series: Record<string, ModelSeries>;
  step: number;
  /** The step of the last weights read back from the failed worker, if any. */
  snapshotStep?: number;
}

/** What the page does besides relaying worker messages. */
export type TrainingAction =
  | WorkerToPage
  | { type: 'clear' }
  /** A new worker. With `recovery`, it replaces a failed one: the run so far is kept aside. */
  | { type: 'workerStarted'; generation: number; recovery?: { reason: string; snapshotStep?: number } }
  /** The user goes on from the snapshot at `step` (later points are trained again). */
  | { type: 'continued'; step: number }
  | { type: 'restarted' }
  /** The worker died and is not replaced by itself: nothing trains until the user acts. */
  | { type: 'workerFailed'; message: string };

export const initialTrainingState: TrainingState = {
  running: false,
  configured: false,
  step: 0,
  workers: 1,
  series: {},
  errors: [],
  worker: 0,
};

/** The curves to draw: the kept run while a recovery waits for the user, else the live one. */
export function shownSeries(state: TrainingState): Record<string, ModelSeries> {
  return state.recovery ? state.recovery.series : state.series;
}

/** Each model's points up to `step`: a run continued from there trains the rest again. */
export function seriesUpTo(series: Record<string, ModelSeries>, step: number): Record<string, ModelSeries> {
  const out: Record<string, ModelSeries> = {};
  for (const [id, s] of Object.entries(series)) {
    out[id] = {
      ...s,
      losses: s.losses.filter((p) => p.step <= step),
      accuracy: s.accuracy.filter((p) => p.step <= step),
      kHistory: s.kHistory.filter((p) => p.step <= step),
      stopped: undefined,
    };
  }
  return out;
}

function startWorker(
  state: TrainingState,
  generation: number,
  recovery?: { reason: string; snapshotStep?: number },
): TrainingState {
  const fresh: TrainingState = { ...initialTrainingState, worker: generation };
  if (!recovery) return fresh;
  // A second fault before the user chose keeps the first run (the worker in between trained nothing of it).
  const kept = state.recovery ?? { series: state.series, step: state.step };
  return {
    ...fresh,
    previous: state.previous,
    recovery: {
      reason: recovery.reason,
      series: kept.series,
      step: kept.step,
      snapshotStep: recovery.snapshotStep,
    },
  };
}

/** Charts stay fast: keep at most this many points per curve (older ones are thinned). */
export const MAX_POINTS = 2000;

function thin<T>(points: T[]): T[] {
  return points.length <= MAX_POINTS
    ? points
    : points.filter((_, i) => i % 2 === 0 || i === points.length - 1);
}

function appendMetrics(
  prev: ModelSeries | undefined,
  m: ModelMetrics,
  wallMs: number,
  step: number,
): ModelSeries {
  const series: ModelSeries = prev
    ? { ...prev }
    : { id: m.id, losses: [], accuracy: [], kHistory: [], imagesPerSecond: 0 };
  if (m.losses.length > 0) {
    const losses = series.losses.slice();
    let smoothed = losses.length ? losses[losses.length - 1].smoothed : m.losses[0];
    m.losses.forEach((loss, i) => {
      smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * loss;
      losses.push({ step: m.steps[i], wallMs, loss, smoothed });
    });
    series.losses = thin(losses);
  }
  if (m.accuracy && series.accuracy[series.accuracy.length - 1]?.step !== m.accuracy.step) {
    // Thinned like the loss curve: a long run evaluates thousands of times.
    series.accuracy = thin([...series.accuracy, { step: m.accuracy.step, wallMs, value: m.accuracy.value }]);
  }
  if (m.kValues && m.kValues.length > 0 && series.kHistory[series.kHistory.length - 1]?.step !== step) {
    series.kHistory = thin([...series.kHistory, { step, values: m.kValues }]);
  }
  if (m.imagesPerSecond > 0) series.imagesPerSecond = m.imagesPerSecond;
  series.stopped = m.stopped;
  series.worker = m.worker;
  return series;
}

/** Pure reducer: worker messages in, render state out. */
export function reduceTraining(state: TrainingState, msg: TrainingAction): TrainingState {
  switch (msg.type) {
    case 'clear':
      return {
        ...state,
        series: {},
        step: 0,
        errors: [],
        deviceLost: undefined,
        recovery: undefined,
        previous: undefined,
        resumedAt: undefined,
      };
    case 'workerStarted':
      return startWorker(state, msg.generation, msg.recovery);
    case 'continued':
      if (!state.recovery) return state;
      return {
        ...state,
        series: seriesUpTo(state.recovery.series, msg.step),
        step: msg.step,
        recovery: undefined,
        resumedAt: msg.step,
      };
    case 'restarted':
      return state.recovery ? { ...state, previous: state.recovery.series, recovery: undefined } : state;
    case 'ready':
    case 'measured':
      return { ...state, selection: msg.selection };
    case 'dataset':
      return { ...state, dataset: msg.summary, progress: undefined };
    case 'progress':
      return { ...state, progress: msg.done >= msg.total ? undefined : msg };
    case 'status':
      return {
        // Train pressed while a recovery waits: that is a restart on the new worker.
        ...(msg.running ? reduceTraining(state, { type: 'restarted' }) : state),
        running: msg.running,
        configured: msg.configured,
        workers: msg.workers ?? 1,
        step: Math.max(msg.step, state.resumedAt ?? 0),
      };
    case 'metrics': {
      if (state.resumedAt !== undefined && msg.step < state.resumedAt) return state;
      const series = { ...state.series };
      for (const m of msg.models) series[m.id] = appendMetrics(series[m.id], m, msg.wallMs, msg.step);
      return { ...state, step: msg.step, series };
    }
    case 'error':
      return {
        ...state,
        // The worker's handlers run one at a time: the task that reported progress ended with this error
        // (a gzip stopped at its limit left "Decompressing …: 0%" on screen for good).
        progress: undefined,
        errors: [...state.errors.slice(-4), msg.message],
        running: msg.fatal ? false : state.running,
      };
    case 'workerFailed':
      return {
        ...state,
        failed: msg.message,
        running: false,
        configured: false,
        progress: undefined,
      };
    case 'deviceLost':
      return { ...state, deviceLost: msg.message, running: false };
    default:
      return state;
  }
}

/**
 * The lockstep run's speed: every step trains each running model on the same batch. The models of
 * one worker run one after the other, two workers (ModelSeries.worker) side by side, so a step
 * takes the longest worker's summed time and the run's images/s is the batch over it. A model's
 * share is its part of that time (with two workers the shares need not add up to 100%). Models
 * that stopped (or have no figure yet) are left out.
 */
export function lockstepThroughput(
  series: Record<string, ModelSeries>,
  ids: string[],
): { imagesPerSecond: number; shares: Record<string, number> } | undefined {
  const running = ids.filter((id) => !series[id]?.stopped && (series[id]?.imagesPerSecond ?? 0) > 0);
  if (running.length === 0) return undefined;
  const secondsPerImage = Object.fromEntries(running.map((id) => [id, 1 / series[id].imagesPerSecond]));
  const byWorker = new Map<number, number>();
  for (const id of running) {
    const w = series[id].worker ?? 0;
    byWorker.set(w, (byWorker.get(w) ?? 0) + secondsPerImage[id]);
  }
  const step = Math.max(...byWorker.values());
  const shares = Object.fromEntries(running.map((id) => [id, secondsPerImage[id] / step]));
  return { imagesPerSecond: 1 / step, shares };
}
