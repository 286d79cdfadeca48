/**
 * MNIST in its original IDX format (yann.lecun.com): big-endian header, magic 0x00000801 for labels
 * (1 dimension: count) and 0x00000803 for images (3 dimensions: count, rows, cols), then unsigned
 * bytes. Files may be gzipped (.gz) or not; the four files are told apart by content and name.
 * Works unchanged for Fashion-MNIST, which uses the same format and file names.
 */
import {
  baseName,
  estimateWork,
  formatBytes,
  hexHead,
  inflateFiles,
  type NamedBytes,
  ProgressMeter,
} from './bytes';
import { checkLabels, type Dataset, DIGIT_CLASS_NAMES, type LoadProgress, type Split } from './dataset';

export const IDX_LABELS_MAGIC = 0x00000801;
export const IDX_IMAGES_MAGIC = 0x00000803;
/** With one images/labels pair only, this share (from the end) becomes the test split. */
export const SINGLE_PAIR_TEST_SHARE = 0.2;

export interface IdxFile {
  file: string;
  kind: 'images' | 'labels';
  count: number;
  /** 1 for labels. */
  rows: number;
  cols: number;
  /** count·rows·cols bytes (a view of the input). */
  data: Uint8Array;
}

const IDX_TYPES: Record<number, string> = {
  8: 'unsigned byte',
  9: 'signed byte',
  11: 'short',
  12: 'int',
  13: 'float',
  14: 'double',
};

export function looksLikeIdx(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0 &&
    bytes[1] === 0 &&
    bytes[2] === 0x08 &&
    (bytes[3] === 1 || bytes[3] === 3)
  );
}

/** Parses one (already decompressed) IDX file; throws with the file name and what is wrong. */
export function parseIdx(bytes: Uint8Array, file: string): IdxFile {
  if (bytes.length === 0) throw new Error(`${file}: the file is empty (0 bytes).`);
  if (bytes.length < 4)
    throw new Error(`${file}: truncated: ${formatBytes(bytes.length)} is shorter than an IDX header.`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(
      `${file}: not an MNIST IDX file (it starts with ${hexHead(bytes)}; IDX labels start with 00 00 08 01, images with 00 00 08 03).`,
    );
  }
  const type = bytes[2];
  const dims = bytes[3];
  if (type !== 0x08) {
    const typeName = IDX_TYPES[type] ?? `unknown type 0x${type.toString(16)}`;
    throw new Error(`${file}: an IDX file of ${typeName}s, but MNIST stores unsigned bytes (type 0x08).`);
  }
  if (dims !== 1 && dims !== 3) {
    throw new Error(`${file}: an IDX file with ${dims} dimensions; MNIST labels have 1 and images 3.`);
  }
  const headerBytes = 4 + 4 * dims;
  if (bytes.length < headerBytes) {
    throw new Error(`${file}: truncated inside the header (${formatBytes(bytes.length)} of ${headerBytes}).`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const count = view.getUint32(4, false);
  const rows = dims === 3 ? view.getUint32(8, false) : 1;
  const cols = dims === 3 ? view.getUint32(12, false) : 1;
  const kind = dims === 3 ? 'images' : 'labels';
  if (count === 0) throw new Error(`${file}: its header declares zero ${kind}.`);
  if (rows === 0 || cols === 0 || rows > 4096 || cols > 4096) {
    throw new Error(`${file}: implausible image size ${rows}×${cols} in the header: the file is corrupt.`);
  }
  const expected = headerBytes + count * rows * cols;
  const what =
    kind === 'images'
      ? `${count.toLocaleString('en-US')} images of ${rows}×${cols}`
      : `${count.toLocaleString('en-US')} labels`;
  if (bytes.length < expected) {
    throw new Error(
      `${file}: truncated: its header declares ${what} (${formatBytes(expected)}) but the file has ${formatBytes(bytes.length)}.`,
    );
  }
  if (bytes.length > expected) {
    throw new Error(
      `${file}: ${formatBytes(bytes.length - expected)} of extra data after the ${what} its header declares: corrupt, or not an MNIST file.`,
    );
  }
  return { file, kind, count, rows, cols, data: bytes.subarray(headerBytes) };
}

type Role = 'train' | 'test';

/** By name first (train-…, t10k-…/test…), then by the official counts (60,000 / 10,000). */
function roleOf(f: IdxFile): Role | undefined {
  const name = baseName(f.file).toLowerCase();
  if (/t10k|test/.test(name)) return 'test';
  if (/train/.test(name)) return 'train';
  if (f.count === 60000) return 'train';
  if (f.count === 10000) return 'test';
  return undefined;
}

function split(images: IdxFile, labels: IdxFile): Split {
  if (images.count !== labels.count) {
    throw new Error(
      `${images.file} holds ${images.count.toLocaleString('en-US')} images but ${labels.file} holds ${labels.count.toLocaleString('en-US')} labels: they must match.`,
    );
  }
  checkLabels(labels.data, 10, labels.file);
  return { images: images.data, labels: labels.data, count: images.count };
}

function dataset(name: string, rows: number, cols: number, train: Split, test: Split): Dataset {
  return {
    name,
    width: cols,
    height: rows,
    channels: 1,
    numClasses: 10,
    classNames: DIGIT_CLASS_NAMES.slice(),
    train,
    test,
  };
}

const list = (fs: IdxFile[]) => fs.map((f) => f.file).join(', ');

/**
 * Builds a Dataset from parsed IDX files: the four official files (train + t10k, images + labels),
 * or a single images/labels pair whose last 20% becomes the test split (the name says so).
 */
export function assembleMnistIdx(files: IdxFile[]): Dataset {
  const images = files.filter((f) => f.kind === 'images');
  const labels = files.filter((f) => f.kind === 'labels');
  const all = list(files);
  if (images.length === 0) throw new Error(`No MNIST image file (IDX, magic 00 00 08 03) among: ${all}.`);
  if (labels.length === 0) throw new Error(`No MNIST label file (IDX, magic 00 00 08 01) among: ${all}.`);
  if (images.length === 1 && labels.length === 1) {
    const [im, lb] = [images[0], labels[0]];
    const whole = split(im, lb);
    if (whole.count < 2)
      throw new Error(`${im.file}: one image cannot be split into training and test data.`);
    const testCount = Math.max(1, Math.round(whole.count * SINGLE_PAIR_TEST_SHARE));
    const trainCount = whole.count - testCount;
    const ppi = im.rows * im.cols;
    return dataset(
      'MNIST (your IDX pair; last 20% held out for test)',
      im.rows,
      im.cols,
      {
        images: whole.images.subarray(0, trainCount * ppi),
        labels: whole.labels.subarray(0, trainCount),
        count: trainCount,
      },
      {
        images: whole.images.subarray(trainCount * ppi),
        labels: whole.labels.subarray(trainCount),
        count: testCount,
      },
    );
  }
  const pick = (role: Role, kind: IdxFile['kind']): IdxFile => {
    const unknown = files.filter((f) => roleOf(f) === undefined);
    if (unknown.length > 0) {
      throw new Error(
        `Cannot tell whether ${list(unknown)} is training or test data: name the files train-… and t10k-… as in the official distribution.`,
      );
    }
    const found = files.filter((f) => f.kind === kind && roleOf(f) === role);
    const label = `${role === 'train' ? 'training' : 'test'} ${kind}`;
    if (found.length > 1)
      throw new Error(`Two files look like the ${label}: ${list(found)}. Load each file once.`);
    if (found.length === 0) {
      const official = `${role === 'train' ? 'train' : 't10k'}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte(.gz)`;
      throw new Error(`The ${label} file (${official}) is missing; found ${all}.`);
    }
    return found[0];
  };
  const trainImages = pick('train', 'images');
  const testImages = pick('test', 'images');
  if (trainImages.rows !== testImages.rows || trainImages.cols !== testImages.cols) {
    throw new Error(
      `${trainImages.file} has ${trainImages.rows}×${trainImages.cols} images but ${testImages.file} has ${testImages.rows}×${testImages.cols}.`,
    );
  }
  const train = split(trainImages, pick('train', 'labels'));
  const test = split(testImages, pick('test', 'labels'));
  return dataset('MNIST (your IDX files)', trainImages.rows, trainImages.cols, train, test);
}

/** Gunzips (where needed), parses and assembles MNIST IDX files. */
export async function loadMnistIdxFiles(files: NamedBytes[], onProgress?: LoadProgress): Promise<Dataset> {
  const meter = new ProgressMeter(estimateWork(files), onProgress);
  const plain = await inflateFiles(files, meter);
  meter.setPhase('Checking MNIST files');
  const parsed = plain.map((f) => {
    const p = parseIdx(f.bytes, f.name);
    meter.add(f.bytes.length);
    return p;
  });
  const ds = assembleMnistIdx(parsed);
  meter.finish();
  return ds;
}
