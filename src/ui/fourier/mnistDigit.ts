import { loadShippedMnist } from '../../data/mnistBinary';

export interface Digit {
  pixels: Uint8Array;
  label: number;
  width: number;
  height: number;
}

let shipped: ReturnType<typeof loadShippedMnist> | undefined;

/**
 * The index-th digit of the shipped MNIST file (train split first, then test: the file's own
 * order). The file is fetched once per page; a failed fetch is retried on the next call.
 */
export async function loadDigit(index: number): Promise<Digit> {
  shipped ??= loadShippedMnist(`${import.meta.env.BASE_URL}data/mnist-10k.bin.gz`);
  let ds: Awaited<typeof shipped>;
  try {
    ds = await shipped;
  } catch (e) {
    shipped = undefined;
    throw e;
  }
  const total = ds.train.count + ds.test.count;
  if (!(index >= 0 && index < total))
    throw new Error(`There is no digit ${index}: the shipped file holds ${total}.`);
  const split = index < ds.train.count ? ds.train : ds.test;
  const i = index < ds.train.count ? index : index - ds.train.count;
  const ppi = ds.width * ds.height;
  return {
    pixels: split.images.subarray(i * ppi, (i + 1) * ppi) as Uint8Array,
    label: split.labels[i],
    width: ds.width,
    height: ds.height,
  };
}
