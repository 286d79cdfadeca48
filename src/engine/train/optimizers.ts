import { fusedSphereActive } from '../../sphere/fusedSphereOps';
import * as tf from '../../tfjs';
import { FusedAdam } from '../kernels/webgpu/adam';
import type { OptimizerName } from '../types';

/** Momentum of the 'sgd' choice (the PyTorch export reads it too). */
export const SGD_MOMENTUM = 0.9;

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  if (name !== 'adam') return tf.train.momentum(learningRate, SGD_MOMENTUM);
  // On webgpu with the fused kernels on: Adam in 2 dispatches per variable instead of 14.
  return fusedSphereActive() ? new FusedAdam(learningRate) : tf.train.adam(learningRate);
}

/**
 * optimizer.dispose() plus the −lr scalar that tf.js's MomentumOptimizer.dispose forgets (its
 * SGD parent's `c`, kept by setLearningRate): without this, every Reset leaked one per model.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const lr = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (lr && !lr.isDisposed) lr.dispose();
}
