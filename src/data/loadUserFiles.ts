/**
 * One entry point for files a user picks or drops: full MNIST (IDX, gzipped or not), CIFAR-10
 * (binary tar.gz or batch .bin files), or a copy of SphereLab's own mnist-10k.bin. Decides what
 * the files are from their content and names, then hands them to the right parser. Every failure
 * is an Error whose message names the file and the problem, fit to show the user as is.
 */
import {
  baseName,
  checkTotalSize,
  estimateWork,
  hexHead,
  inflateFiles,
  MAX_LOADED_BYTES,
  type NamedBytes,
  ProgressMeter,
  readUserFile,
  type UserFile,
} from './bytes';
import { assembleCifar10, CIFAR_RECORD, isCifarName } from './cifar';
import type { Dataset, LoadProgress } from './dataset';
import { assembleMnistIdx, looksLikeIdx, parseIdx } from './idx';
import { parseShippedMnist, SHIPPED_MAGIC } from './mnistBinary';
import { looksLikeTar } from './tar';

export type FileKind = 'mnist-idx' | 'cifar10' | 'shipped-mnist';

const startsWith = (bytes: Uint8Array, ascii: string) =>
  bytes.length >= ascii.length && String.fromCharCode(...bytes.subarray(0, ascii.length)) === ascii;

/** What one decompressed file is, or an Error saying why it is none of the supported kinds. */
export function detectFileKind(file: NamedBytes): FileKind {
  const { name, bytes } = file;
  if (isCifarName(name) || looksLikeTar(bytes)) return 'cifar10';
  if (looksLikeIdx(bytes)) return 'mnist-idx';
  if (startsWith(bytes, SHIPPED_MAGIC)) return 'shipped-mnist';
  if (baseName(name).endsWith('.bin') && bytes.length % CIFAR_RECORD === 0) return 'cifar10';
  // Starts like IDX (two zero bytes) but with the wrong type: let the IDX parser say what is wrong.
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0) return 'mnist-idx';
  throw new Error(
    `${name}: not an MNIST IDX file, a CIFAR-10 binary file or a tar archive of them (it starts with ${hexHead(bytes)}).`,
  );
}

export interface LoadLimits {
  /** The most bytes read, as given and again as decompressed (MAX_LOADED_BYTES unless a test says less). */
  maxBytes?: number;
}

const sizeOf = (file: UserFile, index: number) =>
  file instanceof Blob
    ? {
        name: 'name' in file && typeof file.name === 'string' ? file.name : `file ${index + 1}`,
        size: file.size,
      }
    : { name: file.name, size: file.bytes.length };

/**
 * Reads, decompresses, recognizes and parses the files. `onProgress(done, total, phase)` reports
 * decompression and conversion in monotone units (bytes of work).
 */
export async function loadUserFiles(
  files: UserFile[],
  onProgress?: LoadProgress,
  { maxBytes = MAX_LOADED_BYTES }: LoadLimits = {},
): Promise<Dataset> {
  if (files.length === 0) throw new Error('No files were given.');
  checkTotalSize(files.map(sizeOf), maxBytes);
  const named = await Promise.all(files.map(readUserFile));
  const meter = new ProgressMeter(estimateWork(named), onProgress);
  const plain = await inflateFiles(named, meter, maxBytes);
  meter.setPhase('Recognizing files');
  const kinds = plain.map(detectFileKind);
  const of = (kind: FileKind) => plain.filter((_, i) => kinds[i] === kind);
  const idx = of('mnist-idx');
  const cifar = of('cifar10');
  const shipped = of('shipped-mnist');
  const groups = [idx, cifar, shipped].filter((g) => g.length > 0);
  if (groups.length > 1) {
    const say = (g: NamedBytes[]) => g.map((f) => f.name).join(', ');
    const parts = [
      idx.length ? `MNIST IDX (${say(idx)})` : '',
      cifar.length ? `CIFAR-10 (${say(cifar)})` : '',
      shipped.length ? `SphereLab MNIST (${say(shipped)})` : '',
    ].filter(Boolean);
    throw new Error(`These files mix datasets: ${parts.join(' and ')}. Load one dataset at a time.`);
  }
  let ds: Dataset;
  if (idx.length > 0) {
    meter.setPhase('Checking MNIST files');
    const parsed = idx.map((f) => {
      const p = parseIdx(f.bytes, f.name);
      meter.add(f.bytes.length);
      return p;
    });
    ds = assembleMnistIdx(parsed);
  } else if (cifar.length > 0) {
    ds = assembleCifar10(cifar, meter);
  } else {
    if (shipped.length > 1)
      throw new Error(`Load one SphereLab MNIST file at a time, not ${shipped.length}.`);
    ds = parseShippedMnist(shipped[0].bytes, shipped[0].name);
  }
  meter.finish();
  return ds;
}
