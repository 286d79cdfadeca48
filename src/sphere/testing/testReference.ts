/**
 * Explicit float64 references for the tests: the operators as the paper writes them, SphereConv
 * patch by patch, a plain conv2d (no tf.js, none of the code under test), and a seeded random source.
 */
import type { SphereOperator } from '../angular';

/**
 * g(θ) written from the paper's formulas, independently of src/sphere/angular.ts (which uses a
 * tanh form): linear 1 − 2θ/π; cosine cos θ; sigmoid in its exponential form
 * [(1+e^{−π/(2k)})/(1−e^{−π/(2k)})]·[(1−e^{θ/k−π/(2k)})/(1+e^{θ/k−π/(2k)})]. Float64; fine for
 * k ≥ 0.005 (e^{π/(2k)} stays finite).
 */
export function paperOperator(op: SphereOperator, theta: number, k: number): number {
  if (op === 'linear') return -(2 * theta) / Math.PI + 1;
  if (op === 'cosine') return Math.cos(theta);
  const e0 = Math.exp(-Math.PI / (2 * k));
  const e = Math.exp(theta / k - Math.PI / (2 * k));
  return ((1 + e0) / (1 - e0)) * ((1 - e) / (1 + e));
}

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomArray(n: number, rand: () => number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

export interface RefConvArgs {
  x: ArrayLike<number>;
  xShape: [number, number, number, number];
  w: ArrayLike<number>;
  wShape: [number, number, number, number];
  strides: number;
  padding: 'same' | 'valid';
  operator: SphereOperator;
  /** One k per filter (the effective k). */
  k: number[];
}

/** g(θ) per output position and filter; θ from the clamped cosine of each patch and filter. */
export function referenceSphereConv(a: RefConvArgs): { out: Float64Array; shape: number[] } {
  const [b, h, w, cin] = a.xShape;
  const [kh, kw, , cout] = a.wShape;
  const s = a.strides;
  const outH = a.padding === 'same' ? Math.ceil(h / s) : Math.ceil((h - kh + 1) / s);
  const outW = a.padding === 'same' ? Math.ceil(w / s) : Math.ceil((w - kw + 1) / s);
  const padTop = a.padding === 'same' ? Math.floor(Math.max((outH - 1) * s + kh - h, 0) / 2) : 0;
  const padLeft = a.padding === 'same' ? Math.floor(Math.max((outW - 1) * s + kw - w, 0) / 2) : 0;
  const wNorm = new Float64Array(cout);
  for (let o = 0; o < cout; o++) {
    let sum = 0;
    for (let i = 0; i < kh * kw * cin; i++) sum += a.w[i * cout + o] ** 2;
    wNorm[o] = Math.sqrt(sum + 1e-4);
  }
  const out = new Float64Array(b * outH * outW * cout);
  const xAt = (n: number, y: number, x: number, c: number) =>
    y < 0 || y >= h || x < 0 || x >= w ? 0 : a.x[((n * h + y) * w + x) * cin + c];
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        // The patch (zero outside the image, as the conv's padding).
        const patch: number[] = [];
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++)
            for (let c = 0; c < cin; c++) patch.push(xAt(n, oy * s + i - padTop, ox * s + j - padLeft, c));
        const pNorm = Math.sqrt(patch.reduce((acc, v) => acc + v * v, 0) + 1e-4);
        for (let o = 0; o < cout; o++) {
          let dot = 0;
          for (let p = 0; p < patch.length; p++) dot += patch[p] * a.w[p * cout + o];
          const cos = Math.min(1 - 1e-6, Math.max(-1 + 1e-6, dot / (pNorm * wNorm[o])));
          out[((n * outH + oy) * outW + ox) * cout + o] =
            a.operator === 'cosine'
              ? dot / (pNorm * wNorm[o])
              : paperOperator(a.operator, Math.acos(cos), a.k[o]);
        }
      }
    }
  }
  return { out, shape: [b, outH, outW, cout] };
}

/** Plain float64 conv2d (NHWC, filter [kh,kw,cin,cout]) with tf.js' 'same'/'valid' padding. */
export function referenceConv2d(
  x: ArrayLike<number>,
  xShape: number[],
  w: ArrayLike<number>,
  wShape: number[],
  s: number,
  padding: 'same' | 'valid',
): { out: Float64Array; shape: number[] } {
  const [b, h, wd, cin] = xShape;
  const [kh, kw, , cout] = wShape;
  const outH = padding === 'same' ? Math.ceil(h / s) : Math.ceil((h - kh + 1) / s);
  const outW = padding === 'same' ? Math.ceil(wd / s) : Math.ceil((wd - kw + 1) / s);
  const padTop = padding === 'same' ? Math.floor(Math.max((outH - 1) * s + kh - h, 0) / 2) : 0;
  const padLeft = padding === 'same' ? Math.floor(Math.max((outW - 1) * s + kw - wd, 0) / 2) : 0;
  const out = new Float64Array(b * outH * outW * cout);
  for (let n = 0; n < b; n++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const y = oy * s + i - padTop;
            const xx = ox * s + j - padLeft;
            if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
            for (let c = 0; c < cin; c++) {
              const xv = x[((n * h + y) * wd + xx) * cin + c];
              for (let o = 0; o < cout; o++)
                out[((n * outH + oy) * outW + ox) * cout + o] += xv * w[((i * kw + j) * cin + c) * cout + o];
            }
          }
  return { out, shape: [b, outH, outW, cout] };
}

/** Plain float64 max-pool, size = stride = p, 'valid' (NHWC). */
export function referenceMaxPool(x: ArrayLike<number>, shape: number[], p: number): Float64Array {
  const [b, h, w, c] = shape;
  const oh = Math.floor(h / p);
  const ow = Math.floor(w / p);
  const out = new Float64Array(b * oh * ow * c).fill(-Infinity);
  for (let n = 0; n < b; n++)
    for (let y = 0; y < oh * p; y++)
      for (let xx = 0; xx < ow * p; xx++)
        for (let ch = 0; ch < c; ch++) {
          const at = ((n * oh + Math.floor(y / p)) * ow + Math.floor(xx / p)) * c + ch;
          out[at] = Math.max(out[at], x[((n * h + y) * w + xx) * c + ch]);
        }
  return out;
}
