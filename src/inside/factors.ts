/**
 * The factors of one conv layer's output (PAPER.md, SphereConv): ⟨w,x⟩ = ‖w‖·‖x‖·cos θ, and the
 * batch statistics of those factors. Pure tf ops; call inside tf.tidy.
 */
import { COS_LIMIT } from '../sphere/fusedAngular';
import { NORM_EPS } from '../sphere/sphereConv';
import * as tf from '../tfjs';
import { THETA_BINS } from './types';

export interface ConvFactors {
  /** ‖x_patch‖ = sqrt(Σ_patch x² + 1e-4) [b, h, w, 1]. */
  patchNorm: tf.Tensor4D;
  /** Σ_patch x² [b, h, w, 1] (0 exactly on an all-zero patch). */
  patchSquares: tf.Tensor4D;
  /** ‖w‖ = sqrt(Σ w² + 1e-4) per filter [cout]. */
  kernelNorm: tf.Tensor1D;
  /** cos θ = ⟨w,x⟩ / (‖w‖‖x‖) [b, h, w, cout]. */
  cos: tf.Tensor4D;
}

/**
 * The same norms (with the same 1e-4 under the roots) that SphereConv uses, so that for the CNN
 * patchNorm · kernelNorm · cos is its ⟨w,x⟩ exactly (the eps cancels: cos is divided by them).
 */
export function convFactors(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  strides: number,
  padding: 'same' | 'valid',
): ConvFactors {
  const [kh, kw] = w.shape;
  const xSq = tf.sum(tf.square(x), 3, true) as tf.Tensor4D;
  const patchSquares = tf.conv2d(xSq, tf.ones([kh, kw, 1, 1]) as tf.Tensor4D, strides, padding);
  const patchNorm = tf.sqrt(tf.add(patchSquares, NORM_EPS)) as tf.Tensor4D;
  const kernelNorm = tf.sqrt(tf.add(tf.sum(tf.square(w), [0, 1, 2]), NORM_EPS)) as tf.Tensor1D;
  const cos = tf.div(tf.conv2d(x, tf.div(w, kernelNorm) as tf.Tensor4D, strides, padding), patchNorm);
  return { patchNorm, patchSquares, kernelNorm, cos: cos as tf.Tensor4D };
}

/** θ = acos(cos θ), clamped as the operators clamp it (acos is undefined past ±1 in float32). */
export function angleOf(cos: tf.Tensor): tf.Tensor {
  return tf.acos(tf.clipByValue(cos, -COS_LIMIT, COS_LIMIT));
}

/**
 * Counts of θ in THETA_BINS equal bins of [0, π] over every filter and every non-zero patch, and
 * the share of pairs left out because their patch was all zero (they would pile up at π/2 and
 * hide the distribution: on MNIST most patches are background).
 */
export function thetaHistogram(f: ConvFactors): { counts: tf.Tensor1D; zeroShare: tf.Scalar } {
  const binOf = (cos: tf.Tensor) =>
    tf.cast(tf.minimum(tf.floor(tf.mul(angleOf(cos), THETA_BINS / Math.PI)), THETA_BINS - 1), 'int32');
  // One bincount over every pair (not a masked sum per bin, nor a mask as wide as cos): an all-zero
  // patch has cos = 0 exactly (0 / sqrt(1e-4)), so its pairs all sit in the bin of cos = 0, found by
  // the same ops on a 0, and are taken out of that bin afterwards.
  const all = tf.cast(tf.bincount(tf.reshape(binOf(f.cos), [-1]) as tf.Tensor1D, [], THETA_BINS), 'float32');
  const zeroPatches = tf.sum(tf.cast(tf.lessEqual(f.patchSquares, 0), 'float32'));
  const filters = f.cos.shape[3];
  const zeroPairs = tf.mul(zeroPatches, filters);
  const zeroBin = tf.oneHot(binOf(tf.zeros([1])) as tf.Tensor1D, THETA_BINS).reshape([THETA_BINS]);
  const counts = tf.sub(all, tf.mul(zeroBin, zeroPairs)) as tf.Tensor1D;
  return { counts, zeroShare: tf.div(zeroPatches, f.patchSquares.size) as tf.Scalar };
}

/** Dead filters (0 everywhere on the batch) and the share of zero outputs, from a ReLU's output. */
export function reluStats(relu: tf.Tensor4D): { deadFilters: tf.Scalar; zeros: tf.Scalar } {
  const perFilterMax = tf.max(relu, [0, 1, 2]);
  return {
    deadFilters: tf.mean(tf.cast(tf.lessEqual(perFilterMax, 0), 'float32')) as tf.Scalar,
    zeros: tf.mean(tf.cast(tf.lessEqual(relu, 0), 'float32')) as tf.Scalar,
  };
}

/**
 * Effective step lr / mean(‖w‖²). Why this figure: a SphereConv's output (and a BN'd conv's)
 * does not change when w is scaled, so its gradient is orthogonal to w and scales as 1/‖w‖; a
 * step of size lr·‖∇‖ turns the filter's direction by ≈ lr·‖∇₁‖/‖w‖² (∇₁: the gradient at ‖w‖ = 1).
 * The same lr means a smaller turn for larger kernels — which is what lets large lr train.
 */
export function effectiveStep(kernelNorm: tf.Tensor1D, learningRate: number): tf.Scalar {
  return tf.div(learningRate, tf.mean(tf.square(kernelNorm))) as tf.Scalar;
}

/** Outputs this small (|⟨w,x⟩| ≤ 1e-6: zero patches, exact orthogonality) have no finite log. */
const LOG_FLOOR = 1e-6;

/**
 * Share of the CNN output's variance carried by its magnitude factor. With L = log|⟨w,x⟩|,
 * M = log(‖w‖‖x‖) and A = log|cos θ|, L = M + A exactly, so
 *   Var(L) = Cov(M, L) + Cov(A, L)
 * and Cov(M, L)/Var(L) + Cov(A, L)/Var(L) = 1: the two shares always add up to one (the
 * covariance split of a sum; Cov(M,A) is shared between the factors in proportion to how each moves
 * the total). Logs make the product a sum; over pairs with |⟨w,x⟩| > 1e-6 (batch × positions ×
 * filters). A share near 1 means the output mostly tells how big the patch and the filter are, near
 * 0 that it mostly tells their angle. Not 1 − Var(A)/Var(L): that can fall below 0 and does not
 * split Var(L) when M and A correlate.
 */
export function magnitudeShare(f: ConvFactors): tf.Scalar {
  // log(‖x‖‖w‖) as a broadcast sum of two small logs: no full-size copy of the magnitude.
  const M = tf.add(tf.log(f.patchNorm), tf.log(f.kernelNorm));
  const absOut = tf.abs(tf.mul(tf.mul(f.patchNorm, f.kernelNorm), f.cos));
  const mask = tf.cast(tf.greater(absOut, LOG_FLOOR), 'float32');
  const n = tf.maximum(tf.sum(mask), 1);
  const L = tf.log(tf.maximum(absOut, LOG_FLOOR));
  const mean = (t: tf.Tensor) => tf.div(tf.sum(tf.mul(t, mask)), n);
  const dL = tf.sub(L, mean(L));
  const dM = tf.sub(M, mean(M));
  const varL = mean(tf.square(dL));
  return tf.div(mean(tf.mul(dM, dL)), tf.maximum(varL, 1e-12)) as tf.Scalar;
}
