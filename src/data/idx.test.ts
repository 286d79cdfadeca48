import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classCounts, makeBatch } from './dataset';
import { loadMnistIdxFiles, parseIdx } from './idx';
import { encodeIdxImages, encodeIdxLabels, makeIdxPair, makeMnistIdxFileSet, renderDigit } from './testFiles';

const gz = (b: Uint8Array) => new Uint8Array(gzipSync(b));

describe('IDX parsing', () => {
  it('round-trips images and labels written in the IDX format', () => {
    const pixels = Uint8Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 7) % 256);
    const im = parseIdx(encodeIdxImages(pixels, 3, 4, 5), 'im');
    expect(im).toMatchObject({ kind: 'images', count: 3, rows: 4, cols: 5 });
    expect(Array.from(im.data)).toEqual(Array.from(pixels));
    const lb = parseIdx(encodeIdxLabels([2, 0, 9]), 'lb');
    expect(lb).toMatchObject({ kind: 'labels', count: 3 });
    expect(Array.from(lb.data)).toEqual([2, 0, 9]);
  });

  it('names the file and the problem for bad input', () => {
    const good = makeIdxPair([1, 2, 3]).images;
    expect(() => parseIdx(new Uint8Array(0), 'a.idx')).toThrow(/a\.idx: the file is empty/);
    expect(() => parseIdx(good.subarray(0, 10), 'b')).toThrow(/b: truncated inside the header/);
    expect(() => parseIdx(good.subarray(0, good.length - 1), 'c')).toThrow(
      /c: truncated: its header declares 3 images of 28×28 \(2,368 bytes\) but the file has 2,367/,
    );
    expect(() => parseIdx(new Uint8Array([...good, 0]), 'd')).toThrow(/d: 1 bytes of extra data/);
    expect(() => parseIdx(new TextEncoder().encode('<html>'), 'e.html')).toThrow(
      /e\.html: not an MNIST IDX file \(it starts with 3c 68 74 6d/,
    );
    const floats = Uint8Array.from(good);
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, 'f')).toThrow(/f: an IDX file of floats/);
    const twoDims = Uint8Array.from(good);
    twoDims[3] = 2;
    expect(() => parseIdx(twoDims, 'g')).toThrow(/g: an IDX file with 2 dimensions/);
  });
});

describe('loadMnistIdxFiles', () => {
  it('loads the four official files, raw and gzipped, into train/test splits', async () => {
    const files = makeMnistIdxFileSet(60, 20, 4);
    for (const variant of [files, files.map((f) => ({ name: `${f.name}.gz`, bytes: gz(f.bytes) }))]) {
      const progress: number[] = [];
      // Reversed order: roles come from names and content, not position.
      const ds = await loadMnistIdxFiles(variant.slice().reverse(), (done, total) =>
        progress.push(done / total),
      );
      expect(ds).toMatchObject({ width: 28, height: 28, channels: 1, numClasses: 10 });
      expect(ds.train.count).toBe(60);
      expect(ds.test.count).toBe(20);
      expect(classCounts(ds, 'train')).toEqual(new Array(10).fill(6));
      expect(Array.from(ds.test.labels.subarray(0, 3))).toEqual([3, 4, 5]);
      // Pixels survive intact: test image 0 is digit 3 rendered with the test seed.
      expect(Array.from(ds.test.images.subarray(0, 784))).toEqual(Array.from(renderDigit(3, 5 * 100_003)));
      expect(progress.at(-1)).toBe(1);
      expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
      const batch = makeBatch(ds, 'train', [0, 59]);
      expect(batch.x.length).toBe(2 * 784);
      expect(Array.from(batch.y)).toEqual([0, 9]);
    }
  });

  it('splits a single images/labels pair 80/20', async () => {
    const pair = makeIdxPair([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const ds = await loadMnistIdxFiles([
      { name: 'digits-images.idx', bytes: pair.images },
      { name: 'digits-labels.idx', bytes: gz(pair.labels) },
    ]);
    expect(ds.train.count).toBe(8);
    expect(ds.test.count).toBe(2);
    expect(Array.from(ds.test.labels)).toEqual([8, 9]);
    expect(ds.name).toMatch(/20% held out/);
  });

  it('identifies the official counts when names say nothing', async () => {
    // Only headers matter for this check: build real-size label files (cheap) and tiny images.
    const labels60k = encodeIdxLabels(new Uint8Array(60000));
    const labels10k = encodeIdxLabels(new Uint8Array(10000));
    const err = await loadMnistIdxFiles([
      { name: 'a', bytes: labels60k },
      { name: 'b', bytes: labels10k },
      { name: 'c', bytes: makeIdxPair([1]).images },
      { name: 'd', bytes: makeIdxPair([1]).images },
    ]).catch((e: Error) => e.message);
    // a and b were recognized by count; the 1-image files cannot be placed.
    expect(err).toMatch(/Cannot tell whether c, d is training or test data/);
  });

  it('gives clear errors for missing, duplicate, mismatched, corrupt and truncated files', async () => {
    const [trI, trL, teI, teL] = makeMnistIdxFileSet(20, 10);
    const fail = (files: { name: string; bytes: Uint8Array }[]) =>
      loadMnistIdxFiles(files).then(
        () => 'loaded',
        (e: Error) => e.message,
      );
    expect(await fail([trI, trL, teI])).toMatch(
      /test labels file \(t10k-labels-idx1-ubyte\(\.gz\)\) is missing/,
    );
    expect(await fail([trI, trL, teI, teL, { ...trL, name: 'train-labels copy' }])).toMatch(
      /Two files look like the training labels/,
    );
    expect(await fail([trI, teL])).toMatch(/holds 20 images but t10k-labels-idx1-ubyte holds 10 labels/);
    expect(await fail([trI, trL])).toBe('loaded');
    const badLabel = Uint8Array.from(trL.bytes);
    badLabel[8 + 5] = 12;
    expect(await fail([trI, { ...trL, bytes: badLabel }, teI, teL])).toMatch(
      /train-labels-idx1-ubyte: label 12 at position 5 is out of range \(expected 0\.\.9\)/,
    );
    const zipped = gz(trI.bytes);
    expect(
      await fail([{ name: 'train-images-idx3-ubyte.gz', bytes: zipped.subarray(0, 100) }, trL, teI, teL]),
    ).toMatch(/train-images-idx3-ubyte\.gz: the gzip data is corrupt or truncated/);
    const flipped = Uint8Array.from(zipped);
    flipped[40] ^= 0xff;
    expect(await fail([{ name: 'x.gz', bytes: flipped }, trL, teI, teL])).toMatch(
      /x\.gz: the gzip data is corrupt/,
    );
    expect(await fail([{ name: 'empty.gz', bytes: new Uint8Array(0) }])).toMatch(
      /empty\.gz: the file is empty/,
    );
    expect(await fail([trI, { name: 'notes.txt', bytes: new TextEncoder().encode('hello') }])).toMatch(
      /notes\.txt: not an MNIST IDX file/,
    );
    const otherSize = {
      name: 't10k-images-idx3-ubyte',
      bytes: encodeIdxImages(new Uint8Array(10 * 16), 10, 4, 4),
    };
    expect(await fail([trI, trL, otherSize, teL])).toMatch(
      /has 28×28 images but t10k-images-idx3-ubyte has 4×4/,
    );
  });
});
