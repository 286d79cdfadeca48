import type * as tf from '../../../tfjs';
import { ADAM_KERNELS } from '../webgpu/adam';
import { checkFloat32, type KernelArgs, type RawAccess, registerOnWasmAndCpu } from './rawAccess';

/**
 * FusedAdam's two kernels (../webgpu/adam.ts) on wasm and cpu, as loops over the raw data: the
 * same formula and order of operations as tf.train.adam, in two passes per variable instead of
 * ~14 tf.js ops (mul, add, square, div, sqrt…), each of which costs its engine bookkeeping on
 * these backends whatever the variable's size.
 */

/** m' = β₁m + (1 − β₁)g, v' = β₂v + (1 − β₂)g², packed [m'…, v'…] like mv. */
export function adamMomentsInto(
  mv: Float32Array,
  g: Float32Array,
  beta1: number,
  beta2: number,
  out: Float32Array,
): void {
  const n = g.length;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    out[i] = mv[i] * beta1 + gi * c1;
    out[n + i] = mv[n + i] * beta2 + gi * gi * c2;
  }
}

/** x' = x − lr · (m/bias₁) / (√(v/bias₂) + ε). */
export function adamApplyInto(
  x: Float32Array,
  mv: Float32Array,
  a: { lr: number; bias1: number; bias2: number; epsilon: number },
  out: Float32Array,
): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const m = mv[i] / a.bias1;
    const v = mv[n + i] / a.bias2;
    out[i] = (m / (Math.sqrt(v) + a.epsilon)) * -a.lr + x[i];
  }
}

function momentsKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
    checkFloat32(ADAM_KERNELS.moments, inputs);
    const { mv, g } = inputs as Record<'mv' | 'g', tf.TensorInfo>;
    const { beta1, beta2 } = attrs as unknown as { beta1: number; beta2: number };
    const raw = access(backend);
    const out = raw.alloc(mv.shape);
    adamMomentsInto(raw.view(mv), raw.view(g), beta1, beta2, raw.view(out));
    return out;
  };
}

function applyKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
    checkFloat32(ADAM_KERNELS.apply, inputs);
    const { x, mv } = inputs as Record<'x' | 'mv', tf.TensorInfo>;
    const a = attrs as unknown as { lr: number; bias1: number; bias2: number; epsilon: number };
    const raw = access(backend);
    const out = raw.alloc(x.shape);
    adamApplyInto(raw.view(x), raw.view(mv), a, raw.view(out));
    return out;
  };
}

let registered = false;

/** Registers FusedAdam's kernels on wasm and cpu (once). */
export function registerAdamKernels(): void {
  if (registered) return;
  registered = true;
  registerOnWasmAndCpu({
    [ADAM_KERNELS.moments]: momentsKernel,
    [ADAM_KERNELS.apply]: applyKernel,
  });
}
