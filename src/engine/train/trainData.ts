import { type Dataset, loadShippedMnist, loadUserFiles, makeBatch } from '../../data';
import type { TrainData } from './trainer';

export type ProgressFn = (task: string, done: number, total: number, etaMs?: number) => void;

/** Adapts a uint8 HWC Dataset to the trainer: batches of floats in [0, 1]. */
export function toTrainData(ds: Dataset): TrainData {
  return {
    summary: {
      name: ds.name,
      trainCount: ds.train.count,
      testCount: ds.test.count,
      inputShape: [ds.height, ds.width, ds.channels],
      numClasses: ds.numClasses,
    },
    batch: (split, indices) => makeBatch(ds, split, indices),
    dataset: ds,
  };
}

/** Turns loader progress into progress messages with an ETA from the rate so far. */
function withEta(
  task: string,
  onProgress: ProgressFn,
): (done: number, total: number, phase?: string) => void {
  const t0 = performance.now();
  return (done, total, phase) => {
    const elapsed = performance.now() - t0;
    const etaMs = done > 0 && total > 0 ? (elapsed / done) * (total - done) : undefined;
    onProgress(phase ?? task, done, total, etaMs);
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

let shippedMnist: Promise<TrainData> | undefined;
/**
 * The shipped MNIST, downloaded once per worker however often it is asked for (its first caller's
 * progress is reported): the worker starts it as the message arrives, so it overlaps the backend's start.
 */
export function shippedMnistOnce(url: string, onProgress: ProgressFn): Promise<TrainData> {
  shippedMnist ??= loadShippedDataset(url, onProgress).catch((e) => {
    shippedMnist = undefined;
    throw e;
  });
  return shippedMnist;
}

/**
 * A validation split held out from the training digits: the last `size` training examples become
 * this data's test split, and training draws only from the ones before them, so a model trained
 * on it never sees them. Model selection scores on it and leaves the real test digits to the
 * measures that report results.
 */
export function holdOutValidation(data: TrainData, size: number): TrainData {
  const { trainCount } = data.summary;
  if (!(Number.isInteger(size) && size > 0 && size < trainCount))
    throw new Error(`A validation split of ${size} digits does not fit ${trainCount} training digits.`);
  const kept = trainCount - size;
  return {
    summary: { ...data.summary, trainCount: kept, testCount: size },
    batch: (split, indices) =>
      split === 'train'
        ? data.batch('train', indices)
        : data.batch(
            'train',
            Array.from(indices, (i) => kept + i),
          ),
  };
}
