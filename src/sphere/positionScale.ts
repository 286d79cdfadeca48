import * as tf from '../tfjs';

/** Kernels of scaleEachPosition on the CPU backends (registered in src/engine/kernels/wasm/). */
export const POSITION_SCALE_KERNELS = {
  /** out[p, c] = z[p, c] · r[p]. Inputs z, r. */
  scale: 'SphereLabScalePositions',
  /** out[p] = Σ_c a[p, c] · b[p, c], shape a's with a last axis of 1. Inputs a, b. */
  dot: 'SphereLabDotPositions',
} as const;

/**
 * z ⊙ r for z [..., C] and r [..., 1] (one factor per position, broadcast over the channels):
 * the patch-norm division of every SphereConv.
 *
 * Why not tf.mul on wasm and cpu: both multiply tensors of different shapes element by element
 * through a generic broadcasting loop, and the gradient repeats that twice more (dy·r, then dy·z
 * summed over C): ~3 ms of a SphereNet step of batch 64 on wasm. There the two kernels above
 * (plain loops, SIMD on wasm) do the forward pass and both gradients. GPU backends broadcast
 * efficiently: they use tf.mul.
 */
export function scaleEachPosition(z: tf.Tensor, r: tf.Tensor): tf.Tensor {
  const channels = z.shape[z.rank - 1] ?? 1;
  if (r.size * channels !== z.size || r.shape[r.rank - 1] !== 1)
    throw new Error('r needs one value per position of z');
  if (!tf.getKernel(POSITION_SCALE_KERNELS.scale, tf.getBackend())) return tf.mul(z, r);
  return tf
    .engine()
    .runKernel(POSITION_SCALE_KERNELS.scale, { z, r } as unknown as tf.NamedTensorMap) as tf.Tensor;
}

let registered = false;

/** dz = dy ⊙ r (the same kernel), dr = Σ_c dy·z; once. */
export function registerPositionScaleGradient(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: POSITION_SCALE_KERNELS.scale,
    inputsToSave: ['z', 'r'],
    gradFunc: (dy, saved) => {
      const [z, r] = saved;
      const d = dy as tf.Tensor;
      const run = (name: string, inputs: Record<string, tf.Tensor>) =>
        tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap) as tf.Tensor;
      return {
        z: () => run(POSITION_SCALE_KERNELS.scale, { z: d, r }),
        r: () => run(POSITION_SCALE_KERNELS.dot, { a: d, b: z }),
      };
    },
  });
}
