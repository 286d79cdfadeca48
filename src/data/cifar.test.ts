import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCifar10Files } from './cifar';
import { readTar } from './tar';
import { encodeCifarBatch, makeUstarTar, randomPixels } from './testFiles';

const gz = (b: Uint8Array) => new Uint8Array(gzipSync(b));

interface FakeBatch {
  name: string;
  labels: number[];
  hwc: Uint8Array;
  bytes: Uint8Array;
}

function batch(name: string, count: number, seed: number): FakeBatch {
  const labels = Array.from({ length: count }, (_, i) => (i * 3 + seed) % 10);
  const hwc = randomPixels(count, 3072, seed);
  return { name, labels, hwc, bytes: encodeCifarBatch(labels, hwc) };
}

const fail = (files: { name: string; bytes: Uint8Array }[]) =>
  loadCifar10Files(files).then(
    () => 'loaded',
    (e: Error) => e.message,
  );

describe('tar reader', () => {
  it('round-trips members, including long paths', () => {
    const long = `${'deep/'.repeat(30)}file.bin`;
    const entries = [
      { name: 'a.txt', bytes: new TextEncoder().encode('hello') },
      { name: long, bytes: new Uint8Array(1000).fill(7) },
      { name: 'empty', bytes: new Uint8Array(0) },
    ];
    const read = readTar(makeUstarTar(entries), 't.tar');
    expect(read.map((e) => e.name)).toEqual(['a.txt', long, 'empty']);
    expect(new TextDecoder().decode(read[0].data)).toBe('hello');
    expect(read[1].data.length).toBe(1000);
    expect(read[1].data.every((b) => b === 7)).toBe(true);
  });

  it('detects corrupt headers and truncation', () => {
    const tar = makeUstarTar([{ name: 'x.bin', bytes: new Uint8Array(2000) }]);
    const corrupt = Uint8Array.from(tar);
    corrupt[10] ^= 0x41;
    expect(() => readTar(corrupt, 'c.tar')).toThrow(
      /c\.tar: corrupt tar header at byte 0 \(checksum mismatch\)/,
    );
    expect(() => readTar(tar.subarray(0, 1500), 't.tar')).toThrow(
      /t\.tar: truncated: member x\.bin needs 2,000 bytes/,
    );
    expect(() => readTar(tar.subarray(0, 300), 'h.tar')).toThrow(
      /h\.tar: truncated: the tar archive ends inside a header/,
    );
  });
});

describe('CIFAR-10 binary', () => {
  const train = [1, 2, 3, 4, 5].map((i) => batch(`data_batch_${i}.bin`, 4 + i, i));
  const test = batch('test_batch.bin', 6, 9);
  const meta = {
    name: 'batches.meta.txt',
    bytes: new TextEncoder().encode(`${'abcdefghij'.split('').join('\n')}\n\n`),
  };

  function expectRoundTrip(ds: Awaited<ReturnType<typeof loadCifar10Files>>, batches: FakeBatch[]) {
    const labels = batches.flatMap((b) => b.labels);
    expect(ds.train.count).toBe(labels.length);
    expect(Array.from(ds.train.labels)).toEqual(labels);
    let at = 0;
    for (const b of batches) {
      // HWC pixels written by the test come back exactly (CHW → HWC conversion inverts the encoder).
      expect(Array.from(ds.train.images.subarray(at * 3072, (at + b.labels.length) * 3072))).toEqual(
        Array.from(b.hwc),
      );
      at += b.labels.length;
    }
    expect(Array.from(ds.test.labels)).toEqual(test.labels);
    expect(Array.from(ds.test.images)).toEqual(Array.from(test.hwc));
    expect(ds).toMatchObject({ width: 32, height: 32, channels: 3, numClasses: 10 });
  }

  it('reads a real ustar tar.gz laid out like cifar-10-binary.tar.gz', async () => {
    const dir = 'cifar-10-batches-bin';
    const tar = makeUstarTar([
      { name: `${dir}/batches.meta.txt`, bytes: meta.bytes },
      ...train.map((b) => ({ name: `${dir}/${b.name}`, bytes: b.bytes })),
      { name: `${dir}/test_batch.bin`, bytes: test.bytes },
      { name: `${dir}/readme.html`, bytes: new TextEncoder().encode('<html>') },
    ]);
    const progress: string[] = [];
    const ds = await loadCifar10Files([{ name: 'cifar-10-binary.tar.gz', bytes: gz(tar) }], (d, t, phase) =>
      progress.push(`${phase} ${d}/${t}`),
    );
    expect(ds.name).toBe('CIFAR-10');
    expect(ds.classNames).toEqual('abcdefghij'.split(''));
    expectRoundTrip(ds, train);
    expect(progress.some((p) => p.startsWith('Decompressing cifar-10-binary.tar.gz'))).toBe(true);
    expect(progress.some((p) => p.startsWith('Converting data_batch_3.bin'))).toBe(true);
  });

  it('reads loose batch files in any order; some training batches may be missing', async () => {
    const some = [train[3], train[0]];
    const ds = await loadCifar10Files([test, ...some].map(({ name, bytes }) => ({ name, bytes })));
    expect(ds.name).toBe('CIFAR-10 (2 of 5 training batches: 1, 4)');
    expect(ds.classNames[0]).toBe('airplane');
    expectRoundTrip(ds, [train[0], train[3]]);
  });

  it('gives clear errors for wrong, truncated, corrupt or incomplete input', async () => {
    expect(await fail([train[0]])).toMatch(
      /test_batch\.bin \(the test split\) is required but was not found in: data_batch_1\.bin/,
    );
    expect(await fail([test])).toMatch(/No training batch/);
    expect(await fail([train[0], test, { ...train[0], name: 'copy/data_batch_1.bin' }])).toMatch(
      /are the same batch/,
    );
    expect(await fail([{ name: 'data_batch_1.bin', bytes: train[0].bytes.subarray(1) }, test])).toMatch(
      /data_batch_1\.bin: 15,364 bytes is not a whole number of 3,073-byte records.*truncated/,
    );
    expect(await fail([{ name: 'data_batch_1.bin', bytes: new Uint8Array(3074 * 2) }, test])).toMatch(
      /CIFAR-100/,
    );
    const badLabel = Uint8Array.from(test.bytes);
    badLabel[3073 * 2] = 77;
    expect(await fail([train[0], { name: 'test_batch.bin', bytes: badLabel }])).toMatch(
      /test_batch\.bin: record 2 has label 77/,
    );
    expect(await fail([train[0], { name: 'test_batch.bin', bytes: new Uint8Array(0) }])).toMatch(
      /test_batch\.bin: the file is empty/,
    );
    const pickle = new Uint8Array(3073).fill(1);
    pickle[0] = 0x80;
    pickle[1] = 2;
    expect(await fail([{ name: 'data_batch_1', bytes: pickle }, test])).toMatch(/Python \(pickle\) version/);
    const tarGz = gz(makeUstarTar([train[0], test].map(({ name, bytes }) => ({ name, bytes }))));
    expect(await fail([{ name: 'cifar.tar.gz', bytes: tarGz.subarray(0, tarGz.length - 20) }])).toMatch(
      /cifar\.tar\.gz: the gzip data is corrupt or truncated/,
    );
    expect(await fail([{ name: 'data_batch_7.bin', bytes: train[0].bytes }, test])).toMatch(/not 7/);
  });
});
