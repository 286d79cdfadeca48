import {
  type BatchNormTrainAttrs,
  BN_TRAIN_KERNELS,
  registerBatchNormTrainGradient,
} from '../../../sphere/norm/batchNormTraining';
import * as tf from '../../../tfjs';
import { checkFloat32, cpuAccess, type KernelArgs, type RawAccess, wasmAccess } from './rawAccess';

/**
 * BatchNorm in training mode (channels last, statistics over every other axis) as plain loops
 * over the raw data, for wasm and cpu. tf.js's own formulation (tf.moments + tf.batchNorm, and
 * autodiff through both) runs ~20 kernels forward and backward per BN layer, each a pass over the
 * activation plus broadcasts and tiles: ~80 ms of a 122 ms step for the BN bench net on wasm. Here
 * it is 2 passes forward and 2 backward, sums in float64.
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
  const rows = n / c;
  const step = blockRows(c) * c;
  // One pass for Σd and Σd², d = x − x₀ (the channel's first value): shifted by a value inside
  // the data, E[d²] − E[d]² in float64 does not cancel the way E[x²] − E[x]² can.
  const sum = new Float64Array(c);
  const sq = new Float64Array(c);
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
      sum[ch] += s;
      sq[ch] += q;
    }
  }
  const scale = new Float64Array(c);
  const offset = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    const dMean = sum[ch] / rows;
    const m = x[ch] + dMean;
    const v = Math.max(0, sq[ch] / rows - dMean * dMean);
    mean[ch] = m;
    variance[ch] = v;
    scale[ch] = gamma[ch] / Math.sqrt(v + epsilon);
    offset[ch] = beta[ch] - m * scale[ch];
  }
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    for (let ch = 0; ch < c; ch++) {
      const a = scale[ch];
      const b = offset[ch];
      for (let i = start + ch; i < end; i += c) y[i] = x[i] * a + b;
    }
  }
}

/**
 * The gradients of batchNormTrainInto from the closed form, with σ = √(var + ε), x̂ = (x − mean)/σ
 * and M rows: dβ = Σdy, dγ = Σdy·x̂, dx = (γ/σ)(dy − dβ/M − x̂·dγ/M) + dMean/M + dVar·2(x − mean)/M
 * (the last two from the mean and variance outputs, zero when only y reaches the loss).
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
): void {
  const c = gamma.length;
  const n = x.length;
  const rows = n / c;
  const step = blockRows(c) * c;
  const sumDy = new Float64Array(c);
  const sumDyXc = new Float64Array(c);
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
      sumDy[ch] += s;
      sumDyXc[ch] += sx;
    }
  }
  // dx = a·dy + b·x + k per channel (x − mean folded into k).
  const a = new Float64Array(c);
  const b = new Float64Array(c);
  const k = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    const inv = 1 / Math.sqrt(variance[ch] + epsilon);
    dBeta[ch] = sumDy[ch];
    dGamma[ch] = sumDyXc[ch] * inv;
    a[ch] = gamma[ch] * inv;
    b[ch] = (-a[ch] * inv * inv * sumDyXc[ch] + 2 * dVar[ch]) / rows;
    k[ch] = (-a[ch] * sumDy[ch] + dMean[ch]) / rows - b[ch] * mean[ch];
  }
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    for (let ch = 0; ch < c; ch++) {
      const ac = a[ch];
      const bc = b[ch];
      const kc = k[ch];
      for (let i = start + ch; i < end; i += c) dx[i] = ac * dy[i] + bc * x[i] + kc;
    }
  }
}

function forwardKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(BN_TRAIN_KERNELS.forward, inputs);
    const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
    const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
    const raw = access(backend);
    const outs = [raw.alloc(x.shape), raw.alloc(gamma.shape), raw.alloc(gamma.shape)];
    const [y, mean, variance] = outs.map(raw.view);
    batchNormTrainInto(raw.view(x), raw.view(gamma), raw.view(beta), epsilon, y, mean, variance);
    return outs;
  };
}

function gradKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(BN_TRAIN_KERNELS.grad, inputs);
    const { dy, x, gamma, mean, variance, dMean, dVar } = inputs as Record<string, tf.TensorInfo>;
    const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
    const raw = access(backend);
    const outs = [raw.alloc(x.shape), raw.alloc(gamma.shape), raw.alloc(gamma.shape)];
    const [dx, dGamma, dBeta] = outs.map(raw.view);
    const [vDy, vX, vGamma, vMean, vVar, vDMean, vDVar] = [dy, x, gamma, mean, variance, dMean, dVar].map(
      raw.view,
    );
    batchNormTrainGradInto(vDy, vX, vGamma, vMean, vVar, vDMean, vDVar, epsilon, dx, dGamma, dBeta);
    return outs;
  };
}

let registered = false;

/** Registers the training-mode BatchNorm kernels on wasm and cpu, and their gradient (once). */
export function registerBatchNormTrainKernels(): void {
  if (registered) return;
  registered = true;
  registerBatchNormTrainGradient();
  for (const [backendName, access] of [
    ['wasm', wasmAccess],
    ['cpu', cpuAccess],
  ] as const) {
    tf.registerKernel({
      kernelName: BN_TRAIN_KERNELS.forward,
      backendName,
      kernelFunc: forwardKernel(access) as unknown as tf.KernelFunc,
    });
    tf.registerKernel({
      kernelName: BN_TRAIN_KERNELS.grad,
      backendName,
      kernelFunc: gradKernel(access) as unknown as tf.KernelFunc,
    });
  }
}
