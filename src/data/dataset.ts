/**
 * The one in-memory dataset shape every loader returns: uint8 pixels, HWC (row-major, channels
 * last, as tf.js conv2d expects), labels 0..numClasses-1. Batches are plain typed arrays; the
 * engine turns them into tensors, so this file stays free of tf.js.
 */

export interface Split {
  /** count × height × width × channels bytes, image after image. */
  images: Uint8Array;
  /** count bytes, 0..numClasses-1. */
  labels: Uint8Array;
  count: number;
}

export interface Dataset {
  name: string;
  width: number;
  height: number;
  channels: number;
  numClasses: number;
  classNames: string[];
  train: Split;
  test: Split;
}

export type SplitName = 'train' | 'test';

/** Progress in arbitrary, monotone units; `phase` says what is happening (e.g. "Decompressing x.gz"). */
export type LoadProgress = (done: number, total: number, phase?: string) => void;

export const DIGIT_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const CIFAR10_CLASS_NAMES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

export function pixelsPerImage(ds: Pick<Dataset, 'width' | 'height' | 'channels'>): number {
  return ds.width * ds.height * ds.channels;
}

/** Per-channel mean and standard deviation of pixel values scaled to [0, 1]. */
export interface ChannelNorm {
  mean: number[];
  std: number[];
}

/**
 * Per-channel mean/std of a split (normally train), in [0, 1] units. Samples at most `maxImages`
 * evenly spaced images, enough for stable statistics without touching all 150 MB of CIFAR.
 */
export function channelStats(ds: Dataset, split: SplitName = 'train', maxImages = 5000): ChannelNorm {
  const part = ds[split];
  const c = ds.channels;
  const ppi = pixelsPerImage(ds);
  const stride = Math.max(1, Math.floor(part.count / maxImages));
  const sum = new Float64Array(c);
  const sumSq = new Float64Array(c);
  let n = 0;
  for (let i = 0; i < part.count; i += stride) {
    const base = i * ppi;
    for (let p = 0; p < ppi; p++) {
      const v = part.images[base + p] / 255;
      sum[p % c] += v;
      sumSq[p % c] += v * v;
    }
    n += ppi / c;
  }
  const mean = Array.from(sum, (s) => s / n);
  // A constant channel would divide by zero; 1 leaves it merely centred.
  const std = Array.from(sumSq, (s, ch) => Math.sqrt(Math.max(0, s / n - mean[ch] ** 2)) || 1);
  return { mean, std };
}

export interface Batch {
  /** indices.length × height × width × channels floats, HWC. */
  x: Float32Array;
  /** indices.length labels. */
  y: Int32Array;
}

/**
 * Gathers the examples at `indices` into one float batch. Without `norm` pixels become p/255 in
 * [0, 1] (what the Lab trains on); with `norm` they become (p/255 − mean[c]) / std[c].
 */
export function makeBatch(
  ds: Dataset,
  split: SplitName,
  indices: ArrayLike<number>,
  norm?: ChannelNorm,
): Batch {
  const part = ds[split];
  const ppi = pixelsPerImage(ds);
  const c = ds.channels;
  const n = indices.length;
  const x = new Float32Array(n * ppi);
  const y = new Int32Array(n);
  // Lookup tables: one multiply-free read per pixel, whichever normalization.
  const tables: Float32Array[] = [];
  for (let ch = 0; ch < c; ch++) {
    const t = new Float32Array(256);
    const mean = norm ? norm.mean[ch] : 0;
    const std = norm ? norm.std[ch] : 1;
    for (let v = 0; v < 256; v++) t[v] = (v / 255 - mean) / std;
    tables.push(t);
  }
  for (let i = 0; i < n; i++) {
    const idx = indices[i];
    if (!(idx >= 0 && idx < part.count) || !Number.isInteger(idx)) {
      throw new RangeError(`Index ${idx} is outside the ${split} split (0..${part.count - 1}).`);
    }
    const src = idx * ppi;
    const dst = i * ppi;
    if (c === 1) {
      const t = tables[0];
      for (let p = 0; p < ppi; p++) x[dst + p] = t[part.images[src + p]];
    } else {
      for (let p = 0; p < ppi; p++) x[dst + p] = tables[p % c][part.images[src + p]];
    }
    y[i] = part.labels[idx];
  }
  return { x, y };
}

/** How many examples of each class a split holds. */
export function classCounts(ds: Dataset, split: SplitName): number[] {
  const counts = new Array<number>(ds.numClasses).fill(0);
  const part = ds[split];
  for (let i = 0; i < part.count; i++) counts[part.labels[i]]++;
  return counts;
}

/** Throws unless every label is below numClasses; `what` names the file for the message. */
export function checkLabels(labels: Uint8Array, numClasses: number, what: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) {
      throw new Error(
        `${what}: label ${labels[i]} at position ${i} is out of range (expected 0..${numClasses - 1}).`,
      );
    }
  }
}
