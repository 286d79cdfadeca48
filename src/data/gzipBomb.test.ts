import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { GUNZIP_INPUT_CHUNK, gunzip } from './bytes';
import { loadUserFiles } from './loadUserFiles';
import { makeIdxPair } from './testFiles';

const MB = 2 ** 20;

/**
 * A gzip of `mb` MiB of zeros built from one raw-deflate block of zeros repeated (deflate blocks
 * concatenate), so the test never holds the output: a 1 MiB block of zeros deflates to ~1 KB.
 * The trailer claims `claim` bytes (ISIZE), as a 4 GiB bomb claims 0 (its size mod 2^32).
 */
function zeroBomb(mb: number, claim = (mb * MB) >>> 0): Uint8Array {
  const block = deflateRawSync(new Uint8Array(MB), { finishFlush: constants.Z_FULL_FLUSH });
  const end = deflateRawSync(new Uint8Array(0));
  const header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
  // CRC-32 of zeros is not 0, so a decoder that reached the end would say "corrupt"; the limit must stop it first.
  const trailer = [0, 0, 0, 0, claim & 0xff, (claim >>> 8) & 0xff, (claim >>> 16) & 0xff, claim >>> 24];
  const parts = [
    Uint8Array.from(header),
    ...Array.from({ length: mb }, () => block),
    end,
    Uint8Array.from(trailer),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const fail = (p: Promise<unknown>) =>
  p.then(
    () => 'loaded',
    (e: Error) => e.message,
  );

describe('decompressed size limit', () => {
  it('stops a gzip bomb at the limit, naming the file and the limit (not "corrupt")', async () => {
    const bomb = zeroBomb(64, 0);
    expect(bomb.length).toBeLessThan(200_000);
    let out = 0;
    const msg = await fail(gunzip(bomb, 'train-images-idx3-ubyte.gz', (n) => (out += n), 2 * MB));
    expect(msg).toBe(
      'train-images-idx3-ubyte.gz: decompresses to more than 2 MB, the most SphereLab reads; stopped there.',
    );
    expect(out).toBeLessThanOrEqual(2 * MB);
  });

  it('holds through loadUserFiles, whatever the trailer claims', async () => {
    for (const claim of [0, 1000, 64 * MB]) {
      const files = [{ name: 'train-images-idx3-ubyte.gz', bytes: zeroBomb(64, claim) }];
      expect(await fail(loadUserFiles(files, undefined, { maxBytes: 4 * MB }))).toMatch(
        /^train-images-idx3-ubyte\.gz: decompresses to more than 4 MB, the most SphereLab reads/,
      );
    }
  });

  it('counts all files against one budget, plain ones included', async () => {
    const pair = makeIdxPair(Array.from({ length: 2000 }, (_, i) => i % 10));
    const images = { name: 'train-images-idx3-ubyte', bytes: pair.images }; // 1.5 MB
    const labels = { name: 'train-labels-idx1-ubyte.gz', bytes: new Uint8Array(gzipSync(pair.labels)) };
    const ok = await loadUserFiles([images, labels], undefined, { maxBytes: 2 * MB });
    expect(ok.train.count + ok.test.count).toBe(2000);
    const bomb = { name: 'extra.gz', bytes: zeroBomb(1) };
    expect(await fail(loadUserFiles([images, bomb], undefined, { maxBytes: 2 * MB }))).toMatch(
      /^extra\.gz: decompresses to more than 529,136 bytes/,
    );
  });

  it('refuses files over the limit as given, before reading them', async () => {
    const big = new File([new Uint8Array(3 * MB)], 'huge.bin');
    expect(await fail(loadUserFiles([big], undefined, { maxBytes: 2 * MB }))).toBe(
      'huge.bin: 3 MB in all; SphereLab reads at most 2 MB.',
    );
  });

  describe('what the decompressor is handed at a time', () => {
    const Real = globalThis.DecompressionStream;
    afterEach(() => {
      globalThis.DecompressionStream = Real;
    });
    /** Records the compressed chunk sizes gunzip writes, then decompresses them as usual. */
    function spyOnInput(): number[] {
      const sizes: number[] = [];
      globalThis.DecompressionStream = class {
        readonly writable: WritableStream<BufferSource>;
        readonly readable: ReadableStream<Uint8Array>;
        constructor(format: CompressionFormat) {
          const real = new Real(format);
          const spy = new TransformStream<BufferSource, BufferSource>({
            transform(chunk, controller) {
              sizes.push(chunk.byteLength);
              controller.enqueue(chunk);
            },
          });
          void spy.readable.pipeTo(real.writable).catch(() => undefined);
          this.writable = spy.writable;
          this.readable = real.readable;
        }
      } as typeof DecompressionStream;
      return sizes;
    }

    it('at most 16 KiB of compressed bytes: Chromium inflates each input chunk whole', async () => {
      // A 4 GiB-zeros gzip is ~1,000:1; Chromium buffered all of a 1 MiB chunk's GiB of output.
      const sizes = spyOnInput();
      const bomb = zeroBomb(256, 0);
      expect(await fail(gunzip(bomb, 'train-images-idx3-ubyte.gz', undefined, 8 * MB))).toMatch(
        /^train-images-idx3-ubyte\.gz: decompresses to more than 8 MB/,
      );
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(16 * 1024);
      expect(GUNZIP_INPUT_CHUNK * 1032).toBeLessThanOrEqual(17 * MB);
    });

    it('still decompresses whole files of many chunks, and two gzip members (the trailer claims one)', async () => {
      const sizes = spyOnInput();
      const data = Uint8Array.from({ length: 3 * MB }, (_, i) => (i * 2654435761) >>> 24);
      const gz = new Uint8Array(gzipSync(data));
      expect(gz.length).toBeGreaterThan(4 * GUNZIP_INPUT_CHUNK);
      const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;
      expect(same(await gunzip(gz, 'data.gz'), data)).toBe(true);
      expect(sizes.length).toBeGreaterThanOrEqual(4);
      // Two members: the trailer claims the second one's size only, so the first buffer is outgrown.
      const tail = data.subarray(0, MB);
      const two = new Uint8Array([...gz, ...gzipSync(tail)]);
      expect(same(await gunzip(two, 'two.gz'), new Uint8Array([...data, ...tail]))).toBe(true);
    });
  });
});
