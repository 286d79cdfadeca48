import { KERNELS, registerFusedSphereGradients } from '../../../sphere/fusedSphereOps';
import type * as tf from '../../../tfjs';
import { checkFloat32, type KernelArgs, type RawAccess, registerOnWasmAndCpu } from './rawAccess';

/**
 * The loss terms' kernels on wasm and cpu, as loops over the raw data (WebGPU has the same
 * kernel names in ../webgpu; the gradients are src/sphere/fusedSphereOps.ts'):
 * - weight decay's L2 term scale·Σw² (KERNELS.sumSq; gradient 2·scale·dy·w, KERNELS.sumSqGrad).
 *   The plain formulation (square, sum, multiply, and their gradients) is ~8 kernels per decayed
 *   weight, each with its engine bookkeeping whatever the weight's size; a BN net decays every
 *   BN's γ and β too (7 weights in the bench's BN net). The sum is float64.
 * - softmax cross-entropy with label smoothing, the batch mean (KERNELS.softmaxCE and its
 *   gradient): ~25 kernels of tf.losses.softmaxCrossEntropy with oneHot, one each way here.
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

/** Mean over the batch of −Σ_c y′·log softmax(z), y′ = y(1 − ε) + ε/C (logits [B, C], float64). */
export function softmaxCrossEntropy(
  z: Float32Array,
  labels: Int32Array,
  classes: number,
  smoothing: number,
): number {
  const rows = labels.length;
  const off = smoothing / classes;
  let total = 0;
  for (let b = 0, o = 0; b < rows; b++, o += classes) {
    const lse = logSumExp(z, o, classes);
    let sumZ = 0;
    for (let c = 0; c < classes; c++) sumZ += z[o + c];
    // Σ_c y′_c (lse − z_c), with Σ_c y′_c = 1.
    total += lse - (1 - smoothing) * z[o + labels[b]] - off * sumZ;
  }
  return total / rows;
}

/** dz = dy/B · (softmax(z) − y′). */
export function softmaxCrossEntropyGradInto(
  z: Float32Array,
  labels: Int32Array,
  classes: number,
  smoothing: number,
  dy: number,
  dz: Float32Array,
): void {
  const rows = labels.length;
  const f = dy / rows;
  const off = smoothing / classes;
  for (let b = 0, o = 0; b < rows; b++, o += classes) {
    const lse = logSumExp(z, o, classes);
    for (let c = 0; c < classes; c++) dz[o + c] = f * (Math.exp(z[o + c] - lse) - off);
    dz[o + labels[b]] -= f * (1 - smoothing);
  }
}

function logSumExp(z: Float32Array, o: number, classes: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < classes; c++) m = Math.max(m, z[o + c]);
  let s = 0;
  for (let c = 0; c < classes; c++) s += Math.exp(z[o + c] - m);
  return m + Math.log(s);
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

type CeInputs = { logits: tf.TensorInfo; labels: tf.TensorInfo; dy?: tf.TensorInfo };

function checkCe(kernel: string, { logits, labels, dy }: CeInputs): void {
  checkFloat32(kernel, dy ? { logits, dy } : { logits });
  if (labels.dtype !== 'int32') throw new Error(`${kernel}: input labels is ${labels.dtype}, not int32`);
}

const smoothingOf = (attrs: tf.NamedAttrMap | undefined) =>
  (attrs as unknown as { smoothing: number }).smoothing;
/** The raw labels: the views are typed by the tensor's dtype (int32 here), whatever RawAccess says. */
const int32View = (raw: RawAccess, t: tf.TensorInfo) => raw.view(t) as unknown as Int32Array;

function softmaxCeKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
    const { logits, labels } = inputs as CeInputs;
    checkCe(KERNELS.softmaxCE, { logits, labels });
    const raw = access(backend);
    const out = raw.alloc([]);
    const classes = logits.shape[1];
    raw.view(out)[0] = softmaxCrossEntropy(
      raw.view(logits),
      int32View(raw, labels),
      classes,
      smoothingOf(attrs),
    );
    return out;
  };
}

function softmaxCeGradKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
    const { logits, labels, dy } = inputs as Required<CeInputs>;
    checkCe(KERNELS.softmaxCEGrad, { logits, labels, dy });
    const raw = access(backend);
    const out = raw.alloc(logits.shape);
    const [z, ids, g] = [raw.view(logits), int32View(raw, labels), raw.view(dy)[0]];
    softmaxCrossEntropyGradInto(z, ids, logits.shape[1], smoothingOf(attrs), g, raw.view(out));
    return out;
  };
}

let registered = false;

/** Registers the loss terms' kernels on wasm and cpu, and their gradients (once). */
export function registerLossKernels(): void {
  if (registered) return;
  registered = true;
  registerFusedSphereGradients();
  registerOnWasmAndCpu({
    [KERNELS.sumSq]: sumSqKernel,
    [KERNELS.sumSqGrad]: sumSqGradKernel,
    [KERNELS.softmaxCE]: softmaxCeKernel,
    [KERNELS.softmaxCEGrad]: softmaxCeGradKernel,
  });
}
