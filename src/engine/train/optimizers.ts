import * as tf from '../../tfjs';
import { FusedAdam, fusedAdamActive } from '../kernels/webgpu/adam';
import type { OptimizerName } from '../types';

/** Momentum of the 'sgd' choice (the PyTorch export reads it too). */
export const SGD_MOMENTUM = 0.9;

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  if (name !== 'adam') return tf.train.momentum(learningRate, SGD_MOMENTUM);
  // Adam in 2 kernels per variable instead of ~14: on webgpu with the fused kernels on (each
  // kernel a dispatch), on wasm and cpu (each tf.js op costs its bookkeeping, ~tens of µs).
  return fusedAdamActive() ? new FusedAdam(learningRate) : tf.train.adam(learningRate);
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
