/**
 * Pure arithmetic for bench-browser: frame-interval percentiles, long tasks in a window, and
 * images/s per model aggregated from the worker's metrics messages.
 */
import type { RecordedMessage } from './bench-browser-page';

/** Nearest-rank percentile (p in [0, 100]); NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface FrameStats {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Intervals between consecutive rAF timestamps that both fall inside [from, to]. */
export function frameIntervals(frames: number[], from: number, to: number): number[] {
  const inside = frames.filter((t) => t >= from && t <= to);
  return inside.slice(1).map((t, i) => t - inside[i]);
}

export function frameStats(intervals: number[]): FrameStats {
  return {
    frames: intervals.length,
    p50Ms: percentile(intervals, 50),
    p95Ms: percentile(intervals, 95),
    maxMs: intervals.length ? Math.max(...intervals) : Number.NaN,
  };
}

export interface LongTaskStats {
  count: number;
  totalMs: number;
  longestMs: number;
}

/** Long tasks that start inside [from, to]. */
export function longTaskStats(
  tasks: { start: number; duration: number }[],
  from: number,
  to: number,
): LongTaskStats {
  const inside = tasks.filter((t) => t.start >= from && t.start <= to);
  return {
    count: inside.length,
    totalMs: inside.reduce((s, t) => s + t.duration, 0),
    longestMs: inside.reduce((m, t) => Math.max(m, t.duration), 0),
  };
}

interface MetricsModel {
  id: string;
  steps: number[];
  imagesPerSecond: number;
  stopped?: string;
}

export interface ModelThroughput {
  /** Measured steps (after warm-up). */
  steps: number;
  imgPerSec: number;
  msPerStep: number;
  stopped?: string;
}

/**
 * images/s per model over the steps numbered above `afterStep`. Each metrics message reports
 * images/s for the steps since the previous one (busy time of that model only, so both models
 * of a lockstep pair are timed separately). A window of n steps at r images/s took n·B/r: the
 * aggregate is Σn / Σ(n/r) steps per "image-second", i.e. a step-weighted harmonic mean.
 * Windows that straddle the warm-up boundary are left out whole.
 */
export function modelThroughput(
  messages: RecordedMessage[],
  afterStep: number,
  batchSize: number,
): Record<string, ModelThroughput> {
  const sums = new Map<string, { steps: number; seconds: number; stopped?: string }>();
  for (const { data } of messages) {
    if (data.type !== 'metrics') continue;
    for (const m of data.models as MetricsModel[]) {
      const s = sums.get(m.id) ?? { steps: 0, seconds: 0 };
      if (m.stopped) s.stopped = m.stopped;
      sums.set(m.id, s);
      if (m.steps.length === 0 || m.steps[0] <= afterStep || !(m.imagesPerSecond > 0)) continue;
      s.steps += m.steps.length;
      s.seconds += (m.steps.length * batchSize) / m.imagesPerSecond;
    }
  }
  const out: Record<string, ModelThroughput> = {};
  for (const [id, s] of sums) {
    const imgPerSec = s.seconds > 0 ? (s.steps * batchSize) / s.seconds : Number.NaN;
    out[id] = { steps: s.steps, imgPerSec, msPerStep: (1000 * batchSize) / imgPerSec, stopped: s.stopped };
  }
  return out;
}

/** Page time of the first metrics message whose step reached `step` (undefined if none yet). */
export function timeOfStep(messages: RecordedMessage[], step: number): number | undefined {
  return messages.find((m) => m.data.type === 'metrics' && (m.data.step as number) >= step)?.t;
}

/** The last metrics step seen, and the first error the worker reported. */
export function progressOf(messages: RecordedMessage[]): { step: number; error?: string } {
  let step = 0;
  let error: string | undefined;
  for (const { data } of messages) {
    if (data.type === 'metrics') step = data.step as number;
    if ((data.type === 'error' || data.type === 'deviceLost') && !error) error = String(data.message);
  }
  return { step, error };
}
