/**
 * Explicit float64 references for the tests: SphereConv patch by patch, exactly as PAPER.md
 * writes it (no tf.js), and a seeded random source.
 */
import { angularFn, type SphereOperator } from './angular';

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
  x: Float32Array;
  xShape: [number, number, number, number];
  w: Float32Array;
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
              : angularFn(a.operator, Math.acos(cos), a.k[o]);
        }
      }
    }
  }
  return { out, shape: [b, outH, outW, cout] };
}
