/**
 * A small reader for ustar/GNU/pax tar archives (what `tar czf` writes, and how CIFAR-10 ships):
 * 512-byte headers with octal sizes, file data padded to 512 bytes, two zero blocks at the end.
 * Regular files only; members are views into the archive (no copies).
 */
import { formatBytes } from './bytes';

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;

export function looksLikeTar(bytes: Uint8Array): boolean {
  if (bytes.length < BLOCK) return false;
  // "ustar" at 257: POSIX ("ustar\0") and GNU ("ustar ") both start so.
  return String.fromCharCode(...bytes.subarray(257, 262)) === 'ustar';
}

function text(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** Octal ASCII (NUL/space terminated) or GNU base-256 (high bit set) numbers. */
function number(field: Uint8Array): number {
  if (field[0] & 0x80) {
    let n = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
    return n;
  }
  const s = text(field).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) return Number.NaN;
  return Number.parseInt(s, 8);
}

function checksumOk(header: Uint8Array): boolean {
  const stored = number(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum === stored;
}

/** pax "length key=value\n" records; only `path` matters here. */
function paxPath(data: Uint8Array): string | undefined {
  const s = new TextDecoder().decode(data);
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(s);
  return m ? m[1] : undefined;
}

export function readTar(bytes: Uint8Array, archive: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset < bytes.length) {
    if (offset + BLOCK > bytes.length) {
      throw new Error(`${archive}: truncated: the tar archive ends inside a header at byte ${offset}.`);
    }
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    if (!checksumOk(header)) {
      throw new Error(`${archive}: corrupt tar header at byte ${offset} (checksum mismatch).`);
    }
    const size = number(header.subarray(124, 136));
    if (!Number.isFinite(size) || size < 0) {
      throw new Error(`${archive}: corrupt tar header at byte ${offset} (unreadable size).`);
    }
    const type = String.fromCharCode(header[156]);
    const prefix = text(header.subarray(345, 500));
    const name =
      longName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
    const start = offset + BLOCK;
    if (start + size > bytes.length) {
      throw new Error(
        `${archive}: truncated: member ${name} needs ${formatBytes(size)} but only ${formatBytes(bytes.length - start)} remain.`,
      );
    }
    const data = bytes.subarray(start, start + size);
    longName = undefined;
    if (type === 'L') longName = text(data);
    else if (type === 'x') longName = paxPath(data);
    else if (type === '0' || type === '\0' || type === '7') entries.push({ name, data });
    // Directories, links, global pax headers and devices carry no file data we need.
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
