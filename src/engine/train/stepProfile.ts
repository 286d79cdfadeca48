/**
 * Kernels per training step, per model, on the running backend (tf.profile): on GPU backends a
 * step is dispatch-bound, so the kernel count is what its time follows. Built on throwaway copies
 * of the run's models (same seed, same first batch): the run itself is untouched.
 */
import { SeededBatchOrder } from '../../data';
import * as tf from '../../tfjs';
import type { RunConfig, StepProfile } from '../types';
import { createModel } from './models';
import { disposeOptimizer, makeOptimizer, type TrainData } from './trainer';

/** One unprofiled step per model first (optimizer slots, shader compiles), then one profiled step. */
export async function profileTrainingStep(
  data: TrainData,
  config: RunConfig,
): Promise<Record<string, StepProfile>> {
  const { inputShape, numClasses, trainCount } = data.summary;
  const order = new SeededBatchOrder(trainCount, config.seed);
  const batches = [order.next(config.batchSize), order.next(config.batchSize)].map((indices) => {
    const { x, y } = data.batch('train', indices);
    return {
      xs: tf.tensor4d(x, [indices.length, ...inputShape]),
      ys: tf.tensor1d(y, 'int32'),
    };
  });
  const out: Record<string, StepProfile> = {};
  try {
    for (const entry of config.models) {
      const model = createModel(entry.id, entry.spec, { seed: config.seed, inputShape, numClasses });
      const optimizer = makeOptimizer(config.optimizer, config.learningRate);
      try {
        const step = (b: (typeof batches)[number]) =>
          optimizer.minimize(() => model.loss(b.xs, b.ys), true) as tf.Scalar;
        const warm = step(batches[0]);
        await warm.data();
        warm.dispose();
        const info = await tf.profile(() => step(batches[1]));
        const loss = info.result as tf.Scalar;
        await loss.data();
        loss.dispose();
        const counts = new Map<string, number>();
        for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
        out[entry.id] = {
          kernels: info.kernels.length,
          top: [...counts]
            .map(([name, count]) => ({ name, count }))
            .sort((a, b) => b.count - a.count)
            .slice(0, 8),
        };
      } finally {
        // Not optimizer.dispose(): tf.js's momentum optimizer keeps its −lr scalar (see optimizers.ts).
        disposeOptimizer(optimizer);
        model.dispose();
      }
    }
  } finally {
    for (const b of batches) tf.dispose([b.xs, b.ys]);
  }
  return out;
}
