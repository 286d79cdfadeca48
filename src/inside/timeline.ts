/**
 * How each layer's batch statistics moved over training: one point per inspected step, per model
 * and conv layer. Plain data; the page appends every inspection's stats and draws the series.
 */
import type { LayerStats, ModelInspection } from './types';

export interface TimelinePoint {
  step: number;
  meanKernelNorm: number;
  effectiveStep: number;
  deadFilterFraction: number;
  zeroActivationFraction: number;
  /** CNN only (types.ts LayerStats.magnitudeShare). */
  magnitudeShare?: number;
  /** Mean θ (radians) over the histogram's pairs, from its bin centres. */
  meanTheta: number;
  /** The θ histogram as shares of its pairs (sums to 1, or all 0 with no live pair). */
  thetaShares: number[];
}

/** Per model id, per conv layer, the points in step order. */
export type Timeline = Record<string, TimelinePoint[][]>;

/** Points kept per series: past this every other one is dropped, so old training stays visible. */
export const TIMELINE_MAX_POINTS = 240;

export function pointOf(step: number, s: LayerStats): TimelinePoint {
  const total = s.thetaHistogram.reduce((a, b) => a + b, 0);
  const bin = Math.PI / Math.max(1, s.thetaHistogram.length);
  const meanTheta =
    total > 0 ? s.thetaHistogram.reduce((a, c, i) => a + c * (i + 0.5) * bin, 0) / total : Number.NaN;
  return {
    step,
    meanKernelNorm: s.meanKernelNorm,
    effectiveStep: s.effectiveStep,
    deadFilterFraction: s.deadFilterFraction,
    zeroActivationFraction: s.zeroActivationFraction,
    magnitudeShare: s.magnitudeShare,
    meanTheta,
    thetaShares: s.thetaHistogram.map((c) => (total > 0 ? c / total : 0)),
  };
}

/** Halves a series (keeps its first and last points) once it is longer than the cap. */
function thin(points: TimelinePoint[], max: number): TimelinePoint[] {
  if (points.length <= max) return points;
  return points.filter((_, i) => i % 2 === 0 || i === points.length - 1);
}

/**
 * The timeline with one inspection added. The stats are over a fixed batch, so a second
 * inspection at the same step (another digit picked while paused) adds nothing; a step lower than
 * the last (Reset, a new run) starts the model's series again.
 */
export function appendInspection(
  timeline: Timeline,
  step: number,
  models: ModelInspection[],
  max = TIMELINE_MAX_POINTS,
): Timeline {
  const next: Timeline = { ...timeline };
  for (const m of models) {
    const prev = timeline[m.id];
    const last = prev?.[0]?.at(-1)?.step;
    const restart = !prev || prev.length !== m.layers.length || last === undefined || step < last;
    if (!restart && step === last) continue;
    next[m.id] = m.layers.map((l, i) => thin([...(restart ? [] : prev[i]), pointOf(step, l.stats)], max));
  }
  return next;
}
