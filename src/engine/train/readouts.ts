import * as tf from '../../tfjs';
import type { DatasetSummary } from '../protocol';
import type { EngineModel } from './models';

/** The test digits as the trainer's data gives them (TrainData's shape, without importing the trainer). */
interface TestDigits {
  summary: DatasetSummary;
  batch(split: 'test', indices: ArrayLike<number>): { x: Float32Array; y: Int32Array };
}

/** Per model: its 2-D (or n-D) features, class weight rows and predicted classes, for the same digits. */
export interface FeatureReadout {
  labels: number[];
  byModel: Record<string, { features: Float32Array; classWeights: Float32Array; predictions: Int32Array }>;
}

/**
 * Feature-layer outputs, class weights and predictions of every model that has a feature layer,
 * on the first `count` test images (the Features view and C4's angle measures read them).
 */
export async function readFeatures(
  models: { id: string; model: EngineModel }[],
  data: TestDigits,
  count: number,
): Promise<FeatureReadout> {
  const n = Math.min(count, data.summary.testCount);
  const indices = Array.from({ length: n }, (_, i) => i);
  const { x, y } = data.batch('test', indices);
  const [h, w, c] = data.summary.inputShape;
  const xs = tf.tensor4d(x, [n, h, w, c]);
  const byModel: FeatureReadout['byModel'] = {};
  for (const { id, model } of models) {
    if (!model.features || !model.classWeights) continue;
    const [f, cw, pred] = tf.tidy(() => [
      model.features!(xs),
      model.classWeights!(),
      tf.argMax(model.logits(xs), 1),
    ]);
    byModel[id] = {
      features: (await f.data()) as Float32Array,
      classWeights: (await cw.data()) as Float32Array,
      predictions: (await pred.data()) as Int32Array,
    };
    tf.dispose([f, cw, pred]);
  }
  xs.dispose();
  return { labels: Array.from(y), byModel };
}
