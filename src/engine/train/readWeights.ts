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

interface WeightHolder {
  models(): { id: string; model: EngineModel }[];
  setWeights(id: string, shapes: number[][], values: Float32Array[]): void;
  dispose(): void;
}

/**
 * Replaces a run by a new one from `build` that holds its weights: read, dispose the old one, run
 * `between` (a backend change, a kernel switch), build, load. For a run moved before its first step.
 */
export async function rebuildKeepingWeights<T extends WeightHolder>(
  old: T,
  between: () => Promise<void>,
  build: () => T | Promise<T>,
): Promise<T> {
  const weights = await readWeights(old.models());
  old.dispose();
  await between();
  const next = await build();
  for (const [id, w] of Object.entries(weights)) next.setWeights(id, w.shapes, w.values);
  return next;
}
