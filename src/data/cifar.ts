/**
 * CIFAR-10, binary version (cs.toronto.edu/~kriz/cifar.html): cifar-10-binary.tar.gz holds
 * cifar-10-batches-bin/data_batch_1..5.bin, test_batch.bin and batches.meta.txt. Each record is
 * 1 label byte + 3,072 pixel bytes, channel-planar (1,024 R, then G, then B, rows of 32); each
 * official batch holds 10,000 records. Pixels are converted to HWC here.
 */
import { baseName, estimateWork, formatBytes, inflateFiles, type NamedBytes, ProgressMeter } from './bytes';
import { CIFAR10_CLASS_NAMES, type Dataset, type LoadProgress, type Split } from './dataset';
import { looksLikeTar, readTar } from './tar';

export const CIFAR_SIDE = 32;
export const CIFAR_PIXELS = CIFAR_SIDE * CIFAR_SIDE * 3;
export const CIFAR_RECORD = 1 + CIFAR_PIXELS;
export const CIFAR_TRAIN_BATCHES = 5;

const TRAIN_RE = /^data_batch_(\d+)(\.bin)?$/;
const TEST_RE = /^test_batch(\.bin)?$/;
const META = 'batches.meta.txt';
/** Files of the distribution that carry nothing to load. */
const IGNORED_RE = /^(readme\.html|\._.*|\.ds_store)$/i;

/** True for names the CIFAR-10 distribution uses (batches, meta, readme). */
export function isCifarName(name: string): boolean {
  const b = baseName(name);
  return TRAIN_RE.test(b) || TEST_RE.test(b) || b === META || IGNORED_RE.test(b);
}

/** Checks one batch file's size and labels; returns its record count. */
export function checkCifarBatch(bytes: Uint8Array, file: string): number {
  if (bytes.length === 0) throw new Error(`${file}: the file is empty (0 bytes).`);
  if (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) {
    throw new Error(
      `${file}: this is the Python (pickle) version of CIFAR-10; please use the binary version, cifar-10-binary.tar.gz.`,
    );
  }
  if (bytes.length % CIFAR_RECORD !== 0) {
    const hint =
      bytes.length % (CIFAR_RECORD + 1) === 0
        ? ' It looks like CIFAR-100 (3,074-byte records); SphereLab reads CIFAR-10.'
        : ' The file is truncated, or not a CIFAR-10 binary batch.';
    throw new Error(
      `${file}: ${formatBytes(bytes.length)} is not a whole number of ${CIFAR_RECORD.toLocaleString('en-US')}-byte records (1 label + 32×32×3 pixels).${hint}`,
    );
  }
  const count = bytes.length / CIFAR_RECORD;
  for (let r = 0; r < count; r++) {
    const label = bytes[r * CIFAR_RECORD];
    if (label > 9) {
      throw new Error(
        `${file}: record ${r} has label ${label}, but CIFAR-10 labels are 0..9: the file is corrupt or not a CIFAR-10 batch.`,
      );
    }
  }
  return count;
}

/** Copies a batch's records into `out` at record `at`, planar CHW → interleaved HWC. */
function convertBatch(bytes: Uint8Array, count: number, out: Split, at: number): void {
  const plane = CIFAR_SIDE * CIFAR_SIDE;
  for (let r = 0; r < count; r++) {
    const src = r * CIFAR_RECORD;
    out.labels[at + r] = bytes[src];
    const dst = (at + r) * CIFAR_PIXELS;
    const red = src + 1;
    for (let p = 0; p < plane; p++) {
      const d = dst + 3 * p;
      out.images[d] = bytes[red + p];
      out.images[d + 1] = bytes[red + plane + p];
      out.images[d + 2] = bytes[red + 2 * plane + p];
    }
  }
}

interface Batch {
  file: string;
  bytes: Uint8Array;
  count: number;
  /** 1..5 for training batches, 0 for the test batch. */
  index: number;
}

function collect(files: NamedBytes[]): { batches: Batch[]; classNames: string[] } {
  const members: NamedBytes[] = [];
  for (const f of files) {
    if (looksLikeTar(f.bytes)) {
      for (const e of readTar(f.bytes, f.name)) members.push({ name: `${f.name}: ${e.name}`, bytes: e.data });
    } else members.push(f);
  }
  const batches: Batch[] = [];
  let classNames = CIFAR10_CLASS_NAMES.slice();
  for (const m of members) {
    const b = baseName(m.name);
    const train = TRAIN_RE.exec(b);
    if (b === META) {
      const names = new TextDecoder()
        .decode(m.bytes)
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (names.length === 10) classNames = names;
    } else if (train || TEST_RE.test(b)) {
      const index = train ? Number(train[1]) : 0;
      if (train && (index < 1 || index > CIFAR_TRAIN_BATCHES)) {
        throw new Error(`${m.name}: CIFAR-10 has data_batch_1 to data_batch_5, not ${index}.`);
      }
      const twin = batches.find((x) => x.index === index);
      if (twin) throw new Error(`${twin.file} and ${m.name} are the same batch. Load each file once.`);
      batches.push({ file: m.name, bytes: m.bytes, count: checkCifarBatch(m.bytes, m.name), index });
    } else if (/cifar-10-batches-(py|mat)/.test(m.name)) {
      throw new Error(
        `${m.name}: this is not the binary version of CIFAR-10; please use cifar-10-binary.tar.gz.`,
      );
    }
  }
  return { batches, classNames };
}

/** Builds a Dataset from already-decompressed CIFAR-10 files (a tar, or the batch .bin files). */
export function assembleCifar10(files: NamedBytes[], meter?: ProgressMeter): Dataset {
  const { batches, classNames } = collect(files);
  const test = batches.find((b) => b.index === 0);
  const trainBatches = batches.filter((b) => b.index > 0).sort((a, b) => a.index - b.index);
  const names = files.map((f) => f.name).join(', ');
  if (!test) {
    throw new Error(`test_batch.bin (the test split) is required but was not found in: ${names}.`);
  }
  if (trainBatches.length === 0) {
    throw new Error(`No training batch (data_batch_1.bin … data_batch_5.bin) was found in: ${names}.`);
  }
  const trainCount = trainBatches.reduce((n, b) => n + b.count, 0);
  const train: Split = {
    images: new Uint8Array(trainCount * CIFAR_PIXELS),
    labels: new Uint8Array(trainCount),
    count: trainCount,
  };
  const testSplit: Split = {
    images: new Uint8Array(test.count * CIFAR_PIXELS),
    labels: new Uint8Array(test.count),
    count: test.count,
  };
  let at = 0;
  for (const b of trainBatches) {
    meter?.setPhase(`Converting ${baseName(b.file)}`);
    convertBatch(b.bytes, b.count, train, at);
    at += b.count;
    meter?.add(b.bytes.length);
  }
  meter?.setPhase(`Converting ${baseName(test.file)}`);
  convertBatch(test.bytes, test.count, testSplit, 0);
  meter?.add(test.bytes.length);
  const found = trainBatches.map((b) => b.index);
  const name =
    found.length === CIFAR_TRAIN_BATCHES
      ? 'CIFAR-10'
      : `CIFAR-10 (${found.length} of ${CIFAR_TRAIN_BATCHES} training batches: ${found.join(', ')})`;
  return {
    name,
    width: CIFAR_SIDE,
    height: CIFAR_SIDE,
    channels: 3,
    numClasses: 10,
    classNames,
    train,
    test: testSplit,
  };
}

/** Gunzips (where needed) and assembles CIFAR-10 binary files. */
export async function loadCifar10Files(files: NamedBytes[], onProgress?: LoadProgress): Promise<Dataset> {
  const meter = new ProgressMeter(estimateWork(files), onProgress);
  const plain = await inflateFiles(files, meter);
  const ds = assembleCifar10(plain, meter);
  meter.finish();
  return ds;
}
