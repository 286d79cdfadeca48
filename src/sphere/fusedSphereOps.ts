import * as tf from '../tfjs';
import type { SphereOperator } from './angular';

/**
 * SphereConv as few GPU dispatches (WebGPU). On a GPU a training step costs about a fixed amount
 * per kernel launched, whatever its size, and the plain tf.js formulation of one SphereConv runs
 * ~17 kernels forward and ~30 backward (square, sum, rsqrt, mul, max-pool, clip, asin, tanh, each
 * with its gradient). Here they are four custom kernels forward — patch norm², unit filter, the
 * conv itself, and one "tail" (z/‖patch‖ → max-pool → operator → ReLU) — and one or two per input
 * backward. Kernels are registered per backend (src/engine/kernels/webgpu/sphereKernels.ts for webgpu);
 * the gradients here are backend-independent and call the gradient kernels.
 */

export interface SphereTailAttrs {
  operator: 'cosine' | 'linear' | 'sigmoid';
  relu: boolean;
  pool: number;
  /** Per-channel k comes as input `k`; otherwise a fixed k (sigmoid) is in `k`. */
  learnable: boolean;
  k: number;
}

export interface PatchAttrs {
  kh: number;
  kw: number;
  strides: number;
  padding: 'same' | 'valid';
}

export const KERNELS = {
  tail: 'SphereLabTail',
  /** The same kernel with a per-channel k input (its gradient saves k too). */
  tailK: 'SphereLabTailK',
  tailGradZ: 'SphereLabTailGradZ',
  tailGradP: 'SphereLabTailGradP',
  tailGradK: 'SphereLabTailGradK',
  unit: 'SphereLabUnitKernel',
  unitGrad: 'SphereLabUnitKernelGrad',
  patchSq: 'SphereLabPatchSq',
  patchSqGrad: 'SphereLabPatchSqGrad',
  /** Row sums of (WᵀW − I)²: [units]. */
  ortho: 'SphereLabOrthoRows',
  sumSq: 'SphereLabScaledSumSquares',
  sumSqGrad: 'SphereLabScaledSumSquaresGrad',
  softmaxCE: 'SphereLabSoftmaxCE',
  softmaxCEGrad: 'SphereLabSoftmaxCEGrad',
  orthoGram: 'SphereLabOrthoGradGram',
} as const;

/** Backends whose fused kernels passed their start-up check (set by the engine). */
const enabledOn = new Set<string>();

export function setFusedSphereKernels(backend: string, on: boolean): void {
  if (on) enabledOn.add(backend);
  else enabledOn.delete(backend);
}

/** Whether SphereConv takes the fused path on the current backend. */
export function fusedSphereActive(): boolean {
  return enabledOn.has(tf.getBackend());
}

type Attrs = tf.NamedAttrMap;
const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: object) =>
  tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as unknown as Attrs) as tf.Tensor;

/** g(maxPool(z / sqrt(p + ε))) with the operator and ReLU: z [b,h,w,C], p [b,h,w,1], k [C] or a number. */
export function sphereTail(
  z: tf.Tensor4D,
  p: tf.Tensor4D,
  operator: SphereOperator,
  k: number | tf.Tensor,
  relu: boolean,
  pool: number,
): tf.Tensor4D {
  const op = operator === 'cosine' || operator === 'linear' ? operator : 'sigmoid';
  const learnable = typeof k !== 'number' && op === 'sigmoid';
  if (op === 'sigmoid' && typeof k === 'number' && !(k > 0))
    throw new Error(`sigmoid operator needs k > 0, got ${k}`);
  const attrs: SphereTailAttrs = { operator: op, relu, pool, learnable, k: typeof k === 'number' ? k : 0 };
  const inputs: Record<string, tf.Tensor> = { z, p };
  if (learnable) inputs.k = k as tf.Tensor;
  return run(learnable ? KERNELS.tailK : KERNELS.tail, inputs, attrs) as tf.Tensor4D;
}

/** w / sqrt(Σ w² + ε) per filter (last axis). */
export function unitFilters<T extends tf.Tensor>(w: T): T {
  return run(KERNELS.unit, { w }, {}) as T;
}

/** Σ of x² over each conv window and all channels: [b, h', w', 1]. */
export function patchSquares(x: tf.Tensor4D, attrs: PatchAttrs): tf.Tensor4D {
  return run(KERNELS.patchSq, { x }, attrs) as tf.Tensor4D;
}

/** ‖WᵀW − I‖² with W as [fanIn, units] (the orthogonality penalty): one kernel for the rows, one sum. */
export function orthoPenaltyFused(w: tf.Tensor): tf.Scalar {
  return tf.sum(run(KERNELS.ortho, { w }, {}));
}

/**
 * Whether these kernels run here: on webgpu once its fused kernels passed their check; on wasm
 * and cpu where they are registered (src/engine/kernels/wasm/lossKernels.ts, sphereConv/filterNorms.ts).
 */
function kernelsHere(...names: string[]): boolean {
  const backend = tf.getBackend();
  if (backend === 'webgpu') return fusedSphereActive();
  return names.every((n) => tf.getKernel(n, backend) !== undefined);
}

/** Whether scaledSumSquares runs as its kernels on this backend. */
export const scaledSumSquaresAvailable = () => kernelsHere(KERNELS.sumSq, KERNELS.sumSqGrad);
/** Whether softmaxCrossEntropyFused runs as its kernels on this backend. */
export const softmaxCrossEntropyFusedAvailable = () => kernelsHere(KERNELS.softmaxCE, KERNELS.softmaxCEGrad);
/** Whether unitFilters runs as its kernels on this backend (wasm/cpu: ../engine/kernels/wasm/sphereConv/filterNorms.ts). */
export const unitFiltersAvailable = () => kernelsHere(KERNELS.unit, KERNELS.unitGrad);
/** Whether orthoPenaltyFused runs as its kernels on this backend. */
export const orthoPenaltyFusedAvailable = () => kernelsHere(KERNELS.ortho, KERNELS.orthoGram);

/** scale·Σw² (weight decay), one kernel each way. */
export function scaledSumSquares(w: tf.Tensor, scale: number): tf.Scalar {
  return run(KERNELS.sumSq, { w }, { scale }) as tf.Scalar;
}

/**
 * tf.losses.softmaxCrossEntropy(oneHot(labels), logits, undefined, smoothing) — the batch mean —
 * in one kernel forward and one backward. labels: int32 class ids [b].
 */
export function softmaxCrossEntropyFused(
  labels: tf.Tensor,
  logits: tf.Tensor2D,
  smoothing: number,
): tf.Scalar {
  const ids = labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
  return run(KERNELS.softmaxCE, { logits, labels: ids }, { smoothing }) as tf.Scalar;
}

let gradientsRegistered = false;

/** Registers the three ops' gradients (once; backend-independent). */
export function registerFusedSphereGradients(): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  const tailGrad = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: Attrs) => {
    const [z, p, k] = saved;
    const a = attrs as unknown as SphereTailAttrs;
    const inputs: Record<string, tf.Tensor> = { dy: dy as tf.Tensor, z, p };
    if (a.learnable) inputs.k = k;
    const grads: Record<string, () => tf.Tensor> = {
      z: () => run(KERNELS.tailGradZ, inputs, a),
      p: () => run(KERNELS.tailGradP, inputs, a),
    };
    if (a.learnable) grads.k = () => run(KERNELS.tailGradK, inputs, a);
    return grads;
  };
  tf.registerGradient({ kernelName: KERNELS.tail, inputsToSave: ['z', 'p'], gradFunc: tailGrad });
  tf.registerGradient({ kernelName: KERNELS.tailK, inputsToSave: ['z', 'p', 'k'], gradFunc: tailGrad });
  tf.registerGradient({
    kernelName: KERNELS.unit,
    inputsToSave: ['w'],
    gradFunc: (dy, saved) => ({ w: () => run(KERNELS.unitGrad, { dy: dy as tf.Tensor, w: saved[0] }, {}) }),
  });
  tf.registerGradient({
    kernelName: KERNELS.ortho,
    inputsToSave: ['w'],
    // d(Σ_p dy_p·rows_p)/dW = W·[2(dy_p + dy_o)(WᵀW − I)_po]: the bracket in one kernel, then one matmul.
    gradFunc: (dy, saved) => ({
      w: () => {
        const w = saved[0];
        const gram = run(KERNELS.orthoGram, { dy: dy as tf.Tensor, w }, {});
        const units = w.shape[w.rank - 1];
        return tf.reshape(tf.matMul(tf.reshape(w, [-1, units]) as tf.Tensor2D, gram as tf.Tensor2D), w.shape);
      },
    }),
  });
  tf.registerGradient({
    kernelName: KERNELS.sumSq,
    inputsToSave: ['w'],
    gradFunc: (dy, saved, attrs) => ({
      w: () => run(KERNELS.sumSqGrad, { dy: dy as tf.Tensor, w: saved[0] }, attrs),
    }),
  });
  tf.registerGradient({
    kernelName: KERNELS.softmaxCE,
    inputsToSave: ['logits', 'labels'],
    gradFunc: (dy, saved, attrs) => ({
      logits: () =>
        run(KERNELS.softmaxCEGrad, { dy: dy as tf.Tensor, logits: saved[0], labels: saved[1] }, attrs),
    }),
  });
  tf.registerGradient({
    kernelName: KERNELS.patchSq,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => ({
      x: () => run(KERNELS.patchSqGrad, { dy: dy as tf.Tensor, x: saved[0] }, attrs),
    }),
  });
}
