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

/** Separable Gaussian blur with clamped edges. */
function blur(src: Float64Array, size: number): Float64Array {
  const tmp = new Float64Array(src.length);
  const out = new Float64Array(src.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let k = 0; k < 11; k++) {
        const xx = Math.min(size - 1, Math.max(0, x + k - 5));
        s += TAPS[k] * src[y * size + xx];
      }
      tmp[y * size + x] = s;
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let k = 0; k < 11; k++) {
        const yy = Math.min(size - 1, Math.max(0, y + k - 5));
        s += TAPS[k] * tmp[yy * size + x];
      }
      out[y * size + x] = s;
    }
  }
  return out;
}

/**
 * Mean SSIM (Wang et al. 2004: Gaussian window σ = 1.5, K1 = 0.01, K2 = 0.03) of two size×size
 * images whose values span `dataRange` (1 for images in [0, 1]). 1 means identical.
 */
export function ssim(a: Float32Array, b: Float32Array, size: number, dataRange = 1): number {
  const n = size * size;
  if (a.length !== n || b.length !== n) throw new Error(`ssim: need two ${size}×${size} images.`);
  const c1 = (0.01 * dataRange) ** 2;
  const c2 = (0.03 * dataRange) ** 2;
  const fa = Float64Array.from(a);
  const fb = Float64Array.from(b);
  const aa = new Float64Array(n);
  const bb = new Float64Array(n);
  const ab = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    aa[i] = fa[i] * fa[i];
    bb[i] = fb[i] * fb[i];
    ab[i] = fa[i] * fb[i];
  }
  const mua = blur(fa, size);
  const mub = blur(fb, size);
  const saa = blur(aa, size);
  const sbb = blur(bb, size);
  const sab = blur(ab, size);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const va = saa[i] - mua[i] * mua[i];
    const vb = sbb[i] - mub[i] * mub[i];
    const cov = sab[i] - mua[i] * mub[i];
    total +=
      ((2 * mua[i] * mub[i] + c1) * (2 * cov + c2)) / ((mua[i] ** 2 + mub[i] ** 2 + c1) * (va + vb + c2));
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
  all.sort();
  const lo = all[Math.floor(lowQ * (all.length - 1))];
  const hi = all[Math.ceil(highQ * (all.length - 1))];
  const span = hi - lo;
  return planes.map((p) => {
    const out = new Float32Array(p.length);
    if (span <= 0) return out.fill(0.5);
    for (let i = 0; i < p.length; i++) out[i] = Math.min(1, Math.max(0, (p[i] - lo) / span));
    return out;
  });
}
