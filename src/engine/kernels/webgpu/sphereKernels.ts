import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import {
  fusedSphereActive,
  KERNELS,
  type PatchAttrs,
  registerFusedSphereGradients,
  type SphereTailAttrs,
  scaledSumSquares,
  setFusedSphereKernels,
  softmaxCrossEntropyFused,
} from '../../../sphere/fusedSphereOps';
import { orthogonalityPenalty } from '../../../sphere/losses';
import { sphereConv2d } from '../../../sphere/sphereConv';
import * as tf from '../../../tfjs';
import { FusedAdam, registerWebGpuAdamKernels } from './adam';
import * as losses from './lossShaders';
import * as norms from './normShaders';
import * as shaders from './sphereShaders';

/**
 * The fused SphereConv kernels for tf.js' webgpu backend (shaders in ./sphereShaders.ts),
 * and the start-up check that decides whether SphereConv uses them: a WGSL program that an
 * adapter fails to compile (or computes wrongly) must never leave a dead Lab, so the check runs
 * the fused and the plain formulation on a small case once and keeps the fused path only if both
 * agree; otherwise the plain ops stay in use and the caller shows the notice.
 */

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };
type Uniform = { type: 'int32' | 'float32'; data: number[] };

function runProgram(
  args: KernelArgs,
  program: shaders.SphereProgram,
  inputs: tf.TensorInfo[],
  uniforms: Uniform[] = [],
): tf.TensorInfo {
  const backend = args.backend as unknown as WebGPUBackend;
  return backend.runWebGPUProgram(program as never, inputs, 'float32', uniforms as never);
}

function tailUniforms(a: SphereTailAttrs): Uniform[] {
  if (a.operator !== 'sigmoid' || a.learnable) return [];
  // As the plain ops: u·(1/(2k)) then ·(1/tanh(π/(4k))), both scalars from JS doubles.
  return [
    { type: 'float32', data: [1 / (2 * a.k)] },
    { type: 'float32', data: [1 / Math.tanh(Math.PI / (4 * a.k))] },
  ];
}

function tailInputs(args: KernelArgs, withDy: boolean): tf.TensorInfo[] {
  const { dy, z, p, k } = args.inputs as Record<string, tf.TensorInfo>;
  const a = args.attrs as unknown as SphereTailAttrs;
  return [...(withDy ? [dy] : []), z, p, ...(a.learnable ? [k] : [])];
}

function convUniforms(x: tf.TensorInfo, a: PatchAttrs): { info: tf.backend_util.Conv2DInfo; u: Uniform[] } {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo([b, h, w, c], [a.kh, a.kw, c, 1], a.strides, 1, a.padding);
  const u: Uniform[] = [a.kh, a.kw, a.strides, info.padInfo.top, info.padInfo.left].map((v) => ({
    type: 'int32',
    data: [v],
  }));
  return { info, u };
}

function floatAttr(args: KernelArgs, name: string): Uniform[] {
  return [{ type: 'float32', data: [(args.attrs as Record<string, number>)[name]] }];
}

function filterUniforms(w: tf.TensorInfo): Uniform[] {
  const cout = w.shape[w.shape.length - 1];
  const fanIn = w.shape.reduce((p, d) => p * d, 1) / cout;
  return [
    { type: 'int32', data: [cout] },
    { type: 'int32', data: [fanIn] },
  ];
}

function tailKernel(args: KernelArgs): tf.TensorInfo {
  const a = args.attrs as unknown as SphereTailAttrs;
  const [b, h, w, c] = (args.inputs.z as tf.TensorInfo).shape;
  const out = [b, Math.floor(h / a.pool), Math.floor(w / a.pool), c];
  return runProgram(args, shaders.tailForward(a, out), tailInputs(args, false), tailUniforms(a));
}

const KERNEL_FUNCS: Record<string, (args: KernelArgs) => tf.TensorInfo> = {
  [KERNELS.tail]: tailKernel,
  [KERNELS.tailK]: tailKernel,
  [KERNELS.tailGradZ]: (args) => {
    const a = args.attrs as unknown as SphereTailAttrs;
    const z = args.inputs.z as tf.TensorInfo;
    return runProgram(args, shaders.tailGradZ(a, z.shape), tailInputs(args, true), tailUniforms(a));
  },
  [KERNELS.tailGradP]: (args) => {
    const a = args.attrs as unknown as SphereTailAttrs;
    const p = args.inputs.p as tf.TensorInfo;
    return runProgram(args, shaders.tailGradP(a, p.shape), tailInputs(args, true), tailUniforms(a));
  },
  [KERNELS.tailGradK]: (args) => {
    const a = args.attrs as unknown as SphereTailAttrs;
    const z = args.inputs.z as tf.TensorInfo;
    return runProgram(args, shaders.tailGradK(a, z.shape[3]), tailInputs(args, true));
  },
  [KERNELS.unit]: (args) => {
    const w = args.inputs.w as tf.TensorInfo;
    return runProgram(args, norms.unitKernel(w.shape), [w], filterUniforms(w));
  },
  [KERNELS.unitGrad]: (args) => {
    const { dy, w } = args.inputs as Record<string, tf.TensorInfo>;
    return runProgram(args, norms.unitKernelGrad(w.shape), [dy, w], filterUniforms(w));
  },
  [KERNELS.ortho]: (args) => {
    const w = args.inputs.w as tf.TensorInfo;
    return runProgram(args, norms.orthoRows(w.shape[w.shape.length - 1]), [w], filterUniforms(w));
  },
  [KERNELS.orthoGram]: (args) => {
    const { dy, w } = args.inputs as Record<string, tf.TensorInfo>;
    return runProgram(args, norms.orthoGradGram(w.shape[w.shape.length - 1]), [dy, w], filterUniforms(w));
  },
  [KERNELS.sumSq]: (args) => {
    const w = args.inputs.w as tf.TensorInfo;
    const n = w.shape.reduce((a, b) => a * b, 1);
    return runProgram(
      args,
      losses.scaledSumSquares(),
      [w],
      [{ type: 'int32', data: [n] }, ...floatAttr(args, 'scale')],
    );
  },
  [KERNELS.sumSqGrad]: (args) => {
    const { dy, w } = args.inputs as Record<string, tf.TensorInfo>;
    return runProgram(args, losses.scaledSumSquaresGrad(w.shape), [dy, w], floatAttr(args, 'scale'));
  },
  [KERNELS.softmaxCE]: (args) => {
    const { logits, labels } = args.inputs as Record<string, tf.TensorInfo>;
    return runProgram(args, losses.softmaxCE(), [logits, labels], floatAttr(args, 'smoothing'));
  },
  [KERNELS.softmaxCEGrad]: (args) => {
    const { dy, logits, labels } = args.inputs as Record<string, tf.TensorInfo>;
    return runProgram(
      args,
      losses.softmaxCEGrad(logits.shape),
      [dy, logits, labels],
      floatAttr(args, 'smoothing'),
    );
  },
  [KERNELS.patchSq]: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { info, u } = convUniforms(x, args.attrs as unknown as PatchAttrs);
    const out = [info.batchSize, info.outHeight, info.outWidth, 1];
    return runProgram(args, norms.patchSq(out), [x], u);
  },
  [KERNELS.patchSqGrad]: (args) => {
    const { dy, x } = args.inputs as Record<string, tf.TensorInfo>;
    const { u } = convUniforms(x, args.attrs as unknown as PatchAttrs);
    return runProgram(args, norms.patchSqGrad(x.shape), [dy, x], u);
  },
};

let registered = false;

/** Registers the fused kernels for 'webgpu' (once). They stay unused until checkWebGpuSphereKernels passes. */
export function registerWebGpuSphereKernels(): void {
  if (registered) return;
  registered = true;
  registerFusedSphereGradients();
  registerWebGpuAdamKernels();
  for (const [kernelName, kernelFunc] of Object.entries(KERNEL_FUNCS)) {
    tf.registerKernel({
      kernelName,
      backendName: 'webgpu',
      kernelFunc: kernelFunc as unknown as tf.KernelFunc,
    });
  }
}

/** Values and gradients (x, w, k) of one SphereConv on a small seeded case. */
async function probeCase(learnable: boolean): Promise<Float32Array[]> {
  const out = tf.tidy(() => {
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const k = tf.tensor1d([0.3, 0.7, 1.2]);
    const f = (xi: tf.Tensor, wi: tf.Tensor, ki: tf.Tensor) =>
      sphereConv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, {
        operator: learnable ? 'learnable-sigmoid' : 'linear',
        k: learnable ? ki : 0.3,
        activation: learnable ? 'relu' : 'linear',
        pool: learnable ? 2 : 1,
      })
        .square()
        .sum()
        .add(orthogonalityPenalty(wi));
    const { value, grads } = learnable
      ? tf.valueAndGrads(f)([x, w, k])
      : tf.valueAndGrads((xi: tf.Tensor, wi: tf.Tensor) => f(xi, wi, k))([x, w]);
    return [value, ...grads];
  });
  const data = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(out);
  return data;
}

/**
 * Softmax cross-entropy (as buildModel calls it) plus weight decay 5e-4/2·Σw² on a small case, fused
 * or plain by the current setting: [loss, d/dlogits, d/dw].
 */
export async function lossTermsForCheck(smoothing: number): Promise<Float32Array[]> {
  const out = tf.tidy(() => {
    const logits = tf.randomNormal([6, 10], 0, 3, 'float32', 41);
    const w = tf.randomNormal([3, 3, 2, 5], 0, 1, 'float32', 42);
    const labels = tf.tensor1d([0, 3, 9, 9, 2, 5], 'int32');
    const f = (z: tf.Tensor, wi: tf.Tensor) => {
      const ce = fusedSphereActive()
        ? softmaxCrossEntropyFused(labels, z as tf.Tensor2D, smoothing)
        : tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), z, undefined, smoothing);
      const decay = fusedSphereActive()
        ? scaledSumSquares(wi, 2.5e-4)
        : tf.mul(tf.sum(tf.square(wi)), 2.5e-4);
      return tf.add(ce, decay) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(f)([logits, w]);
    return [value, ...grads];
  });
  const data = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(out);
  return data;
}

/** A few Adam steps on a small variable: the fused optimizer's values, or tf.train.adam's. */
async function probeAdam(fused: boolean): Promise<Float32Array[]> {
  const v = tf.variable(tf.randomNormal([5, 7], 0, 1, 'float32', 5));
  const opt = fused ? new FusedAdam(0.01) : tf.train.adam(0.01);
  for (let i = 0; i < 3; i++) {
    opt.minimize(() => tf.sum(tf.mul(tf.square(v), tf.range(0, 35).reshape([5, 7]))));
  }
  const out = (await v.data()) as Float32Array;
  v.dispose();
  opt.dispose();
  return [out];
}

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((arr, i) => {
    arr.forEach((v, j) => {
      const d = Math.abs(v - b[i][j]) / Math.max(1, Math.abs(v));
      worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(worst, d);
    });
  });
  return worst;
}

/**
 * Turns the fused SphereConv on for webgpu if it compiles and matches the plain ops here; resolves
 * to a notice for the UI when it does not (the plain ops are then used).
 */
export async function checkWebGpuSphereKernels(): Promise<string | undefined> {
  if (tf.getBackend() !== 'webgpu') return undefined;
  registerWebGpuSphereKernels();
  const device = (tf.backend() as unknown as WebGPUBackend).device;
  setFusedSphereKernels('webgpu', false);
  try {
    const probe = async () => [
      ...(await probeCase(true)),
      ...(await probeCase(false)),
      ...(await probeAdam(fusedSphereActive())),
      ...(await lossTermsForCheck(0.01)),
    ];
    const plain = await probe();
    device.pushErrorScope('validation');
    setFusedSphereKernels('webgpu', true);
    const fused = await probe();
    const error = await device.popErrorScope();
    if (error) throw new Error(error.message);
    const diff = maxDiff(plain, fused);
    if (!(diff < 1e-4)) throw new Error(`results differ from the plain ops by ${diff.toExponential(1)}`);
    return undefined;
  } catch (e) {
    setFusedSphereKernels('webgpu', false);
    return `Fused SphereConv kernels failed on this WebGPU adapter (${(e as Error).message}); using plain tf.js ops (slower).`;
  }
}
