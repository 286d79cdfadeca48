import { type Dataset, loadShippedMnist, loadUserFiles } from '../data';
import type { TrainData } from './trainer';

export type ProgressFn = (task: string, done: number, total: number, etaMs?: number) => void;

/** Adapts a uint8 HWC Dataset to the trainer: batches of floats in [0, 1]. */
export function toTrainData(ds: Dataset): TrainData {
  const pixels = ds.width * ds.height * ds.channels;
  const batch = (split: 'train' | 'test', indices: ArrayLike<number>) => {
    const part = split === 'train' ? ds.train : ds.test;
    const x = new Float32Array(indices.length * pixels);
    const y = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const idx = indices[i];
      const src = part.images.subarray(idx * pixels, (idx + 1) * pixels);
      const base = i * pixels;
      for (let p = 0; p < pixels; p++) x[base + p] = src[p] / 255;
      y[i] = part.labels[idx];
    }
    return { x, y };
  };
  return {
    summary: {
      name: ds.name,
      trainCount: ds.train.count,
      testCount: ds.test.count,
      inputShape: [ds.height, ds.width, ds.channels],
      numClasses: ds.numClasses,
    },
    batch,
  };
}

/** Measures throughput so progress messages can carry an ETA. */
function withEta(task: string, onProgress: ProgressFn): (done: number, total: number) => void {
  const t0 = performance.now();
  return (done, total) => {
    const elapsed = performance.now() - t0;
    const etaMs = done > 0 && total > 0 ? (elapsed / done) * (total - done) : undefined;
    onProgress(task, done, total, etaMs);
  };
}

export async function loadShippedDataset(url: string, onProgress: ProgressFn): Promise<TrainData> {
  return toTrainData(await loadShippedMnist(url, withEta('Loading MNIST', onProgress)));
}

export async function loadDatasetFromFiles(
  files: { name: string; bytes: Uint8Array }[],
  onProgress: ProgressFn,
): Promise<TrainData> {
  return toTrainData(await loadUserFiles(files, withEta('Reading your files', onProgress)));
}
