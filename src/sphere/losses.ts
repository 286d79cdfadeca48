import * as tf from '../tfjs';
import { DEFAULT_SIGMOID_K, type SphereOperator } from './angular';
import { angularFromCos, extendedAngular, type SigmoidK } from './angularTensor';
import { COS_LIMIT } from './fusedAngular';
import { orthoPenaltyFused, orthoPenaltyFusedAvailable } from './fusedSphereOps';
import { NORM_EPS, sphereDenseCos } from './sphereConv';

/** PAPER.md: 1e-4·‖WᵀW − I‖_F² on every SphereConv (recipe.ts cites the official line). */
export { ORTHOGONALITY_WEIGHT } from './recipe';

export interface GaSoftmaxOptions {
  operator: SphereOperator;
  /** Angular margin m ≥ 1 (1 = plain angular softmax). */
  m: number;
  /** Sigmoid k: a number, or the head's learnable |k| + 0.05 per class (a [C] tensor). */
  k?: SigmoidK;
  /** Label smoothing ε: targets (1 − ε)·one-hot + ε/C (official loss2: 1e-2; default 0). */
  labelSmoothing?: number;
  /**
   * λ ≥ 0 of SphereFace's margin annealing: the target's g becomes (λ·g(θ) + ψ(mθ)) / (1 + λ), so a
   * large λ starts near the plain angular softmax and λ → 0 reaches the full margin (default 0).
   */
  anneal?: number;
}

function oneHotLabels(labels: tf.Tensor, numClasses: number): tf.Tensor2D {
  return (
    labels.rank === 1 ? tf.oneHot(tf.cast(labels, 'int32'), numClasses) : tf.cast(labels, 'float32')
  ) as tf.Tensor2D;
}

/** ‖x‖ per row, with the same +1e-4 under the root as every SphereNet norm → [b, 1]. */
export function featureNorm(features: tf.Tensor2D): tf.Tensor2D {
  return tf.sqrt(tf.add(tf.sum(tf.square(features), 1, true), NORM_EPS));
}

/** Angular logits ‖x‖·g(θ_j) of features [b,d] against class weights [d,C] (GA-Softmax with m = 1). */
export function angularLogits(
  features: tf.Tensor2D,
  weights: tf.Tensor2D,
  operator: SphereOperator,
  k: SigmoidK = DEFAULT_SIGMOID_K,
): tf.Tensor2D {
  return tf.tidy(() =>
    tf.mul(featureNorm(features), angularFromCos(sphereDenseCos(features, weights), operator, k)),
  );
}

/**
 * GA-Softmax: L_i = −log(e^{‖x_i‖ψ(mθ_{y_i})} / (e^{‖x_i‖ψ(mθ_{y_i})} + Σ_{j≠y_i} e^{‖x_i‖g(θ_j)})),
 * mean over the batch. ψ extends g monotonically beyond π (extendedAngular), so a larger m
 * always lowers the target logit. labels: class ids [b] or one-hot [b,C]; weights [d,C].
 */
export function gaSoftmaxLoss(
  labels: tf.Tensor,
  features: tf.Tensor2D,
  weights: tf.Tensor2D,
  opts: GaSoftmaxOptions,
): tf.Scalar {
  if (!(opts.m >= 1)) throw new Error(`GA-Softmax margin m must be ≥ 1, got ${opts.m}`);
  const k = opts.k ?? DEFAULT_SIGMOID_K;
  return tf.tidy(() => {
    const numClasses = weights.shape[1];
    const oneHot = oneHotLabels(labels, numClasses);
    const norm = featureNorm(features);
    const cos = sphereDenseCos(features, weights);
    const plain = angularFromCos(cos, opts.operator, k);
    const theta = tf.acos(tf.clipByValue(cos, -COS_LIMIT, COS_LIMIT));
    const lambda = opts.anneal ?? 0;
    const full = extendedAngular(tf.mul(theta, opts.m), opts.operator, k);
    const margined = lambda > 0 ? tf.div(tf.add(tf.mul(plain, lambda), full), 1 + lambda) : full;
    const g = tf.add(tf.mul(plain, tf.sub(1, oneHot)), tf.mul(margined, oneHot));
    return tf.losses.softmaxCrossEntropy(
      oneHot,
      tf.mul(norm, g),
      undefined,
      opts.labelSmoothing ?? 0,
    ) as tf.Scalar;
  });
}

/** ‖WᵀW − I‖_F² with W reshaped to [kh·kw·cin, cout] (any kernel whose last axis is the units). */
export function orthogonalityPenalty(w: tf.Tensor): tf.Scalar {
  // With the fused kernels (webgpu, wasm, cpu): one kernel forward, two backward (./fusedSphereOps.ts).
  if (orthoPenaltyFusedAvailable()) return orthoPenaltyFused(w);
  return tf.tidy(() => {
    const units = w.shape[w.rank - 1];
    const mat = tf.reshape(w, [-1, units]) as tf.Tensor2D;
    const gram = tf.matMul(mat, mat, true, false);
    return tf.sum(tf.square(tf.sub(gram, tf.eye(units)))) as tf.Scalar;
  });
}
