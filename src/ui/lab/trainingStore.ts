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
}

export interface TrainingState {
  selection?: BackendSelection;
  dataset?: DatasetSummary;
  progress?: { task: string; done: number; total: number; etaMs?: number };
  running: boolean;
  configured: boolean;
  step: number;
  series: Record<string, ModelSeries>;
  errors: string[];
  deviceLost?: string;
}

export const initialTrainingState: TrainingState = {
  running: false,
  configured: false,
  step: 0,
  series: {},
  errors: [],
};

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
  return series;
}

/** Pure reducer: worker messages in, render state out. */
export function reduceTraining(state: TrainingState, msg: WorkerToPage | { type: 'clear' }): TrainingState {
  switch (msg.type) {
    case 'clear':
      return { ...state, series: {}, step: 0, errors: [], deviceLost: undefined };
    case 'ready':
    case 'measured':
      return { ...state, selection: msg.selection };
    case 'dataset':
      return { ...state, dataset: msg.summary, progress: undefined };
    case 'progress':
      return { ...state, progress: msg.done >= msg.total ? undefined : msg };
    case 'status':
      return {
        ...state,
        running: msg.running,
        configured: msg.configured,
        step: msg.step,
      };
    case 'metrics': {
      const series = { ...state.series };
      for (const m of msg.models) series[m.id] = appendMetrics(series[m.id], m, msg.wallMs, msg.step);
      return { ...state, step: msg.step, series };
    }
    case 'error':
      return {
        ...state,
        errors: [...state.errors.slice(-4), msg.message],
        running: msg.fatal ? false : state.running,
      };
    case 'deviceLost':
      return { ...state, deviceLost: msg.message, running: false };
    default:
      return state;
  }
}

/**
 * The lockstep run's speed: every step trains each running model on the same batch, one after the
 * other, so the run's images/s is the batch over the summed step times (1 / Σ 1/ips), and a model's
 * share is its part of that time. Models that stopped (or have no figure yet) are left out.
 */
export function lockstepThroughput(
  series: Record<string, ModelSeries>,
  ids: string[],
): { imagesPerSecond: number; shares: Record<string, number> } | undefined {
  const running = ids.filter((id) => !series[id]?.stopped && (series[id]?.imagesPerSecond ?? 0) > 0);
  if (running.length === 0) return undefined;
  const secondsPerImage = Object.fromEntries(running.map((id) => [id, 1 / series[id].imagesPerSecond]));
  const total = Object.values(secondsPerImage).reduce((a, b) => a + b, 0);
  const shares = Object.fromEntries(running.map((id) => [id, secondsPerImage[id] / total]));
  return { imagesPerSecond: 1 / total, shares };
}
