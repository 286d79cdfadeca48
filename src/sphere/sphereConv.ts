import * as tf from '../tfjs';
import { DEFAULT_SIGMOID_K, type SphereOperator } from './angular';
import { angularFromCos, pooledAngularFromCos, type SigmoidK } from './angularTensor';
import {
  fusedSphereActive,
  patchSquares,
  sphereTail,
  unitFilters,
  unitFiltersAvailable,
} from './fusedSphereOps';
import { patchNormInverse } from './norm/patchNorm';
import { scaleEachPosition } from './positionScale';

/** Added under every square root of a norm (PAPER.md): zero patches and zero kernels stay finite. */
export const NORM_EPS = 1e-4;

export interface SphereConvOptions {
  operator: SphereOperator;
  /** Sigmoid k: a number, or a per-filter tensor [cout] (learnable k: pass |k| + 0.05). */
  k?: SigmoidK;
  strides?: number;
  padding?: 'same' | 'valid';
  /** 'relu' applies max(0, g) inside the fused operator (cheaper than a separate tf.relu). */
  activation?: 'linear' | 'relu';
  /**
   * A following 2-D max-pool (size = stride, 'valid'), taken on cos θ *before* the operator.
   * Every operator (and the ReLU) is increasing in cos θ, so max(g(c₁), g(c₂), …) = g(max(c₁, c₂, …))
   * with the same argmax: the result and its gradient are those of pooling g, but g — the
   * expensive part (asin, tanh) — is evaluated on pool² times fewer elements.
   */
  pool?: number;
}

/**
 * w/‖w‖ per output filter (the last axis), ‖w‖ = sqrt(Σ w² over the other axes + 1e-4): one
 * kernel each way where the backend has it (wasm, cpu, fused webgpu), else tf.js' five ops.
 */
function unitKernel<T extends tf.Tensor>(w: T): T {
  if (unitFiltersAvailable()) return unitFilters(w);
  const axes = w.shape.slice(0, -1).map((_, i) => i);
  return tf.mul(w, tf.rsqrt(tf.add(tf.sum(tf.square(w), axes, true), NORM_EPS)));
}

/**
 * cos θ between every patch and every filter: conv2d(x, w) / (‖x_patch‖ · ‖w‖).
 * ‖x_patch‖² = conv2d(x², ones[kh,kw,cin,1]) + 1e-4 with the conv's strides and padding. It is
 * computed as conv2d(Σ_c x², ones[kh,kw,1,1]) — the same sum, but the channel sum is done once
 * instead of inside every window (cin times fewer multiply-adds). The filter is normalized
 * before the conv (a tiny tensor) rather than dividing the big output by ‖w‖.
 */
export function sphereConvCos(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  strides = 1,
  padding: 'same' | 'valid' = 'same',
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = w.shape;
    const patchNormInv = patchNormInverse(x, kh, kw, strides, padding, NORM_EPS);
    return scaleEachPosition(tf.conv2d(x, unitKernel(w), strides, padding), patchNormInv) as tf.Tensor4D;
  });
}

/**
 * SphereConv: g(θ) for every output position and filter. x [b,h,w,cin], w [kh,kw,cin,cout]
 * → [b,h',w',cout] in [−1, 1]. No bias (the official code has none; the layer can add one).
 */
export function sphereConv2d(x: tf.Tensor4D, w: tf.Tensor4D, opts: SphereConvOptions): tf.Tensor4D {
  return tf.tidy(() => {
    const strides = opts.strides ?? 1;
    const padding = opts.padding ?? 'same';
    const pool = opts.pool ?? 1;
    if (fusedSphereActive()) {
      // Same math in four kernels forward (src/sphere/fusedSphereOps.ts): GPU backends only.
      const [kh, kw] = w.shape;
      const patchSq = patchSquares(x, { kh, kw, strides, padding });
      const z = tf.conv2d(x, unitFilters(w), strides, padding);
      return sphereTail(
        z,
        patchSq,
        opts.operator,
        opts.k ?? DEFAULT_SIGMOID_K,
        opts.activation === 'relu',
        pool,
      );
    }
    const cos = sphereConvCos(x, w, strides, padding);
    return pooledAngularFromCos(cos, opts.operator, opts.k, { relu: opts.activation === 'relu', pool });
  });
}

/** cos θ between each row of x [b,din] and each column of w [din,units] (a dense layer is a 1×1 patch). */
export function sphereDenseCos(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const xNormInv = tf.rsqrt(tf.add(tf.sum(tf.square(x), 1, true), NORM_EPS));
    return scaleEachPosition(tf.matMul(x, unitKernel(w)), xNormInv) as tf.Tensor2D;
  });
}

/** SphereFC: g(θ) between each input row and each unit's weight vector → [b, units]. */
export function sphereDense(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  opts: { operator: SphereOperator; k?: SigmoidK; activation?: 'linear' | 'relu' },
): tf.Tensor2D {
  return tf.tidy(
    () =>
      angularFromCos(sphereDenseCos(x, w), opts.operator, opts.k, {
        relu: opts.activation === 'relu',
      }) as tf.Tensor2D,
  );
}
