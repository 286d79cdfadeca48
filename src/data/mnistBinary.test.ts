import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classCounts, makeBatch } from './dataset';
import { loadShippedMnist, parseShippedMnist } from './mnistBinary';
import { readShippedMnistFile, SHIPPED_MNIST_GZ } from './shippedMnistFile';

const shipped = readShippedMnistFile();
const shippedGz = readFileSync(SHIPPED_MNIST_GZ);

describe('shipped MNIST binary', () => {
  it('parses into 8,000 train / 2,000 test with every class in both, fast', () => {
    const t0 = performance.now();
    const ds = parseShippedMnist(shipped);
    const ms = performance.now() - t0;
    console.log(`parseShippedMnist: ${shipped.length.toLocaleString('en-US')} bytes in ${ms.toFixed(1)} ms`);
    expect(ds).toMatchObject({ width: 28, height: 28, channels: 1, numClasses: 10 });
    expect(ds.train.count).toBe(8000);
    expect(ds.test.count).toBe(2000);
    expect(ds.train.images.length).toBe(8000 * 784);
    expect(ds.test.images.length).toBe(2000 * 784);
    for (const split of ['train', 'test'] as const) {
      const counts = classCounts(ds, split);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(ds[split].count);
      // Every class present, and the seeded shuffle spread them: no class is rare in either split.
      expect(Math.min(...counts)).toBeGreaterThan(ds[split].count / 20);
      expect(ds[split].labels.every((l) => l <= 9)).toBe(true);
    }
    // Real digits: mostly dark background with some bright strokes, not noise or zeros.
    const { x } = makeBatch(ds, 'test', [0, 1, 2, 3]);
    const bright = x.filter((v) => v > 0.5).length / x.length;
    expect(bright).toBeGreaterThan(0.05);
    expect(bright).toBeLessThan(0.4);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
  });

  it('rejects truncated, padded and foreign files with clear messages', () => {
    const n = (v: number) => v.toLocaleString('en-US');
    expect(() => parseShippedMnist(shipped.subarray(0, shipped.length - 1), 'm.bin')).toThrow(
      `m.bin: is ${n(shipped.length - 1)} bytes but its header (10,000 digits of 28×28) implies ${n(shipped.length)} bytes: truncated`,
    );
    const padded = new Uint8Array(shipped.length + 1);
    padded.set(shipped);
    expect(() => parseShippedMnist(padded, 'm.bin')).toThrow(/followed by extra bytes/);
    expect(() => parseShippedMnist(shipped.subarray(0, 10), 'm')).toThrow(/too short for the 20-byte header/);
    expect(() => parseShippedMnist(new TextEncoder().encode('<!doctype html><html>'), 'm')).toThrow(
      /not a SphereLab MNIST file \(starts with 3c 21 64 6f/,
    );
    const badVersion = Uint8Array.from(shipped.subarray(0, 20));
    badVersion[4] = 2;
    expect(() => parseShippedMnist(badVersion, 'm')).toThrow(/format version 2/);
  });
});

describe('loadShippedMnist over HTTP', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/plain') {
        res.writeHead(200, { 'content-length': String(shipped.length) });
        // Several writes, so the loader sees a stream of chunks.
        for (let at = 0; at < shipped.length; at += 1 << 20) res.write(shipped.subarray(at, at + (1 << 20)));
        res.end();
      } else if (req.url === '/gzip') {
        const body = gzipSync(shipped);
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(body.length) });
        res.end(body);
      } else if (req.url === '/file.bin.gz') {
        // The shipped .gz served as a plain file (no Content-Encoding), as static hosts do.
        res.writeHead(200, {
          'content-type': 'application/gzip',
          'content-length': String(shippedGz.length),
        });
        for (let at = 0; at < shippedGz.length; at += 1 << 18)
          res.write(shippedGz.subarray(at, at + (1 << 18)));
        res.end();
      } else if (req.url === '/short') {
        res.writeHead(200);
        res.end(shipped.subarray(0, 5000));
      } else {
        res.writeHead(404, 'Not Found');
        res.end('<html>nope</html>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('streams with monotone progress ending at the full size: plain, gzip-encoded, or a .gz file', async () => {
    for (const path of ['/plain', '/gzip', '/file.bin.gz']) {
      const seen: [number, number][] = [];
      const t0 = performance.now();
      const ds = await loadShippedMnist(`${base}${path}`, (done, total) => seen.push([done, total]));
      console.log(
        `loadShippedMnist ${path}: ${(performance.now() - t0).toFixed(0)} ms, ${seen.length} progress calls`,
      );
      expect(ds.train.count).toBe(8000);
      expect(Array.from(ds.test.labels)).toEqual(Array.from(parseShippedMnist(shipped).test.labels));
      expect(seen.at(-1)).toEqual([shipped.length, shipped.length]);
      const fractions = seen.map(([d, t]) => d / t);
      expect(fractions.every((f, i) => f <= 1 && (i === 0 || f >= fractions[i - 1]))).toBe(true);
      expect(seen.length).toBeLessThan(200);
    }
  });

  it('reports HTTP errors and short bodies', async () => {
    await expect(loadShippedMnist(`${base}/missing`)).rejects.toThrow(/answered HTTP 404 Not Found/);
    await expect(loadShippedMnist(`${base}/short`)).rejects.toThrow(/truncated/);
    await expect(loadShippedMnist('http://127.0.0.1:1/x')).rejects.toThrow(/could not be fetched/);
  });
});
