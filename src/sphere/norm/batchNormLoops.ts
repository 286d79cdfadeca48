/**
 * BatchNorm in training mode (channels last, statistics over every other axis) as plain loops
 * over float32 arrays: the JavaScript kernels of src/engine/kernels/wasm/batchNorm.ts (wasm where
 * the SIMD module cannot run, and cpu), and the per-channel algebra its SIMD path shares. Sums in
 * float64. `relu`: BN followed by a ReLU in one pass (y = max(0, BN(x))), and its gradient with
 * the ReLU's mask (y > 0) applied to dy on the fly.
 */

/**
 * Rows per block of the loops below: each block (~16 KB of float32) stays in the L1 cache while
 * every channel walks it with a stride of C. Per channel the running values are local doubles,
 * not entries of an array: a loop that adds into sum[ch] element by element (one array store per
 * element) measured 1.5–2× slower in Node here.
 */
function blockRows(channels: number): number {
  return Math.max(1, Math.floor(4096 / channels));
}

export type Coefficients = Float32Array | Float64Array;

/**
 * mean, the biased variance, and y = (x − x₀)·scale + offset per channel, from sums[ch] = Σd and
 * sums[c + ch] = Σd² over `rows` rows, d = x − x₀ (x₀ = the channel's value in row 0, x0[ch]).
 * Shifted by a value inside the data, E[d²] − E[d]² in float64 does not cancel the way E[x²] − E[x]²
 * can, and centering y on x₀ keeps float32 from cancelling when |mean| ≫ std.
 */
export function forwardCoefficients(
  sums: Float64Array,
  x0: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  rows: number,
  out: { mean: Float32Array; variance: Float32Array; scale: Coefficients; offset: Coefficients },
): void {
  const c = gamma.length;
  for (let ch = 0; ch < c; ch++) {
    const dMean = sums[ch] / rows;
    const v = Math.max(0, sums[c + ch] / rows - dMean * dMean);
    const scale = gamma[ch] / Math.sqrt(v + epsilon);
    out.mean[ch] = x0[ch] + dMean;
    out.variance[ch] = v;
    out.scale[ch] = scale;
    out.offset[ch] = beta[ch] - dMean * scale;
  }
}

/**
 * y = (x − mean)/√(var + ε)·γ + β per channel, or max(0, that) with `relu`; writes y, mean and
 * the biased variance (of x: the statistics do not see the ReLU).
 */
export function batchNormTrainInto(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  relu = false,
): void {
  const c = gamma.length;
  const n = x.length;
  const step = blockRows(c) * c;
  const sums = new Float64Array(2 * c);
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    for (let ch = 0; ch < c; ch++) {
      const shift = x[ch];
      let s = 0;
      let q = 0;
      for (let i = start + ch; i < end; i += c) {
        const d = x[i] - shift;
        s += d;
        q += d * d;
      }
      sums[ch] += s;
      sums[c + ch] += q;
    }
  }
  const scale = new Float64Array(c);
  const offset = new Float64Array(c);
  forwardCoefficients(sums, x, gamma, beta, epsilon, n / c, { mean, variance, scale, offset });
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    for (let ch = 0; ch < c; ch++) {
      const shift = x[ch];
      const a = scale[ch];
      const b = offset[ch];
      if (relu)
        for (let i = start + ch; i < end; i += c) {
          const v = (x[i] - shift) * a + b;
          y[i] = Math.max(v, 0);
        }
      else for (let i = start + ch; i < end; i += c) y[i] = (x[i] - shift) * a + b;
    }
  }
}

/**
 * From sums[ch] = Σdy and sums[c + ch] = Σdy·(x − mean) over M rows, with σ = √(var + ε) and
 * x̂ = (x − mean)/σ: dβ = Σdy, dγ = Σdy·x̂, and dx = a·(dy − dyCenter) + b·(x − mean) + k per
 * channel, the closed form dx = (γ/σ)(dy − dβ/M − x̂·dγ/M) + dMean/M + dVar·2(x − mean)/M (the last
 * two from the mean and variance outputs, zero when only y reaches the loss). dyCenter is dy's mean
 * as the output array holds it (float32 on the SIMD path; k takes its rounding): centered, a·dy
 * does not cancel against k in float32 when dy's mean is large next to its spread.
 */
export function gradCoefficients(
  sums: Float64Array,
  gamma: Float32Array,
  variance: Float32Array,
  dMean: Float32Array,
  dVar: Float32Array,
  epsilon: number,
  rows: number,
  out: { dGamma: Float32Array; dBeta: Float32Array; dyCenter: Coefficients } & Record<
    'a' | 'b' | 'k',
    Coefficients
  >,
): void {
  const c = gamma.length;
  for (let ch = 0; ch < c; ch++) {
    const inv = 1 / Math.sqrt(variance[ch] + epsilon);
    const a = gamma[ch] * inv;
    out.dBeta[ch] = sums[ch];
    out.dGamma[ch] = sums[c + ch] * inv;
    out.a[ch] = a;
    out.b[ch] = (-a * inv * inv * sums[c + ch] + 2 * dVar[ch]) / rows;
    out.dyCenter[ch] = sums[ch] / rows;
    out.k[ch] = a * (out.dyCenter[ch] - sums[ch] / rows) + dMean[ch] / rows;
  }
}

/**
 * The gradients of batchNormTrainInto (see gradCoefficients). With `reluOut` (the relu forward's
 * y), dy is first masked as the ReLU's gradient does: dy where y > 0, else 0.
 */
export function batchNormTrainGradInto(
  dy: Float32Array,
  x: Float32Array,
  gamma: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  dMean: Float32Array,
  dVar: Float32Array,
  epsilon: number,
  dx: Float32Array,
  dGamma: Float32Array,
  dBeta: Float32Array,
  reluOut?: Float32Array,
): void {
  const c = gamma.length;
  const n = x.length;
  const step = blockRows(c) * c;
  const sums = new Float64Array(2 * c);
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    for (let ch = 0; ch < c; ch++) {
      const m = mean[ch];
      let s = 0;
      let sx = 0;
      for (let i = start + ch; i < end; i += c) {
        const g = reluOut && !(reluOut[i] > 0) ? 0 : dy[i];
        s += g;
        sx += g * (x[i] - m);
      }
      sums[ch] += s;
      sums[c + ch] += sx;
    }
  }
  const [dyCenter, a, b, k] = [0, 0, 0, 0].map(() => new Float64Array(c));
  gradCoefficients(sums, gamma, variance, dMean, dVar, epsilon, n / c, { dGamma, dBeta, dyCenter, a, b, k });
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    for (let ch = 0; ch < c; ch++) {
      const [dm, m, ac, bc, kc] = [dyCenter[ch], mean[ch], a[ch], b[ch], k[ch]];
      for (let i = start + ch; i < end; i += c) {
        const g = reluOut && !(reluOut[i] > 0) ? 0 : dy[i];
        dx[i] = ac * (g - dm) + bc * (x[i] - m) + kc;
      }
    }
  }
}
