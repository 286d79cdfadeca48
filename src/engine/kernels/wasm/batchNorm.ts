import {
  batchNormTrainGradInto,
  batchNormTrainInto,
  forwardCoefficients,
  gradCoefficients,
} from '../../../sphere/norm/batchNormLoops';
import {
  type BatchNormTrainAttrs,
  BN_TRAIN_KERNELS,
  type MovingAverageAttrs,
  registerBatchNormTrainGradient,
} from '../../../sphere/norm/batchNormTraining';
import * as tf from '../../../tfjs';
import { checkFloat32, cpuAccess, type KernelArgs, type RawAccess, wasmAccess } from './rawAccess';
import { heapOffset, type SimdKernels, simdKernelsFor } from './simd/simdKernels';

/**
 * BatchNorm in training mode (channels last, statistics over every other axis) as plain loops
 * over the raw data (src/sphere/norm/batchNormLoops.ts), for wasm and cpu; with a following
 * ReLU fused in (BN_TRAIN_KERNELS.reluForward) where the net has one. tf.js's own formulation (tf.moments + tf.batchNorm, and
 * autodiff through both) runs ~20 kernels forward and backward per BN layer, each a pass over the
 * activation plus broadcasts and tiles: ~80 ms of a 122 ms step for the BN bench net on wasm. Here
 * it is 2 passes forward and 2 backward, sums in float64; on wasm with channels a multiple of 4,
 * the passes are SIMD kernels (./simd/batchNorm.wat, ./simd/batchNormRelu.wat).
 */

/*
 * The SIMD path (wasm, channels a multiple of 4): ./simd/batchNorm.wat makes the passes over the
 * data, the coefficients (../../../sphere/norm/batchNormLoops.ts) stay float64 JS. A scratch tensor of 4c floats on the heap takes
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

function forwardKernel(access: (b: tf.KernelBackend) => RawAccess, simdFor: SimdFor, relu: boolean) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(relu ? BN_TRAIN_KERNELS.reluForward : BN_TRAIN_KERNELS.forward, inputs);
    const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
    const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
    const raw = access(backend);
    const outs = [raw.alloc(x.shape), raw.alloc(gamma.shape), raw.alloc(gamma.shape)];
    const c = gamma.shape[0];
    const simd = c % 4 === 0 ? simdFor(backend) : undefined;
    if (!simd) {
      const [y, mean, variance] = outs.map(raw.view);
      batchNormTrainInto(raw.view(x), raw.view(gamma), raw.view(beta), epsilon, y, mean, variance, relu);
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
      const affine = relu ? simd.bnAffineRelu : simd.bnAffine;
      affine(at(x), at(x), at(scratch), at(scratch) + 4 * c, at(outs[0]), rows, c);
    });
    return outs;
  };
}

function gradKernel(access: (b: tf.KernelBackend) => RawAccess, simdFor: SimdFor) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(BN_TRAIN_KERNELS.grad, inputs);
    const { dy, x, gamma, mean, variance, dMean, dVar } = inputs as Record<string, tf.TensorInfo>;
    // The ReLU forward's output, when BN and ReLU ran as one kernel: dy is masked by y > 0.
    const y = inputs.y as tf.TensorInfo | undefined;
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
      const vY = y && raw.view(y);
      batchNormTrainGradInto(vDy, vX, vGamma, vMean, vVar, vDMean, vDVar, epsilon, dx, dGamma, dBeta, vY);
      return outs;
    }
    const rows = tf.util.sizeFromShape(x.shape) / c;
    withScratch(backend, raw, c, (scratch) => {
      const at = (t: tf.TensorInfo) => heapOffset(backend, t);
      if (y) simd.bnReluGradSums(at(dy), at(y), at(x), at(mean), rows, c, at(scratch));
      else simd.bnGradSums(at(dy), at(x), at(mean), rows, c, at(scratch));
      const s = raw.view(scratch);
      const [dGamma, dBeta] = outs.slice(1).map(raw.view);
      const [dyCenter, a, b, k] = [0, 1, 2, 3].map((i) => s.subarray(i * c, (i + 1) * c));
      const [vDy, vGamma, vVar, vDMean, vDVar] = [dy, gamma, variance, dMean, dVar].map(raw.view);
      const coefficients = { dGamma, dBeta, dyCenter, a, b, k };
      const sums = float64Sums(s, c);
      // The kernel summed dy − dy₀ (dy masked by the ReLU, when fused).
      const vY = y && raw.view(y);
      for (let ch = 0; ch < c; ch++) sums[ch] += vY && !(vY[ch] > 0) ? 0 : rows * vDy[ch];
      gradCoefficients(sums, vGamma, vVar, vDMean, vDVar, epsilon, rows, coefficients);
      // Byte offsets of the scratch's four float32 [c] vectors.
      const [pdy, pa, pb, pk] = [0, 1, 2, 3].map((i) => at(scratch) + 4 * c * i);
      if (y) simd.bnReluGradApply(at(dy), at(y), pdy, at(x), at(mean), pa, pb, pk, at(outs[0]), rows, c);
      else simd.bnGradApply(at(dy), pdy, at(x), at(mean), pa, pb, pk, at(outs[0]), rows, c);
    });
    return outs;
  };
}

/**
 * The stock layer's moving-average update of mean and variance, moving − (moving − value)·f with
 * f = 1 − momentum, in float32 step by step as tf.sub, tf.mul, tf.sub do it (Math.fround after
 * each operation; f rounded as tf.js rounds a scalar): the same bits.
 */
function movingAveragesKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(BN_TRAIN_KERNELS.movingAverages, inputs);
    const { movingMean, movingVariance, mean, variance } = inputs as Record<string, tf.TensorInfo>;
    const f = Math.fround(1 - (attrs as unknown as MovingAverageAttrs).momentum);
    const raw = access(backend);
    const outs = [raw.alloc(movingMean.shape), raw.alloc(movingVariance.shape)];
    const [m, v, vMean, vVar, newMean, newVar] = [movingMean, movingVariance, mean, variance, ...outs].map(
      raw.view,
    );
    const fr = Math.fround;
    for (let ch = 0; ch < m.length; ch++) {
      newMean[ch] = fr(m[ch] - fr(fr(m[ch] - vMean[ch]) * f));
      newVar[ch] = fr(v[ch] - fr(fr(v[ch] - vVar[ch]) * f));
    }
    return outs;
  };
}

let registered = false;

/** Registers the training-mode BatchNorm (and BN + ReLU) kernels on wasm and cpu, and their gradients (once). */
export function registerBatchNormTrainKernels(): void {
  if (registered) return;
  registered = true;
  registerBatchNormTrainGradient();
  for (const [backendName, access, simdFor] of [
    ['wasm', wasmAccess, simdKernelsFor],
    ['cpu', cpuAccess, noSimd],
  ] as const) {
    for (const relu of [false, true])
      tf.registerKernel({
        kernelName: relu ? BN_TRAIN_KERNELS.reluForward : BN_TRAIN_KERNELS.forward,
        backendName,
        kernelFunc: forwardKernel(access, simdFor, relu) as unknown as tf.KernelFunc,
      });
    tf.registerKernel({
      kernelName: BN_TRAIN_KERNELS.movingAverages,
      backendName,
      kernelFunc: movingAveragesKernel(access) as unknown as tf.KernelFunc,
    });
    tf.registerKernel({
      kernelName: BN_TRAIN_KERNELS.grad,
      backendName,
      kernelFunc: gradKernel(access, simdFor) as unknown as tf.KernelFunc,
    });
  }
}
