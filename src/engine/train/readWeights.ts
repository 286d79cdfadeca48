import type { WeightSet } from '../protocol';
import type { EngineModel } from './models';

/**
 * Every model's weights (getWeights() order) with their shapes, read back asynchronously: what a
 * snapshot keeps, and what Trainer.setWeights takes back on another worker or backend.
 */
export async function readWeights(models: { id: string; model: EngineModel }[]): Promise<WeightSet> {
  const out: WeightSet = {};
  for (const { id, model } of models) {
    // getWeights() hands out the variables' own tensors: read, never dispose.
    const weights = model.getWeights();
    const values = await Promise.all(weights.map((w) => w.data() as Promise<Float32Array>));
    out[id] = { shapes: weights.map((w) => w.shape), values };
  }
  return out;
}
