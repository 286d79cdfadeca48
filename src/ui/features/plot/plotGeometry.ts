/**
 * Where the scatter plots put each feature: pure math, tested in Node. The canvas components own
 * the drawing; these functions own the mapping (feature space → pixels) and the hit test.
 */
import { normalizeFeatures } from '../../../features/spread';

export type Projection = 'raw' | 'unit';

/** Radial jitter of the unit-circle view, so 2,000 points on one circle still show their density. */
const UNIT_JITTER = 0.06;

/** A deterministic value in [−0.5, 0.5) per point index: the jitter never flickers between frames. */
function hashJitter(i: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296 - 0.5;
}

/** The positions to plot, [n×2]: the raw features, or their directions on the (jittered) unit circle. */
export function projectFeatures(features: ArrayLike<number>, projection: Projection): Float32Array {
  if (projection === 'raw') return Float32Array.from(features);
  const unit = normalizeFeatures(features);
  for (let i = 0; i < unit.length / 2; i++) {
    const r = 1 + UNIT_JITTER * hashJitter(i);
    unit[2 * i] *= r;
    unit[2 * i + 1] *= r;
  }
  return unit;
}

/**
 * Half-width of the square view, centred on the origin (the class rays start there). The 98th
 * percentile of |x|, |y| with a margin: one runaway feature must not squash the other 1,999.
 */
export function plotExtent(points: ArrayLike<number>, projection: Projection): number {
  if (projection === 'unit') return 1.25;
  const n = Math.floor(points.length / 2);
  if (n === 0) return 1;
  const mags = new Float64Array(n);
  for (let i = 0; i < n; i++) mags[i] = Math.max(Math.abs(points[2 * i]), Math.abs(points[2 * i + 1]));
  mags.sort();
  const q = mags[Math.min(n - 1, Math.floor(0.98 * n))];
  return q > 0 && Number.isFinite(q) ? q * 1.15 : 1;
}

/** Maps plot coordinates to pixels of a size×size canvas (y up), [n×2]. */
export function toScreen(points: ArrayLike<number>, extent: number, size: number): Float32Array {
  const out = new Float32Array(points.length);
  const scale = size / (2 * extent);
  for (let i = 0; i + 1 < points.length; i += 2) {
    out[i] = size / 2 + points[i] * scale;
    out[i + 1] = size / 2 - points[i + 1] * scale;
  }
  return out;
}

/** Index of the screen point nearest (x, y) within maxDistance pixels, or −1. */
export function nearestPoint(screen: ArrayLike<number>, x: number, y: number, maxDistance: number): number {
  let best = -1;
  let bestD2 = maxDistance * maxDistance;
  for (let i = 0; i + 1 < screen.length; i += 2) {
    const dx = screen[i] - x;
    const dy = screen[i + 1] - y;
    const d2 = dx * dx + dy * dy;
    if (d2 <= bestD2) {
      bestD2 = d2;
      best = i / 2;
    }
  }
  return best;
}
