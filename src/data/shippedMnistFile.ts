import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * Node only (tests, benchmarks; not part of the browser API in ./index.ts): the shipped MNIST as
 * the app serves it, public/data/mnist-10k.bin.gz (written by `npm run data`).
 */
export const SHIPPED_MNIST_GZ = fileURLToPath(new URL('../../public/data/mnist-10k.bin.gz', import.meta.url));

/** The decompressed shipped file ("SLMN" header, labels, pixels): parseShippedMnist's input. */
export function readShippedMnistFile(): Uint8Array {
  const bytes = gunzipSync(readFileSync(SHIPPED_MNIST_GZ));
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
