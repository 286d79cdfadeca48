/**
 * Builders for files in the exact formats the loaders read, for unit tests and e2e tests (which
 * write them to disk and upload them through the file picker). Pure: no I/O, no compression
 * (gzip them with node:zlib where needed).
 */
import { mulberry32 } from './rng';

/** IDX images: 00 00 08 03 | u32 BE count | u32 BE rows | u32 BE cols | pixels. */
export function encodeIdxImages(
  pixels: Uint8Array,
  count: number,
  rows: number,
  cols: number,
): Uint8Array<ArrayBuffer> {
  if (pixels.length !== count * rows * cols) {
    throw new Error(`encodeIdxImages: ${pixels.length} pixels is not ${count}×${rows}×${cols}.`);
  }
  const out = new Uint8Array(16 + pixels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000803, false);
  view.setUint32(4, count, false);
  view.setUint32(8, rows, false);
  view.setUint32(12, cols, false);
  out.set(pixels, 16);
  return out;
}

/** IDX labels: 00 00 08 01 | u32 BE count | labels. */
export function encodeIdxLabels(labels: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(8 + labels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000801, false);
  view.setUint32(4, labels.length, false);
  for (let i = 0; i < labels.length; i++) out[8 + i] = labels[i];
  return out;
}

// Seven-segment layout on a 28×28 canvas: [x0, y0, x1, y1] rectangles (inclusive).
const SEGMENTS: Record<string, [number, number, number, number]> = {
  a: [9, 5, 18, 7],
  b: [17, 5, 19, 14],
  c: [17, 13, 19, 22],
  d: [9, 20, 18, 22],
  e: [8, 13, 10, 22],
  f: [8, 5, 10, 14],
  g: [9, 12, 18, 14],
};
const DIGIT_SEGMENTS = [
  'abcdef',
  'bc',
  'abged',
  'abgcd',
  'fgbc',
  'afgcd',
  'afgedc',
  'abc',
  'abcdefg',
  'abcdfg',
];

/**
 * A 28×28 uint8 image of `digit` drawn as seven-segment strokes, shifted by up to ±2 pixels and
 * lightly noised from `seed`: distinct per class, so even a tiny model can learn them.
 */
export function renderDigit(digit: number, seed = 1): Uint8Array<ArrayBuffer> {
  if (!(Number.isInteger(digit) && digit >= 0 && digit <= 9))
    throw new Error(`renderDigit: ${digit} is not 0..9.`);
  const rand = mulberry32(seed);
  const dx = Math.floor(rand() * 5) - 2;
  const dy = Math.floor(rand() * 5) - 2;
  const img = new Uint8Array(28 * 28);
  for (const s of DIGIT_SEGMENTS[digit]) {
    const [x0, y0, x1, y1] = SEGMENTS[s];
    for (let y = y0 + dy; y <= y1 + dy; y++) {
      for (let x = x0 + dx; x <= x1 + dx; x++) img[y * 28 + x] = 200 + Math.floor(rand() * 56);
    }
  }
  for (let p = 0; p < img.length; p++) if (img[p] === 0 && rand() < 0.03) img[p] = Math.floor(rand() * 60);
  return img;
}

/** An IDX images/labels pair of rendered `digits` (28×28), ready to write to disk. */
export function makeIdxPair(
  digits: ArrayLike<number>,
  seed = 1,
): { images: Uint8Array<ArrayBuffer>; labels: Uint8Array<ArrayBuffer> } {
  const pixels = new Uint8Array(digits.length * 784);
  for (let i = 0; i < digits.length; i++) pixels.set(renderDigit(digits[i], seed * 100_003 + i), i * 784);
  return { images: encodeIdxImages(pixels, digits.length, 28, 28), labels: encodeIdxLabels(digits) };
}

/** `n` digits cycling 0..9, the easy way to get every class in a small file. */
export function cyclingDigits(n: number, start = 0): number[] {
  return Array.from({ length: n }, (_, i) => (start + i) % 10);
}

/** The four official MNIST file names (uncompressed) with rendered digits of the given sizes. */
export function makeMnistIdxFileSet(
  trainCount: number,
  testCount: number,
  seed = 1,
): { name: string; bytes: Uint8Array<ArrayBuffer> }[] {
  const train = makeIdxPair(cyclingDigits(trainCount), seed);
  const test = makeIdxPair(cyclingDigits(testCount, 3), seed + 1);
  return [
    { name: 'train-images-idx3-ubyte', bytes: train.images },
    { name: 'train-labels-idx1-ubyte', bytes: train.labels },
    { name: 't10k-images-idx3-ubyte', bytes: test.images },
    { name: 't10k-labels-idx1-ubyte', bytes: test.labels },
  ];
}

/**
 * One CIFAR-10 binary batch: per record 1 label byte + 3,072 bytes, planar R, G, B planes of
 * 32×32. `imagesHwc` holds labels.length images, 32×32×3 interleaved (the Dataset layout).
 */
export function encodeCifarBatch(labels: ArrayLike<number>, imagesHwc: Uint8Array): Uint8Array<ArrayBuffer> {
  const n = labels.length;
  if (imagesHwc.length !== n * 3072) throw new Error(`encodeCifarBatch: need ${n}×3072 pixels.`);
  const out = new Uint8Array(n * 3073);
  for (let r = 0; r < n; r++) {
    const rec = r * 3073;
    out[rec] = labels[r];
    for (let p = 0; p < 1024; p++) {
      for (let c = 0; c < 3; c++) out[rec + 1 + c * 1024 + p] = imagesHwc[r * 3072 + p * 3 + c];
    }
  }
  return out;
}

/** Seeded random HWC images, for round-trip tests. */
export function randomPixels(count: number, pixelsPerImage: number, seed: number): Uint8Array<ArrayBuffer> {
  const rand = mulberry32(seed);
  return Uint8Array.from({ length: count * pixelsPerImage }, () => Math.floor(rand() * 256));
}

/** A POSIX ustar archive of regular files (plus the two zero blocks that end it). */
export function makeUstarTar(entries: { name: string; bytes: Uint8Array }[]): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const blocks = entries.reduce((n, e) => n + 1 + Math.ceil(e.bytes.length / 512), 2);
  const out = new Uint8Array(blocks * 512);
  let at = 0;
  const field = (h: Uint8Array, off: number, len: number, s: string) =>
    h.set(enc.encode(s).subarray(0, len), off);
  const octal = (n: number, len: number) => `${n.toString(8).padStart(len - 1, '0')}\0`;
  for (const e of entries) {
    let name = e.name;
    let prefix = '';
    if (name.length > 100) {
      const cut = name.lastIndexOf('/', 155);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    const h = out.subarray(at, at + 512);
    field(h, 0, 100, name);
    field(h, 100, 8, octal(0o644, 8));
    field(h, 108, 8, octal(0, 8));
    field(h, 116, 8, octal(0, 8));
    field(h, 124, 12, octal(e.bytes.length, 12));
    field(h, 136, 12, octal(1_500_000_000, 12));
    field(h, 148, 8, '        ');
    h[156] = 0x30; // '0': regular file
    field(h, 257, 6, 'ustar\0');
    field(h, 263, 2, '00');
    field(h, 345, 155, prefix);
    let sum = 0;
    for (const b of h) sum += b;
    field(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    out.set(e.bytes, at + 512);
    at += 512 * (1 + Math.ceil(e.bytes.length / 512));
  }
  return out;
}
