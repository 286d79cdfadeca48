import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectFileKind, loadUserFiles } from './loadUserFiles';
import { readShippedMnistFile, SHIPPED_MNIST_GZ } from './shippedMnistFile';
import { encodeCifarBatch, makeIdxPair, makeMnistIdxFileSet, makeUstarTar, randomPixels } from './testFiles';

const gz = (b: Uint8Array) => new Uint8Array(gzipSync(b));
const cifarBatch = (n: number, seed: number) =>
  encodeCifarBatch(
    Array.from({ length: n }, (_, i) => i % 10),
    randomPixels(n, 3072, seed),
  );
const fail = (files: Parameters<typeof loadUserFiles>[0]) =>
  loadUserFiles(files).then(
    () => 'loaded',
    (e: Error) => e.message,
  );

describe('loadUserFiles', () => {
  it('recognizes gzipped MNIST IDX files and reports phases', async () => {
    const files = makeMnistIdxFileSet(30, 10).map((f) => ({ name: `${f.name}.gz`, bytes: gz(f.bytes) }));
    const phases = new Set<string>();
    const ds = await loadUserFiles(files, (_d, _t, phase) => phase && phases.add(phase));
    expect(ds.name).toBe('MNIST (your IDX files)');
    expect([ds.train.count, ds.test.count, ds.channels]).toEqual([30, 10, 1]);
    expect([...phases]).toContain('Decompressing t10k-labels-idx1-ubyte.gz');
    expect([...phases]).toContain('Checking MNIST files');
  });

  it('accepts Blobs and Files as well as {name, bytes}', async () => {
    const pair = makeIdxPair([1, 2, 3, 4, 5]);
    const ds = await loadUserFiles([
      new File([pair.images], 'my-images-idx3-ubyte'),
      new Blob([pair.labels]), // unnamed: identified by content
    ]);
    expect(ds.train.count + ds.test.count).toBe(5);
    expect(Array.from(ds.train.labels)).toEqual([1, 2, 3, 4]);
  });

  it('recognizes a CIFAR-10 tar.gz and loose batch files', async () => {
    const test = cifarBatch(5, 1);
    const train = cifarBatch(7, 2);
    const tar = makeUstarTar([
      { name: 'cifar-10-batches-bin/data_batch_1.bin', bytes: train },
      { name: 'cifar-10-batches-bin/test_batch.bin', bytes: test },
    ]);
    const fromTar = await loadUserFiles([{ name: 'cifar-10-binary.tar.gz', bytes: gz(tar) }]);
    expect([fromTar.train.count, fromTar.test.count, fromTar.channels]).toEqual([7, 5, 3]);
    const loose = await loadUserFiles([
      { name: 'test_batch.bin', bytes: test },
      { name: 'data_batch_1.bin', bytes: train },
    ]);
    expect(Array.from(loose.train.images)).toEqual(Array.from(fromTar.train.images));
  });

  it('loads a copy of the shipped binary too, gzipped or not', async () => {
    const file = readShippedMnistFile();
    const ds = await loadUserFiles([{ name: 'mnist-10k.bin', bytes: file }]);
    expect([ds.train.count, ds.test.count]).toEqual([8000, 2000]);
    const gz = new Uint8Array(readFileSync(SHIPPED_MNIST_GZ));
    const fromGz = await loadUserFiles([{ name: 'mnist-10k.bin.gz', bytes: gz }]);
    expect([fromGz.train.count, fromGz.test.count]).toEqual([8000, 2000]);
    expect([ds.train.count, ds.test.count]).toEqual([8000, 2000]);
  });

  it('names the file and the problem for wrong, empty, corrupt and mixed input', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0]);
    expect(await fail([{ name: 'photo.png', bytes: png }])).toBe(
      'photo.png: not an MNIST IDX file, a CIFAR-10 binary file or a tar archive of them (it starts with 89 50 4e 47).',
    );
    expect(await fail([{ name: 'zero.gz', bytes: new Uint8Array(0) }])).toBe(
      'zero.gz: the file is empty (0 bytes).',
    );
    expect(await fail([])).toBe('No files were given.');
    const pair = makeIdxPair([1, 2]);
    expect(
      await fail([
        { name: 'a', bytes: pair.images },
        { name: 'test_batch.bin', bytes: cifarBatch(1, 1) },
      ]),
    ).toMatch(/These files mix datasets: MNIST IDX \(a\) and CIFAR-10 \(test_batch\.bin\)/);
    const garbage = gz(new TextEncoder().encode('definitely not a dataset'));
    expect(await fail([{ name: 'junk.gz', bytes: garbage }])).toMatch(/junk\.gz: not an MNIST IDX file/);
    const truncatedGz = gz(pair.images).subarray(0, 30);
    expect(await fail([{ name: 'train-images.gz', bytes: truncatedGz }])).toMatch(
      /train-images\.gz: the gzip data is corrupt or truncated/,
    );
    const idxShort = pair.images.subarray(0, pair.images.length - 100);
    expect(
      await fail([
        { name: 'i', bytes: idxShort },
        { name: 'l', bytes: pair.labels },
      ]),
    ).toMatch(/i: truncated/);
    const wrongType = Uint8Array.from(pair.images);
    wrongType[2] = 0x0c;
    expect(await fail([{ name: 'w', bytes: wrongType }])).toMatch(/w: an IDX file of ints/);
    expect(await fail([{ name: 'readme.html', bytes: new TextEncoder().encode('<html>') }])).toMatch(
      /test_batch\.bin \(the test split\) is required/,
    );
  });

  it('detectFileKind prefers names for CIFAR and content for IDX', () => {
    const batch = cifarBatch(1, 1);
    batch[0] = 0;
    batch[1] = 0; // a CIFAR record can start with two zero bytes, like IDX
    expect(detectFileKind({ name: 'x/test_batch.bin', bytes: batch })).toBe('cifar10');
    expect(detectFileKind({ name: 'whatever', bytes: makeIdxPair([3]).labels })).toBe('mnist-idx');
    expect(detectFileKind({ name: 'extra.bin', bytes: cifarBatch(2, 3) })).toBe('cifar10');
  });
});
