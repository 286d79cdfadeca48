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

/**
 * Compressed bytes handed to the decompressor at a time. Chromium's DecompressionStream inflates a
 * whole input chunk before it looks at backpressure, so one chunk of a gzip of zeros (up to ~1032:1)
 * is buffered whole: 1 MiB in meant 1 GiB in memory at once (a 4 GiB-zeros gzip took the tab past
 * 1.9 GB). 16 KiB in is at most ~16.5 MB out per chunk.
 */
export const GUNZIP_INPUT_CHUNK = 16 * 1024;
// Deflate cannot expand more than ~1032:1; a larger claimed size means a corrupt trailer.
const MAX_DEFLATE_RATIO = 1032;

/** The chunks joined into `length` bytes (the one chunk itself when there is only one). */
export function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Gunzips `bytes` into one Uint8Array, never holding more than `maxOutput` bytes of output:
 * decompression stops there with an error naming the file and the limit. A plausible trailer size
 * claim is allocated once (a 180 MB CIFAR tar needs no doubling copies); without one (a bomb of
 * 4 GiB claims 0) the chunks are kept as they come and joined at the end, so stopping at the
 * limit never holds an old and a grown buffer at once. `onOutput(n)` gets each chunk's length.
 */
export async function gunzip(
  bytes: Uint8Array,
  name: string,
  onOutput?: (n: number) => void,
  maxOutput = MAX_LOADED_BYTES,
): Promise<Uint8Array> {
  const claimed = gzipClaimedSize(bytes);
  const plausible = claimed > 0 && claimed <= bytes.length * MAX_DEFLATE_RATIO && claimed <= maxOutput;
  let out = plausible ? new Uint8Array(claimed) : undefined;
  const chunks: Uint8Array[] = [];
  let length = 0;
  let offset = 0;
  const input = new ReadableStream<BufferSource>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const end = Math.min(bytes.length, offset + GUNZIP_INPUT_CHUNK);
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
      if (out && length + value.length > out.length) {
        // The claim was wrong after all: keep what came so far as the first chunk.
        chunks.push(out.subarray(0, length));
        out = undefined;
      }
      if (out) out.set(value, length);
      else chunks.push(value);
      length += value.length;
      onOutput?.(value.length);
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${name}: the gzip data is corrupt or truncated (${why}).`);
  }
  if (tooLarge) {
    chunks.length = 0;
    out = undefined;
    await reader.cancel().catch(() => undefined);
    throw new Error(
      `${name}: decompresses to more than ${formatLimit(maxOutput)}, the most SphereLab reads; stopped there.`,
    );
  }
  if (length === 0) throw new Error(`${name}: the gzip data decompresses to nothing.`);
  if (out) return length === out.length ? out : out.subarray(0, length);
  return concat(chunks, length);
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
