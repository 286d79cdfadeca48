/**
 * How long a live Features run takes on this machine: the time per step measured in the worker
 * over the run's first steps (its training wall time, pauses excluded, with the view's feature
 * polling included, as the run will go), times the steps. And the length of a shorter run.
 */

/** A point of the worker's metrics: the step reached at that much training wall time. */
export interface TimedStep {
  step: number;
  wallMs: number;
}

export interface StepTiming {
  msPerStep: number;
  /** The steps the figure was measured over (from, to]. */
  fromStep: number;
  toStep: number;
}

/** Steps to time before an ETA is given: fewer, and one slow step (a GC, a poll) skews it. */
export const MIN_TIMED_STEPS = 4;

/**
 * The time per step from the metrics so far. Each metrics message stamps all its steps with one
 * wall time: the highest step of a message is the one that ended then. The first message is the
 * baseline, not a sample: it holds the first step's one-off costs (kernel compilation, weight
 * upload) that the later steps do not pay.
 */
export function measureStepTime(
  points: readonly TimedStep[],
  minSteps: number = MIN_TIMED_STEPS,
): StepTiming | undefined {
  const ends = new Map<number, number>();
  for (const p of points) ends.set(p.wallMs, Math.max(ends.get(p.wallMs) ?? 0, p.step));
  const marks = [...ends].map(([wallMs, step]) => ({ wallMs, step })).sort((a, b) => a.step - b.step);
  if (marks.length < 2) return undefined;
  const first = marks[0];
  const last = marks[marks.length - 1];
  const steps = last.step - first.step;
  if (steps < minSteps || last.wallMs <= first.wallMs) return undefined;
  return { msPerStep: (last.wallMs - first.wallMs) / steps, fromStep: first.step, toStep: last.step };
}

/** "about 45 s", "about 8 min", "about 1 h 5 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 90) return `about ${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `about ${min} min`;
  const h = Math.floor(min / 60);
  const rest = min - 60 * h;
  return `about ${h} h${rest ? ` ${rest} min` : ''}`;
}

/** The shortest run offered: C4's own runs are 400 steps, and their features already part. */
export const SHORT_RUN_MIN_STEPS = 400;
/** What a shorter run aims to take on this machine. */
export const SHORT_RUN_TARGET_MS = 5 * 60_000;

/**
 * A shorter run's length: what fits in SHORT_RUN_TARGET_MS at this speed, in hundreds of steps,
 * at least SHORT_RUN_MIN_STEPS and at most half the full run; none when the full run is that short.
 */
export function shorterRunSteps(
  msPerStep: number,
  fullSteps: number,
  targetMs: number = SHORT_RUN_TARGET_MS,
): number | undefined {
  const half = Math.floor(fullSteps / 2 / 100) * 100;
  if (half < SHORT_RUN_MIN_STEPS) return undefined;
  const fits = Math.floor(targetMs / msPerStep / 100) * 100;
  return Math.min(half, Math.max(SHORT_RUN_MIN_STEPS, fits));
}
