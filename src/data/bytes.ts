/**
 * Byte plumbing shared by the loaders: user file inputs, gzip detection and streaming gunzip with
 * progress (DecompressionStream, available in browsers, workers and Node 20), and a throttled
 * progress meter so a worker posts tens of progress messages, not tens of thousands.
 */
import type { LoadProgress } from './dataset';

/** What the loaders accept: bytes with a name (what the worker receives) or a Blob/File. */
export type UserFile = { name: string; bytes: Uint8Array } | Blob;

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export async function readUserFile(file: UserFile, index: number): Promise<NamedBytes> {
  if (file instanceof Blob) {
    const name = 'name' in file && typeof file.name === 'string' ? file.name : `file ${index + 1}`;
    return { name, bytes: new Uint8Array(await file.arrayBuffer()) };
  }
  return file;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The uncompressed size a gzip member claims in its trailer (ISIZE, mod 2^32); a hint, not a promise. */
export function gzipClaimedSize(bytes: Uint8Array): number {
  if (bytes.length < 18) return 0;
  const n = bytes.length;
  return (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
}

/** The first bytes as hex, for "this is not a … file (it starts with …)" messages. */
export function hexHead(bytes: Uint8Array, n = 4): string {
  return Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function formatBytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}

/**
 * The most bytes SphereLab reads from a user: the files as given, and again what they decompress
 * to (so an 18 MB gzip of 4 GiB zeros stops at this many bytes out, not at the tab's memory).
 * A full MNIST (55 MB) or CIFAR-10 (185 MB as a tar) fits with room to spare.
 */
export const MAX_LOADED_BYTES = 400 * 2 ** 20;

export function formatLimit(n: number): string {
  return n >= 2 ** 20 ? `${+(n / 2 ** 20).toFixed(1)} MB` : formatBytes(n);
}

const INPUT_CHUNK = 1 << 20;
// Deflate cannot expand more than ~1032:1; a larger claimed size means a corrupt trailer.
const MAX_DEFLATE_RATIO = 1032;

/**
 * Gunzips `bytes` into one Uint8Array. The output is allocated once from the trailer's size claim
 * (so a 180 MB CIFAR tar needs no doubling copies) and grown only if the claim was wrong, never
 * past `maxOutput`: decompression stops there with an error naming the file and the limit.
 * `onOutput(n)` is called with each decompressed chunk's length.
 */
export async function gunzip(
  bytes: Uint8Array,
  name: string,
  onOutput?: (n: number) => void,
  maxOutput = MAX_LOADED_BYTES,
): Promise<Uint8Array> {
  const claimed = gzipClaimedSize(bytes);
  const plausible = claimed > 0 && claimed <= bytes.length * MAX_DEFLATE_RATIO;
  const guess = plausible ? claimed : Math.max(1024, bytes.length * 4);
  let out = new Uint8Array(Math.max(1, Math.min(guess, maxOutput)));
  let length = 0;
  let offset = 0;
  const input = new ReadableStream<BufferSource>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const end = Math.min(bytes.length, offset + INPUT_CHUNK);
      // A copy, not a view: some implementations transfer or detach what they are given.
      controller.enqueue(bytes.slice(offset, end));
      offset = end;
    },
  });
  const reader = input.pipeThrough(new DecompressionStream('gzip')).getReader();
  let tooLarge = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > maxOutput) {
        tooLarge = true;
        break;
      }
      if (length + value.length > out.length) {
        const grown = new Uint8Array(Math.min(maxOutput, Math.max(out.length * 2, length + value.length)));
        grown.set(out.subarray(0, length));
        out = grown;
      }
      out.set(value, length);
      length += value.length;
      onOutput?.(value.length);
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${name}: the gzip data is corrupt or truncated (${why}).`);
  }
  if (tooLarge) {
    await reader.cancel().catch(() => undefined);
    throw new Error(
      `${name}: decompresses to more than ${formatLimit(maxOutput)}, the most SphereLab reads; stopped there.`,
    );
  }
  if (length === 0) throw new Error(`${name}: the gzip data decompresses to nothing.`);
  return length === out.length ? out : out.subarray(0, length);
}

/**
 * Reports monotone progress over a known amount of work, throttled to steps of `minStep` of the
 * total (and every phase change), so callers can report per chunk without flooding a worker.
 */
export class ProgressMeter {
  private done = 0;
  private lastReported = -1;
  private phase = '';

  constructor(
    private total: number,
    private readonly onProgress?: LoadProgress,
    private readonly minStep = 0.005,
  ) {}

  setPhase(phase: string): void {
    this.phase = phase;
    this.report(true);
  }

  /** Replaces the total once it becomes known (e.g. from a header that arrived). */
  setTotal(total: number): void {
    this.total = total;
  }

  add(n: number): void {
    this.done = Math.min(this.total, this.done + n);
    this.report(false);
  }

  finish(): void {
    this.done = this.total;
    this.report(true);
  }

  private report(force: boolean): void {
    if (!this.onProgress) return;
    const total = Math.max(1, this.total);
    if (!force && this.done - this.lastReported < this.minStep * total) return;
    this.lastReported = this.done;
    this.onProgress(this.done, total, this.phase);
  }
}

/** Work units for loading `files`: decompressing a gzip counts its output once, then parsing counts every byte. */
export function estimateWork(files: NamedBytes[]): number {
  return files.reduce((sum, f) => sum + (isGzip(f.bytes) ? 2 * gzipClaimedSize(f.bytes) : f.bytes.length), 0);
}

/** The files' sizes together must stay within `maxBytes` (checked before anything is read or decompressed). */
export function checkTotalSize(sizes: { name: string; size: number }[], maxBytes = MAX_LOADED_BYTES): void {
  const total = sizes.reduce((n, f) => n + f.size, 0);
  if (total <= maxBytes) return;
  const what = sizes.length === 1 ? sizes[0].name : `These files (${sizes.map((f) => f.name).join(', ')})`;
  throw new Error(`${what}: ${formatLimit(total)} in all; SphereLab reads at most ${formatLimit(maxBytes)}.`);
}

/**
 * Gunzips the gzipped files (name kept), leaves the others as they are; progress per output chunk.
 * Everything that comes out, plain files included, counts against one budget of `maxBytes`.
 */
export async function inflateFiles(
  files: NamedBytes[],
  meter: ProgressMeter,
  maxBytes = MAX_LOADED_BYTES,
): Promise<NamedBytes[]> {
  const out: NamedBytes[] = [];
  let used = files.reduce((n, f) => n + (isGzip(f.bytes) ? 0 : f.bytes.length), 0);
  for (const f of files) {
    if (f.bytes.length === 0) throw new Error(`${f.name}: the file is empty (0 bytes).`);
    if (!isGzip(f.bytes)) {
      out.push(f);
      continue;
    }
    meter.setPhase(`Decompressing ${f.name}`);
    const plain = await gunzip(f.bytes, f.name, (n) => meter.add(n), maxBytes - used);
    used += plain.length;
    out.push({ name: f.name, bytes: plain });
  }
  return out;
}

/** The last path component, for matching names like "cifar-10-batches-bin/test_batch.bin". */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}
