import {
  type BatchNormTrainAttrs,
  BN_TRAIN_KERNELS,
  registerBatchNormTrainGradient,
} from '../../../sphere/norm/batchNormTraining';
import * as tf from '../../../tfjs';
import { checkFloat32, cpuAccess, type KernelArgs, type RawAccess, wasmAccess } from './rawAccess';
import { heapOffset, type SimdKernels, simdKernelsFor } from './simd/simdKernels';

/**
 * BatchNorm in training mode (channels last, statistics over every other axis) as plain loops
 * over the raw data, for wasm and cpu. tf.js's own formulation (tf.moments + tf.batchNorm, and
 * autodiff through both) runs ~20 kernels forward and backward per BN layer, each a pass over the
 * activation plus broadcasts and tiles: ~80 ms of a 122 ms step for the BN bench net on wasm. Here
 * it is 2 passes forward and 2 backward, sums in float64; on wasm with channels a multiple of 4,
 * the passes are SIMD kernels (./simd/batchNorm.wat).
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

type Coefficients = Float32Array | Float64Array;

/**
 * mean, the biased variance, and y = (x − x₀)·scale + offset per channel, from sums[ch] = Σd and
 * sums[c + ch] = Σd² over `rows` rows, d = x − x₀ (x₀ = the channel's value in row 0, x0[ch]).
 * Shifted by a value inside the data, E[d²] − E[d]² in float64 does not cancel the way E[x²] − E[x]²
 * can, and centering y on x₀ keeps float32 from cancelling when |mean| ≫ std.
 */
function forwardCoefficients(
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

/** y = (x − mean)/√(var + ε)·γ + β per channel; writes y, mean and the biased variance. */
export function batchNormTrainInto(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
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
      for (let i = start + ch; i < end; i += c) y[i] = (x[i] - shift) * a + b;
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
function gradCoefficients(
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

/** The gradients of batchNormTrainInto (see gradCoefficients). */
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
        const g = dy[i];
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
      for (let i = start + ch; i < end; i += c) dx[i] = ac * (dy[i] - dm) + bc * (x[i] - m) + kc;
    }
  }
}

/*
 * The SIMD path (wasm, channels a multiple of 4): ./simd/batchNorm.wat makes the passes over the
 * data, the coefficients above stay float64 JS. A scratch tensor of 4c floats on the heap takes
 * the kernels' float64 sums (2c), then the float32 coefficients they apply.
 */
type SimdFor = (backend: tf.KernelBackend) => SimdKernels | undefined;
const noSimd: SimdFor = () => undefined;

/** The float64 sums the kernel wrote at the scratch's start, copied (the heap view may be unaligned). */
function float64Sums(scratch: Float32Array, c: number): Float64Array {
  return new Float64Array(scratch.buffer.slice(scratch.byteOffset, scratch.byteOffset + 16 * c));
}

function withScratch(backend: tf.KernelBackend, raw: RawAccess, c: number, f: (s: tf.TensorInfo) => void) {
  const scratch = raw.alloc([4 * c]);
  try {
    f(scratch);
  } finally {
    backend.disposeData(scratch.dataId);
  }
}

function forwardKernel(access: (b: tf.KernelBackend) => RawAccess, simdFor: SimdFor) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(BN_TRAIN_KERNELS.forward, inputs);
    const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
    const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
    const raw = access(backend);
    const outs = [raw.alloc(x.shape), raw.alloc(gamma.shape), raw.alloc(gamma.shape)];
    const c = gamma.shape[0];
    const simd = c % 4 === 0 ? simdFor(backend) : undefined;
    if (!simd) {
      const [y, mean, variance] = outs.map(raw.view);
      batchNormTrainInto(raw.view(x), raw.view(gamma), raw.view(beta), epsilon, y, mean, variance);
      return outs;
    }
    const rows = tf.util.sizeFromShape(x.shape) / c;
    withScratch(backend, raw, c, (scratch) => {
      const at = (t: tf.TensorInfo) => heapOffset(backend, t);
      simd.bnMomentSums(at(x), rows, c, at(scratch));
      const s = raw.view(scratch);
      const [mean, variance] = outs.slice(1).map(raw.view);
      const coefficients = { mean, variance, scale: s.subarray(0, c), offset: s.subarray(c, 2 * c) };
      const [vX, vGamma, vBeta] = [x, gamma, beta].map(raw.view);
      forwardCoefficients(float64Sums(s, c), vX, vGamma, vBeta, epsilon, rows, coefficients);
      simd.bnAffine(at(x), at(x), at(scratch), at(scratch) + 4 * c, at(outs[0]), rows, c);
    });
    return outs;
  };
}

function gradKernel(access: (b: tf.KernelBackend) => RawAccess, simdFor: SimdFor) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(BN_TRAIN_KERNELS.grad, inputs);
    const { dy, x, gamma, mean, variance, dMean, dVar } = inputs as Record<string, tf.TensorInfo>;
    const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
    const raw = access(backend);
    const outs = [raw.alloc(x.shape), raw.alloc(gamma.shape), raw.alloc(gamma.shape)];
    const c = gamma.shape[0];
    const simd = c % 4 === 0 ? simdFor(backend) : undefined;
    if (!simd) {
      const [dx, dGamma, dBeta] = outs.map(raw.view);
      const [vDy, vX, vGamma, vMean, vVar, vDMean, vDVar] = [dy, x, gamma, mean, variance, dMean, dVar].map(
        raw.view,
      );
      batchNormTrainGradInto(vDy, vX, vGamma, vMean, vVar, vDMean, vDVar, epsilon, dx, dGamma, dBeta);
      return outs;
    }
    const rows = tf.util.sizeFromShape(x.shape) / c;
    withScratch(backend, raw, c, (scratch) => {
      const at = (t: tf.TensorInfo) => heapOffset(backend, t);
      simd.bnGradSums(at(dy), at(x), at(mean), rows, c, at(scratch));
      const s = raw.view(scratch);
      const [dGamma, dBeta] = outs.slice(1).map(raw.view);
      const [dyCenter, a, b, k] = [0, 1, 2, 3].map((i) => s.subarray(i * c, (i + 1) * c));
      const [vDy, vGamma, vVar, vDMean, vDVar] = [dy, gamma, variance, dMean, dVar].map(raw.view);
      const coefficients = { dGamma, dBeta, dyCenter, a, b, k };
      const sums = float64Sums(s, c);
      for (let ch = 0; ch < c; ch++) sums[ch] += rows * vDy[ch]; // the kernel summed dy − dy₀
      gradCoefficients(sums, vGamma, vVar, vDMean, vDVar, epsilon, rows, coefficients);
      // Byte offsets of the scratch's four float32 [c] vectors.
      const [pdy, pa, pb, pk] = [0, 1, 2, 3].map((i) => at(scratch) + 4 * c * i);
      simd.bnGradApply(at(dy), pdy, at(x), at(mean), pa, pb, pk, at(outs[0]), rows, c);
    });
    return outs;
  };
}

let registered = false;

/** Registers the training-mode BatchNorm kernels on wasm and cpu, and their gradient (once). */
export function registerBatchNormTrainKernels(): void {
  if (registered) return;
  registered = true;
  registerBatchNormTrainGradient();
  for (const [backendName, access, simdFor] of [
    ['wasm', wasmAccess, simdKernelsFor],
    ['cpu', cpuAccess, noSimd],
  ] as const) {
    tf.registerKernel({
      kernelName: BN_TRAIN_KERNELS.forward,
      backendName,
      kernelFunc: forwardKernel(access, simdFor) as unknown as tf.KernelFunc,
    });
    tf.registerKernel({
      kernelName: BN_TRAIN_KERNELS.grad,
      backendName,
      kernelFunc: gradKernel(access, simdFor) as unknown as tf.KernelFunc,
    });
  }
}
