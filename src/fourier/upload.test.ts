import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkDimensions, checkFileFacts, checkImageBytes, readImageHeader } from './upload';

/** A real, minimal PNG (8-bit gray, filter 0 rows); CRCs are computed so any decoder accepts it. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function png(width: number, height: number, withPixels = true): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!withPixels) return Buffer.concat([sig, chunk('IHDR', ihdr)]);
  const raw = Buffer.alloc((width + 1) * height);
  const idat = chunk('IDAT', deflateSync(raw));
  return Buffer.concat([sig, chunk('IHDR', ihdr), idat, chunk('IEND', new Uint8Array())]);
}

const facts = (name: string, type: string, size: number) => ({ name, type, size });

describe('checkFileFacts', () => {
  it('rejects an empty file, a huge file and a non-image, with the reason', () => {
    expect(checkFileFacts(facts('a.png', 'image/png', 0))).toMatch(/empty \(0 bytes\)/);
    expect(checkFileFacts(facts('a.png', 'image/png', 80 * 1024 * 1024))).toMatch(/80\.0 MB.*limit is 50 MB/);
    expect(checkFileFacts(facts('notes.txt', 'text/plain', 120))).toMatch(
      /not an image \(type text\/plain\)/,
    );
    expect(checkFileFacts(facts('blob', '', 120))).toMatch(/type unknown/);
  });

  it('accepts images by MIME type, or by extension when the browser gives no type', () => {
    expect(checkFileFacts(facts('a.png', 'image/png', 1000))).toBeUndefined();
    expect(checkFileFacts(facts('photo.JPG', '', 1000))).toBeUndefined();
  });
});

describe('checkDimensions', () => {
  it('rejects 10,000×10,000 (too many pixels and too wide) and accepts a phone photo', () => {
    expect(checkDimensions(10_000, 10_000)).toMatch(/10000×10000 pixels, too large/);
    expect(checkDimensions(9000, 100)).toMatch(/too large/);
    expect(checkDimensions(4032, 3024)).toBeUndefined();
    expect(checkDimensions(0, 10)).toMatch(/no pixels/);
  });
});

describe('readImageHeader / checkImageBytes', () => {
  it('reads the size of a real PNG and passes it', () => {
    const bytes = png(20, 12);
    expect(readImageHeader(bytes)).toEqual({ format: 'png', width: 20, height: 12 });
    expect(checkImageBytes(bytes, facts('a.png', 'image/png', bytes.length))).toBeUndefined();
  });

  it('rejects a 10,000×10,000 PNG from its header, before any decoding', () => {
    const bytes = png(10_000, 10_000, false);
    expect(checkImageBytes(bytes, facts('big.png', 'image/png', bytes.length))).toMatch(
      /"big\.png" is 10000×10000 pixels, too large/,
    );
  });

  it('rejects bytes that are not an image even when named like one', () => {
    const bytes = new TextEncoder().encode('<html>not found</html>');
    expect(checkImageBytes(bytes, facts('x.png', 'image/png', bytes.length))).toMatch(
      /not an image this page can read \(it starts with 3c 68 74 6d/,
    );
  });

  it('leaves formats it cannot parse (AVIF) to the decoder', () => {
    const bytes = new Uint8Array([0, 0, 0, 28, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66]);
    expect(checkImageBytes(bytes, facts('a.avif', 'image/avif', bytes.length))).toBeUndefined();
  });

  it('sizes a GIF by its frames, not the logical screen it claims', () => {
    const le = (n: number) => [n & 0xff, n >> 8];
    const frame = (left: number, top: number, w: number, h: number) => [
      ...[0x21, 0xf9, 4, 0, 10, 0, 0, 0], // graphic control extension, one sub-block
      ...[0x2c, ...le(left), ...le(top), ...le(w), ...le(h), 0x81, 0, 0, 0, 0, 0, 0], // local table of 2
      ...[2, 2, 0x4c, 0x01, 0], // LZW minimum code size, one data sub-block, terminator
    ];
    const gif = (...frames: number[][]) =>
      new Uint8Array([
        ...new TextEncoder().encode('GIF89a'),
        ...le(16),
        ...le(16),
        0x80, // a global color table of 2 entries follows
        0,
        0,
        ...[0, 0, 0, 255, 255, 255],
        ...[0x21, 0xff, 11, ...new TextEncoder().encode('NETSCAPE2.0'), 3, 1, 0, 0, 0],
        ...frames.flat(),
        0x3b,
      ]);
    const honest = gif(frame(0, 0, 16, 16), frame(4, 4, 8, 8));
    expect(readImageHeader(honest)).toEqual({ format: 'gif', width: 16, height: 16 });
    expect(checkImageBytes(honest, facts('ok.gif', 'image/gif', honest.length))).toBeUndefined();

    const bomb = gif(frame(0, 0, 16, 16), frame(0, 0, 20000, 20000));
    expect(readImageHeader(bomb)).toEqual({ format: 'gif', width: 20000, height: 20000 });
    expect(checkImageBytes(bomb, facts('bomb.gif', 'image/gif', bomb.length))).toMatch(
      /"bomb\.gif" is 20000×20000 pixels, too large/,
    );
    const overhang = gif(frame(8000, 0, 500, 16));
    expect(checkImageBytes(overhang, facts('wide.gif', 'image/gif', overhang.length))).toMatch(/8500×16/);
  });

  it('reads GIF, BMP, JPEG and WebP sizes', () => {
    const gif = new Uint8Array([...new TextEncoder().encode('GIF89a'), 0x40, 0x01, 0xf0, 0x00]);
    expect(readImageHeader(gif)).toEqual({ format: 'gif', width: 320, height: 240 });

    const bmp = new Uint8Array(26);
    bmp.set([0x42, 0x4d]);
    new DataView(bmp.buffer).setInt32(18, 640, true);
    new DataView(bmp.buffer).setInt32(22, -480, true); // top-down BMPs store a negative height
    expect(readImageHeader(bmp)).toEqual({ format: 'bmp', width: 640, height: 480 });

    // SOI, an APP0 segment (length 16), then SOF0 with height 300 and width 12000.
    const app0 = [0xff, 0xe0, 0x00, 0x10, ...new Array(14).fill(0)];
    const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x2e, 0xe0, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const jpeg = new Uint8Array([0xff, 0xd8, ...app0, ...sof0]);
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 12000, height: 300 });
    expect(checkImageBytes(jpeg, facts('wide.jpg', 'image/jpeg', jpeg.length))).toMatch(/12000×300/);

    const webp = new Uint8Array(30);
    webp.set(new TextEncoder().encode('RIFF'), 0);
    webp.set(new TextEncoder().encode('WEBPVP8X'), 8);
    webp.set([0x1f, 0x03, 0x00, 0xdf, 0x01, 0x00], 24); // (799 + 1) × (479 + 1)
    expect(readImageHeader(webp)).toEqual({ format: 'webp', width: 800, height: 480 });
  });
});
