/** Similarity of two images of the same shape. Plain arrays, no DOM. */

/** Pearson correlation over all pixels; 0 when either image is constant. Invariant to gain and offset. */
export function correlation(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`correlation: lengths differ (${a.length} vs ${b.length}).`);
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return 0;
  return sab / Math.sqrt(saa * sbb);
}

/** 11-tap Gaussian, σ = 1.5: the window of Wang et al. (2004). */
function gaussianTaps(): Float64Array {
  const taps = new Float64Array(11);
  let sum = 0;
  for (let i = 0; i < 11; i++) {
    taps[i] = Math.exp(-((i - 5) ** 2) / (2 * 1.5 * 1.5));
    sum += taps[i];
  }
  for (let i = 0; i < 11; i++) taps[i] /= sum;
  return taps;
}
const TAPS = gaussianTaps();

/** Separable Gaussian blur with clamped edges; the interior skips the clamping. */
function blur(src: Float64Array, size: number): Float64Array {
  const tmp = new Float64Array(src.length);
  const out = new Float64Array(src.length);
  const edge = (x: number) => Math.min(size - 1, Math.max(0, x));
  for (let y = 0; y < size; y++) {
    const row = y * size;
    for (let x = 0; x < size; x++) {
      let acc = 0;
      if (x >= 5 && x < size - 5) {
        for (let k = 0; k < 11; k++) acc += TAPS[k] * src[row + x + k - 5];
      } else {
        for (let k = 0; k < 11; k++) acc += TAPS[k] * src[row + edge(x + k - 5)];
      }
      tmp[row + x] = acc;
    }
  }
  // Vertical pass row by row (contiguous inner loop: what the JIT handles best).
  for (let y = 0; y < size; y++) {
    const row = y * size;
    for (let k = 0; k < 11; k++) {
      const from = edge(y + k - 5) * size;
      const w = TAPS[k];
      for (let x = 0; x < size; x++) out[row + x] += w * tmp[from + x];
    }
  }
  return out;
}

/** Local mean and mean of squares under the window. */
interface Moments {
  mu: Float64Array;
  sq: Float64Array;
  values: Float64Array;
}

/**
 * An image's moments are needed once per comparison, and each image is compared with two others
 * (a result with A and with B; A with both results), so they are kept per array, for as long as
 * the array lives.
 */
const momentCache = new WeakMap<Float32Array, Moments>();
function momentsOf(x: Float32Array, size: number): Moments {
  let m = momentCache.get(x);
  if (!m) {
    const values = Float64Array.from(x);
    m = {
      mu: blur(values, size),
      sq: blur(
        values.map((v) => v * v),
        size,
      ),
      values,
    };
    momentCache.set(x, m);
  }
  return m;
}

/**
 * Mean SSIM (Wang et al. 2004: Gaussian window σ = 1.5, K1 = 0.01, K2 = 0.03) of two size×size
 * images whose values span `dataRange` (1 for images in [0, 1]). 1 means identical.
 * Treat the arrays as immutable afterwards: their window moments are cached.
 */
export function ssim(a: Float32Array, b: Float32Array, size: number, dataRange = 1): number {
  const n = size * size;
  if (a.length !== n || b.length !== n) throw new Error(`ssim: need two ${size}×${size} images.`);
  const c1 = (0.01 * dataRange) ** 2;
  const c2 = (0.03 * dataRange) ** 2;
  const ma = momentsOf(a, size);
  const mb = momentsOf(b, size);
  const ab = new Float64Array(n);
  for (let i = 0; i < n; i++) ab[i] = ma.values[i] * mb.values[i];
  const sab = blur(ab, size);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const ua = ma.mu[i];
    const ub = mb.mu[i];
    const va = ma.sq[i] - ua * ua;
    const vb = mb.sq[i] - ub * ub;
    const cov = sab[i] - ua * ub;
    total += ((2 * ua * ub + c1) * (2 * cov + c2)) / ((ua * ua + ub * ub + c1) * (va + vb + c2));
  }
  return total / n;
}

/** Correlation over all channels together; SSIM averaged over channels. */
export function similarity(
  a: readonly Float32Array[],
  b: readonly Float32Array[],
  size: number,
): { correlation: number; ssim: number } {
  if (a.length !== b.length) throw new Error(`similarity: ${a.length} vs ${b.length} channels.`);
  const join = (planes: readonly Float32Array[]) => {
    const out = new Float32Array(planes.length * size * size);
    planes.forEach((p, c) => {
      out.set(p, c * size * size);
    });
    return out;
  };
  let s = 0;
  for (let c = 0; c < a.length; c++) s += ssim(a[c], b[c], size);
  return { correlation: correlation(join(a), join(b)), ssim: s / a.length };
}

/** The k-th smallest value (0-based) of `xs`, reordering it: Hoare's selection, O(n) on average. */
function selectKth(xs: Float32Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as pivot: sorted or constant-ish inputs stay O(n).
    const pivot = Math.max(Math.min(xs[lo], xs[hi]), Math.min(Math.max(xs[lo], xs[hi]), xs[mid]));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k];
  }
  return xs[k];
}

/**
 * Maps values to [0, 1] by their 0.5th and 99.5th percentiles (clipping the rest): a swap result
 * has arbitrary range and a few extreme pixels, and a plain min–max would wash it out. Applied to
 * all channels together so colour balance survives.
 */
export function normalizeForDisplay(
  planes: readonly Float32Array[],
  lowQ = 0.005,
  highQ = 0.995,
): Float32Array[] {
  const all = new Float32Array(planes.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of planes) {
    all.set(p, at);
    at += p.length;
  }
  const lo = selectKth(all, Math.floor(lowQ * (all.length - 1)));
  const hi = selectKth(all, Math.ceil(highQ * (all.length - 1)));
  const span = hi - lo;
  return planes.map((p) => {
    const out = new Float32Array(p.length);
    if (span <= 0) return out.fill(0.5);
    for (let i = 0; i < p.length; i++) out[i] = Math.min(1, Math.max(0, (p[i] - lo) / span));
    return out;
  });
}
