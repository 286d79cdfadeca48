import * as tf from '../tfjs';
import { DEFAULT_SIGMOID_K, type SphereOperator } from './angular';
import { COS_LIMIT, fusedAngular } from './fusedAngular';

/**
 * k of the sigmoid operators: a positive number, or one value per channel (last axis) as a
 * tensor — for learnable k that is the effective |k| + 0.05, computed by the caller.
 */
export type SigmoidK = number | tf.Tensor;

/** 'auto' = fused JS loop where tensors live in CPU memory (wasm, cpu), composite ops elsewhere. */
export type AngularImpl = 'auto' | 'fused' | 'composite';

let defaultImpl: AngularImpl = 'auto';

/** Chooses how g(c) is evaluated (tests compare both; benchmarks may force one). */
export function setAngularImpl(impl: AngularImpl): void {
  defaultImpl = impl;
}

function fusedAllowed(impl: AngularImpl): boolean {
  if (impl !== 'auto') return impl === 'fused';
  const backend = tf.getBackend();
  // dataSync is a memcpy on these; on webgl/webgpu it would stall the GPU pipeline.
  return backend === 'wasm' || backend === 'cpu';
}

function checkK(k: SigmoidK): void {
  if (typeof k === 'number' && !(k > 0)) throw new Error(`sigmoid operator needs k > 0, got ${k}`);
}

/**
 * The sigmoid/linear maps as tf ops (differentiated by tf.js); used on GPU backends.
 * With relu: g(0) = 0 and g increases, so relu(g(c)) = g(max(c, 0)) — the clip's lower bound
 * becomes 0 and does the relu's work, gradient included (one op fewer each way; on a GPU every
 * op is a dispatch).
 */
function compositeAngular(
  cos: tf.Tensor,
  operator: 'linear' | 'sigmoid',
  k: SigmoidK,
  relu: boolean,
): tf.Tensor {
  const u = tf.asin(tf.clipByValue(cos, relu ? 0 : -COS_LIMIT, COS_LIMIT)); // u = π/2 − θ
  if (operator === 'linear') return tf.mul(u, 2 / Math.PI);
  if (typeof k === 'number') {
    return tf.mul(tf.tanh(tf.mul(u, 1 / (2 * k))), 1 / Math.tanh(Math.PI / (4 * k)));
  }
  const a = tf.div(0.5, k);
  const s = tf.reciprocal(tf.tanh(tf.mul(a, Math.PI / 2)));
  return tf.mul(tf.tanh(tf.mul(u, a)), s);
}

/**
 * The fused loop as kernels of their own, registered where tensors live in JS-reachable memory
 * (src/engine/kernels/wasm/sphereConv/angular.ts: wasm and cpu). A kernel reads cos and writes g and dg/dc
 * straight into the backend's memory; the JS path below instead copies cos out (dataSync), and
 * g and dg/dc back in (tf.tensor): three copies and three fresh arrays per call, a few ms a step
 * on the activations of a BN SphereNet (its operator runs before the pool).
 */
export const ANGULAR_KERNELS = {
  /** x (cos) → [g, dg/dc]; attrs AngularKernelAttrs. */
  fixed: 'SphereLabAngular',
  /** x (cos), k [C] → [g, dg/dc, dg/dk]; attrs AngularKernelAttrs (k unused). */
  perChannel: 'SphereLabAngularPerChannelK',
  /** a (dy), b (dg/dk), same shape → [C]: Σ a·b per channel (last axis), summed in float64. */
  kGradient: 'SphereLabAngularKGradient',
  /**
   * x (cos, NHWC) → [g, dg/dc, idx] of the fixed operator after a 2x2 stride-2 max-pool: g and
   * dg/dc at the pooled size, idx int32 0..3 the window's winner (the first max); attrs
   * AngularKernelAttrs.
   */
  pooled: 'SphereLabPoolAngular',
  /** dy, dgdc, idx → dx of x's shape: dy·dg/dc at each winner, 0 elsewhere; attrs { inputShape }. */
  pooledGrad: 'SphereLabPoolAngularGrad',
} as const;

export interface AngularKernelAttrs {
  operator: 'linear' | 'sigmoid';
  k: number;
  relu: boolean;
}

function kernelAvailable(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/** Σ dy·dg/dk per channel (last axis) → [C]: the kGradient kernel where registered, else tf ops. */
function kGradient(dy: tf.Tensor, dgdk: tf.Tensor): tf.Tensor {
  if (kernelAvailable(ANGULAR_KERNELS.kGradient))
    return tf.engine().runKernel(ANGULAR_KERNELS.kGradient, { a: dy, b: dgdk }) as tf.Tensor;
  return tf.sum(tf.reshape(tf.mul(dy, dgdk), [-1, dy.shape[dy.rank - 1] ?? 1]), 0);
}

/**
 * A kernel whose first output is the op's value and whose other outputs only feed its gradient,
 * as an op: a customGrad around the kernel, not a gradient registered for it. tf.js gives every
 * kernel output that reaches no loss (here dg/dc, dg/dk, the pool's winners) a zero-filled dy
 * tensor, made in JavaScript and copied into wasm's heap: 5 MB a step at the learnable-k preset,
 * whose SphereNet spent 6.5 ms a step outside kernels then and 3.4 ms since (batch 32). Here the
 * other outputs are saved copies, handed to `grad` with dy.
 */
function kernelOp(
  name: string,
  inputs: Record<string, tf.Tensor>,
  attrs: object,
  grad: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): tf.Tensor {
  const names = Object.keys(inputs);
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const given = Object.fromEntries(names.map((n, i) => [n, args[i] as tf.Tensor]));
    const [value, ...forGradient] = tf
      .engine()
      .runKernel(name, given as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    (args[names.length] as tf.GradSaveFunc)(forGradient);
    return { value, gradFunc: grad };
  })(...names.map((n) => inputs[n]));
}

/** One of the operator kernels as an op: its gradient is dy·dg/dc (and Σ dy·dg/dk per channel). */
function angularKernel(cos: tf.Tensor, attrs: AngularKernelAttrs, k?: tf.Tensor): tf.Tensor {
  if (!k) return kernelOp(ANGULAR_KERNELS.fixed, { x: cos }, attrs, (dy, [dgdc]) => tf.mul(dy, dgdc));
  return kernelOp(ANGULAR_KERNELS.perChannel, { x: cos, k }, attrs, (dy, [dgdc, dgdk]) => [
    tf.mul(dy, dgdc),
    kGradient(dy, dgdk),
  ]);
}

function fusedFixed(cos: tf.Tensor, operator: 'linear' | 'sigmoid', k: number, relu: boolean): tf.Tensor {
  if (kernelAvailable(ANGULAR_KERNELS.fixed)) return angularKernel(cos, { operator, k, relu });
  const channels = cos.shape[cos.rank - 1] ?? 1;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const c = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const r = fusedAngular(c.dataSync() as Float32Array, operator, k, channels, false, relu);
    const dgdc = tf.tensor(r.dgdc, c.shape);
    save([dgdc]);
    return {
      value: tf.tensor(r.g, c.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]),
    };
  });
  return op(cos);
}

function fusedLearnable(cos: tf.Tensor, k: tf.Tensor, relu: boolean): tf.Tensor {
  const channels = cos.shape[cos.rank - 1] ?? 1;
  if (k.size !== channels) throw new Error(`k has ${k.size} values for ${channels} channels`);
  if (kernelAvailable(ANGULAR_KERNELS.perChannel) && k.rank === 1)
    return angularKernel(cos, { operator: 'sigmoid', k: 0, relu }, k);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const c = args[0] as tf.Tensor;
    const kIn = args[1] as tf.Tensor;
    const save = args[2] as tf.GradSaveFunc;
    const r = fusedAngular(
      c.dataSync() as Float32Array,
      'sigmoid',
      kIn.dataSync() as Float32Array,
      channels,
      true,
      relu,
    );
    save([tf.tensor(r.dgdc, c.shape), tf.tensor(r.dgdk!, c.shape)]);
    return {
      value: tf.tensor(r.g, c.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.mul(dy, saved[0]),
        tf.reshape(tf.sum(tf.reshape(tf.mul(dy, saved[1]), [-1, channels]), 0), kIn.shape),
      ],
    };
  });
  return op(cos, k);
}

export interface AngularOptions {
  /** Apply max(0, ·) to g (fused: the half with cos ≤ 0 costs nothing). */
  relu?: boolean;
  impl?: AngularImpl;
}

/**
 * g(θ) from cos θ, elementwise; the channel axis (for per-channel k) is the last one.
 * cosine: cos itself (no acos). linear/sigmoid: clamp cos to [−1+1e-6, 1−1e-6], then g(acos(cos)).
 */
export function angularFromCos(
  cos: tf.Tensor,
  operator: SphereOperator,
  k: SigmoidK = DEFAULT_SIGMOID_K,
  opts: AngularOptions = {},
): tf.Tensor {
  const relu = opts.relu ?? false;
  if (operator === 'cosine') return relu ? tf.relu(cos) : cos;
  const op = operator === 'linear' ? 'linear' : 'sigmoid';
  if (op === 'sigmoid') checkK(k);
  if (!fusedAllowed(opts.impl ?? defaultImpl)) {
    return compositeAngular(cos, op, k, relu);
  }
  if (op === 'linear') return fusedFixed(cos, 'linear', 1, relu);
  if (typeof k === 'number') return fusedFixed(cos, 'sigmoid', k, relu);
  return fusedLearnable(cos, k, relu);
}

/**
 * g of the max over each pool × pool window (stride pool, 'valid') of cos [b, h, w, C], with the
 * optional ReLU: every operator (and the ReLU) is increasing in cos, so this is the max-pool of
 * g, for pool² times fewer evaluations of g. Where the pooled kernels run (wasm: a 2x2 pool and
 * a fixed operator) the pool and the operator are one kernel each way; else tf.maxPool, then
 * angularFromCos.
 */
export function pooledAngularFromCos(
  cos: tf.Tensor4D,
  operator: SphereOperator,
  k: SigmoidK = DEFAULT_SIGMOID_K,
  opts: AngularOptions & { pool: number },
): tf.Tensor4D {
  const relu = opts.relu ?? false;
  const fixed = operator === 'linear' || (operator !== 'cosine' && typeof k === 'number');
  if (
    opts.pool === 2 &&
    fixed &&
    fusedAllowed(opts.impl ?? defaultImpl) &&
    kernelAvailable(ANGULAR_KERNELS.pooled)
  ) {
    const op = operator === 'linear' ? 'linear' : 'sigmoid';
    if (op === 'sigmoid') checkK(k);
    const attrs: AngularKernelAttrs = { operator: op, k: op === 'linear' ? 1 : (k as number), relu };
    const inputShape = cos.shape;
    return kernelOp(
      ANGULAR_KERNELS.pooled,
      { x: cos },
      attrs,
      (dy, [dgdc, idx]) =>
        tf.engine().runKernel(ANGULAR_KERNELS.pooledGrad, { dy, dgdc, idx }, {
          inputShape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    ) as tf.Tensor4D;
  }
  const pooled = opts.pool > 1 ? tf.maxPool(cos, opts.pool, opts.pool, 'valid') : cos;
  return angularFromCos(pooled, operator, k, opts) as tf.Tensor4D;
}

/**
 * g(φ) for angles φ ≥ 0 of any size, extended monotonically beyond π (GA-Softmax's g(mθ)):
 * ψ(φ) = g(φ − qπ) − 2q with q = ⌊φ/π⌋. Continuous (g(π) = −1 = g(0) − 2) and decreasing; for
 * cosine it is A-Softmax's (−1)^q cos(φ) − 2q, for linear the straight line continued.
 */
export function extendedAngular(
  phi: tf.Tensor,
  operator: SphereOperator,
  k: SigmoidK = DEFAULT_SIGMOID_K,
): tf.Tensor {
  return tf.tidy(() => {
    // q is piecewise constant: no gradient through it (floor's gradient is zero anyway).
    const q = tf.floor(tf.div(phi, Math.PI));
    const local = tf.sub(phi, tf.mul(q, Math.PI)); // in [0, π)
    let g: tf.Tensor;
    if (operator === 'cosine') g = tf.cos(local);
    else if (operator === 'linear') g = tf.sub(1, tf.mul(local, 2 / Math.PI));
    else {
      checkK(k);
      // k per class (a learnable head's |k| + 0.05) broadcasts over the last axis.
      const scale =
        typeof k === 'number' ? 1 / Math.tanh(Math.PI / (4 * k)) : tf.div(1, tf.tanh(tf.div(Math.PI / 4, k)));
      const inner =
        typeof k === 'number'
          ? tf.mul(tf.sub(Math.PI / 2, local), 1 / (2 * k))
          : tf.div(tf.sub(Math.PI / 2, local), tf.mul(k, 2));
      g = tf.mul(tf.tanh(inner), scale);
    }
    return tf.sub(g, tf.mul(q, 2));
  });
}
