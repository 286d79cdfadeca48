/**
 * Angular statistics of 2-D features (PAPER.md: "MNIST 2D features of SphereNet are more compact
 * with larger angular margin"). Plain TypeScript on flat [n×2] row-major arrays: no tf.js, no DOM.
 */

/** Wraps an angle to (−π, π]. */
export function wrapAngle(a: number): number {
  const w = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
  return w === -Math.PI ? Math.PI : w;
}

/** The direction of each feature, atan2(y, x) in (−π, π]. A zero feature gets angle 0. */
export function featureAngles(features: ArrayLike<number>): Float64Array {
  const n = Math.floor(features.length / 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.atan2(features[2 * i + 1], features[2 * i]);
  return out;
}

/** Features projected on the unit circle (zero stays zero). */
export function normalizeFeatures(features: ArrayLike<number>): Float32Array {
  const out = new Float32Array(features.length);
  for (let i = 0; i + 1 < features.length; i += 2) {
    const r = Math.hypot(features[i], features[i + 1]);
    if (r > 0) {
      out[i] = features[i] / r;
      out[i + 1] = features[i + 1] / r;
    }
  }
  return out;
}

export interface ClassDirections {
  /** Circular mean direction per class (NaN for a class with no samples). */
  mean: Float64Array;
  /** Samples per class. */
  count: Int32Array;
}

/** Per-class circular mean of the feature directions (each feature counts as a unit vector). */
export function classMeanDirections(
  angles: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
): ClassDirections {
  const sx = new Float64Array(numClasses);
  const sy = new Float64Array(numClasses);
  const count = new Int32Array(numClasses);
  for (let i = 0; i < angles.length; i++) {
    const c = labels[i];
    sx[c] += Math.cos(angles[i]);
    sy[c] += Math.sin(angles[i]);
    count[c] += 1;
  }
  const mean = new Float64Array(numClasses);
  for (let c = 0; c < numClasses; c++) mean[c] = count[c] > 0 ? Math.atan2(sy[c], sx[c]) : Number.NaN;
  return { mean, count };
}

/**
 * Angular spread of each class: the mean absolute angle (radians, in [0, π]) between a sample's
 * feature direction and its class's circular mean direction. NaN for classes with no samples.
 */
export function classAngularSpread(
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
): Float64Array {
  const angles = featureAngles(features);
  const { mean, count } = classMeanDirections(angles, labels, numClasses);
  const sum = new Float64Array(numClasses);
  for (let i = 0; i < angles.length; i++) {
    const c = labels[i];
    sum[c] += Math.abs(wrapAngle(angles[i] - mean[c]));
  }
  return sum.map((s, c) => (count[c] > 0 ? s / count[c] : Number.NaN));
}

/** Mean over the classes present of their angular spread (radians). */
export function meanAngularSpread(
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
): number {
  const spread = classAngularSpread(features, labels, numClasses).filter((s) => !Number.isNaN(s));
  return spread.length ? spread.reduce((a, b) => a + b, 0) / spread.length : Number.NaN;
}

/**
 * Mean per-class spread divided by the spread of all samples about their common circular mean:
 * near 1 when the classes overlap (as at init, where a random net maps every digit into one
 * narrow cone, so the raw spread is small there too), near 0 when each class owns a tight sector.
 */
export function relativeAngularSpread(
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
): number {
  const overall = meanAngularSpread(features, new Int32Array(Math.floor(features.length / 2)), 1);
  return overall > 0 ? meanAngularSpread(features, labels, numClasses) / overall : Number.NaN;
}

/**
 * Per-class histogram of feature angles over (−π, π]: counts[c * bins + b]. Bin b covers
 * [−π + b·w, −π + (b+1)·w) with w = 2π / bins (π itself lands in the last bin).
 */
export function angleHistogram(
  angles: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
  bins: number,
): Int32Array {
  const counts = new Int32Array(numClasses * bins);
  const width = (2 * Math.PI) / bins;
  for (let i = 0; i < angles.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((wrapAngle(angles[i]) + Math.PI) / width)));
    counts[labels[i] * bins + b] += 1;
  }
  return counts;
}

/** The q-quantile (linear interpolation) of a sorted array. */
function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface ClassSector {
  /** Class id. */
  cls: number;
  /** Circular mean direction (radians). */
  mean: number;
  /** Sector edges as offsets from the mean: the trim and 1 − trim quantiles of the deviations. */
  lo: number;
  hi: number;
}

/**
 * Each class's angular sector: the arc around its circular mean that holds the central
 * (1 − 2·trim) share of its feature directions (trim drops stray points on each side, so one
 * misclassified digit does not decide a class's extent). Sorted by mean direction.
 */
export function classSectors(
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
  trim = 0.05,
): ClassSector[] {
  const angles = featureAngles(features);
  const { mean, count } = classMeanDirections(angles, labels, numClasses);
  const deviations: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < angles.length; i++) deviations[labels[i]].push(wrapAngle(angles[i] - mean[labels[i]]));
  const sectors: ClassSector[] = [];
  for (let c = 0; c < numClasses; c++) {
    if (count[c] === 0) continue;
    const d = Float64Array.from(deviations[c]).sort();
    sectors.push({ cls: c, mean: mean[c], lo: sortedQuantile(d, trim), hi: sortedQuantile(d, 1 - trim) });
  }
  return sectors.sort((a, b) => a.mean - b.mean);
}

/**
 * Minimum angular margin between class sectors (radians): going round the circle in the order of
 * the class mean directions, the gap between one sector's far edge and the next one's near edge;
 * the smallest gap over all neighbours. Negative when neighbouring sectors overlap. This is the
 * poster's "larger angular margin" made a number: how much empty angle separates the classes.
 * NaN with fewer than two classes present.
 */
export function minAngularMargin(
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
  trim = 0.05,
): number {
  const sectors = classSectors(features, labels, numClasses, trim);
  if (sectors.length < 2) return Number.NaN;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < sectors.length; i++) {
    const a = sectors[i];
    const b = sectors[(i + 1) % sectors.length];
    // Angle from a's mean to b's mean, counter-clockwise: sectors are sorted, so only the last
    // pair (back to the first) wraps round.
    const between = b.mean - a.mean + (i === sectors.length - 1 ? 2 * Math.PI : 0);
    min = Math.min(min, between - a.hi + b.lo);
  }
  return min;
}
