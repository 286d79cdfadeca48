import { KERNELS, registerFusedSphereGradients } from '../../../sphere/fusedSphereOps';
import * as tf from '../../../tfjs';
import { checkFloat32, cpuAccess, type KernelArgs, type RawAccess, wasmAccess } from './rawAccess';

/**
 * Weight decay's L2 term scale·Σw² (KERNELS.sumSq, whose gradient 2·scale·dy·w is
 * KERNELS.sumSqGrad; WebGPU has them in ../webgpu) on wasm and cpu, as loops over the raw data.
 * The plain formulation (square, sum, multiply, and their gradients) is ~8 kernels per decayed
 * weight, each with its engine bookkeeping whatever the weight's size; a BN net decays every
 * BN's γ and β too (7 weights in the bench's BN net). The sum is float64.
 */

export function scaledSumSquares(w: Float32Array, scale: number): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * w[i];
  return s * scale;
}

/** dw = 2·scale·dy·w, dy the loss's scalar gradient. */
export function scaledSumSquaresGradInto(w: Float32Array, dy: number, scale: number, dw: Float32Array): void {
  const f = 2 * scale * dy;
  for (let i = 0; i < w.length; i++) dw[i] = f * w[i];
}

const scaleOf = (attrs: tf.NamedAttrMap | undefined) => (attrs as unknown as { scale: number }).scale;

function sumSqKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
    checkFloat32(KERNELS.sumSq, inputs);
    const raw = access(backend);
    const out = raw.alloc([]);
    raw.view(out)[0] = scaledSumSquares(raw.view(inputs.w as tf.TensorInfo), scaleOf(attrs));
    return out;
  };
}

function sumSqGradKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
    checkFloat32(KERNELS.sumSqGrad, inputs);
    const { dy, w } = inputs as Record<'dy' | 'w', tf.TensorInfo>;
    const raw = access(backend);
    const out = raw.alloc(w.shape);
    scaledSumSquaresGradInto(raw.view(w), raw.view(dy)[0], scaleOf(attrs), raw.view(out));
    return out;
  };
}

let registered = false;

/** Registers the weight-decay kernels on wasm and cpu, and their gradient (once). */
export function registerWeightDecayKernels(): void {
  if (registered) return;
  registered = true;
  registerFusedSphereGradients();
  for (const [backendName, access] of [
    ['wasm', wasmAccess],
    ['cpu', cpuAccess],
  ] as const) {
    tf.registerKernel({
      kernelName: KERNELS.sumSq,
      backendName,
      kernelFunc: sumSqKernel(access) as unknown as tf.KernelFunc,
    });
    tf.registerKernel({
      kernelName: KERNELS.sumSqGrad,
      backendName,
      kernelFunc: sumSqGradKernel(access) as unknown as tf.KernelFunc,
    });
  }
}
