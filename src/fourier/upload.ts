/**
 * Checks on a user's image before the browser decodes it: a huge image would allocate width ×
 * height × 4 bytes in createImageBitmap, so its size is read from the file header first. Pure
 * bytes in, error text out, so every rule is tested in Node.
 */

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_SIDE = 8192;
export const MAX_PIXELS = 40_000_000;

export interface FileFacts {
  name: string;
  /** MIME type as the browser reports it ('' when unknown). */
  type: string;
  size: number;
}

export interface ImageHeader {
  format: 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';
  /** Absent when the header does not say (e.g. a JPEG cut before its frame header). */
  width?: number;
  height?: number;
}

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|avif|ico)$/i;

/** First check, on the facts a File carries (no bytes read): empty, too big, not an image. */
export function checkFileFacts(f: FileFacts): string | undefined {
  if (f.size === 0) return `"${f.name}" is empty (0 bytes).`;
  if (f.size > MAX_UPLOAD_BYTES) {
    return `"${f.name}" is ${(f.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;
  }
  const looksLikeImage = f.type.startsWith('image/') || (f.type === '' && IMAGE_EXTENSIONS.test(f.name));
  if (!looksLikeImage) {
    return `"${f.name}" is not an image (type ${f.type === '' ? 'unknown' : f.type}). Use a PNG, JPEG, GIF, WebP or BMP file.`;
  }
  return undefined;
}

/** Image size limits: at most MAX_SIDE pixels a side and MAX_PIXELS in all. */
export function checkDimensions(width: number, height: number, name = 'The image'): string | undefined {
  if (!(width > 0 && height > 0)) return `${name} has no pixels (${width}×${height}).`;
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    return `${name} is ${width}×${height} pixels, too large: at most ${MAX_SIDE} pixels a side and ${MAX_PIXELS / 1e6} megapixels. Scale it down first.`;
  }
  return undefined;
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b: Uint8Array, i: number) =>
  ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const i32le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function jpegSize(b: Uint8Array): ImageHeader {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = b[i + 1];
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      i += marker === 0xff ? 1 : 2;
      continue;
    }
    i += 2 + u16be(b, i + 2);
  }
  return { format: 'jpeg' };
}

/**
 * A GIF's size is what its largest frame needs, not what the logical screen claims: decoders
 * (Chromium's among them) grow the canvas to fit a frame that overhangs the screen, so every
 * image descriptor (0x2C) is read. Walks the blocks without decoding any pixels.
 */
function gifSize(b: Uint8Array): ImageHeader {
  let width = u16le(b, 6);
  let height = u16le(b, 8);
  const table = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  const skipSubBlocks = (i: number) => {
    while (i < b.length && b[i] !== 0) i += 1 + b[i];
    return i + 1;
  };
  let i = 13 + table(b[10]);
  while (i < b.length) {
    const block = b[i];
    if (block === 0x21) i = skipSubBlocks(i + 2);
    else if (block === 0x2c && i + 10 <= b.length) {
      width = Math.max(width, u16le(b, i + 1) + u16le(b, i + 5));
      height = Math.max(height, u16le(b, i + 3) + u16le(b, i + 7));
      i = skipSubBlocks(i + 10 + table(b[i + 9]) + 1);
    } else break; // trailer (0x3B), or bytes no decoder gets past
  }
  return { format: 'gif', width, height };
}

/** Recognises the formats browsers decode from their first bytes and reads the pixel size. */
export function readImageHeader(b: Uint8Array): ImageHeader | undefined {
  if (b.length >= 24 && u32be(b, 0) === 0x89504e47 && ascii(b, 12, 4) === 'IHDR') {
    return { format: 'png', width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegSize(b);
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    return gifSize(b);
  }
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') {
    return { format: 'bmp', width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const chunk = ascii(b, 12, 4);
    if (chunk === 'VP8X') return { format: 'webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
    if (chunk === 'VP8L') {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8 ')
      return { format: 'webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
    return { format: 'webp' };
  }
  return undefined;
}

/**
 * Second check, on the bytes: a recognised header with an acceptable size passes; a file whose
 * header no check here knows passes only when the browser called it an image (AVIF, ICO, …),
 * and the decoder has the last word.
 */
export function checkImageBytes(bytes: Uint8Array, f: FileFacts): string | undefined {
  const header = readImageHeader(bytes);
  if (!header) {
    if (f.type.startsWith('image/') && !/^image\/(png|jpeg|gif|webp|bmp)$/.test(f.type)) return undefined;
    const head = [...bytes.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    return `"${f.name}" is not an image this page can read (it starts with ${head}).`;
  }
  if (header.width === undefined || header.height === undefined) return undefined;
  return checkDimensions(header.width, header.height, `"${f.name}"`);
}
