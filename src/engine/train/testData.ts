import type { RunConfig } from '../types';
import type { TrainData } from './trainer';

/** Two tiny CNNs on quadrantData, SGD: the trainer tests' run (each test patches what it varies). */
export const TWO_TINY_CNNS: RunConfig = {
  models: [
    { id: 'a', label: 'A', spec: { kind: 'tiny-cnn', filters: 4 } },
    { id: 'b', label: 'B', spec: { kind: 'tiny-cnn', filters: 6 } },
  ],
  batchSize: 16,
  learningRate: 0.05,
  optimizer: 'sgd',
  seed: 7,
  evalEvery: 0,
  evalSize: 100,
  maxSteps: 0,
};

/**
 * Test fixture (trainer tests; no app code imports it). A learnable synthetic task:
 * class = which quadrant of an 8×8 image holds a bright blob.
 */
export function quadrantData(count: number): TrainData {
  const size = 8;
  const images = new Float32Array(count * size * size);
  const labels = new Int32Array(count);
  let s = 12345;
  const rand = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 4294967296;
  };
  for (let n = 0; n < count; n++) {
    const label = n % 4;
    labels[n] = label;
    const oy = label < 2 ? 0 : 4;
    const ox = label % 2 === 0 ? 0 : 4;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const inBlob = y >= oy && y < oy + 4 && x >= ox && x < ox + 4;
        images[n * 64 + y * 8 + x] = (inBlob ? 0.8 : 0.1) + 0.2 * rand();
      }
  }
  const pick = (offset: number, indices: ArrayLike<number>) => {
    const x = new Float32Array(indices.length * 64);
    const y = new Int32Array(indices.length);
    Array.from(indices).forEach((idx, i) => {
      const j = offset + idx;
      x.set(images.subarray(j * 64, j * 64 + 64), i * 64);
      y[i] = labels[j];
    });
    return { x, y };
  };
  const trainCount = Math.floor(count * 0.8);
  return {
    summary: {
      name: 'quadrants',
      trainCount,
      testCount: count - trainCount,
      inputShape: [8, 8, 1],
      numClasses: 4,
    },
    batch: (split, indices) => pick(split === 'train' ? 0 : trainCount, indices),
  };
}
