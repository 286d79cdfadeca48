/**
 * The exported script's data checks under real torch: a truncated or empty IDX file, a wrong
 * magic, labels outside 0-9, a CIFAR batch of partial records and a folder whose path says
 * "labels" each give one line naming the file (SystemExit), never a traceback or a wrong run.
 * One Python process loads every crafted folder. Skips with a visible reason where no torch.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCifarBatch, makeMnistIdxFileSet, randomPixels } from '../data/testFiles';
import { exportTorchFromLink } from './exportTorch';
import { findTorchPython, IMPORT_EXPERIMENT_PY, runPython } from './torchTestPython';

const torch = findTorchPython();

describe.runIf(torch.python)(`the exported script checks its data (${torch.reason})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-torch-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A folder holding the four MNIST IDX files, `change` applied to them first. */
  const idxFolder = (name: string, change: (files: Map<string, Uint8Array>) => void = () => {}) => {
    const files = new Map(makeMnistIdxFileSet(20, 10).map((f) => [f.name, f.bytes as Uint8Array]));
    change(files);
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    for (const [file, bytes] of files) writeFileSync(join(folder, file), bytes);
    return folder;
  };

  it('refuses each bad file with one line naming it, and still loads good data', () => {
    const script = join(dir, 'experiment.py');
    writeFileSync(script, exportTorchFromLink('?view=lab').source);
    const cifar = join(dir, 'cifar');
    mkdirSync(cifar);
    for (let i = 1; i <= 5; i++) {
      const batch = encodeCifarBatch([1, 2], randomPixels(2, 3072, i));
      writeFileSync(join(cifar, `data_batch_${i}.bin`), i === 3 ? batch.subarray(0, 4000) : batch);
    }
    writeFileSync(join(cifar, 'test_batch.bin'), encodeCifarBatch([0], randomPixels(1, 3072, 9)));
    const folders = {
      good: idxFolder('good'),
      labelsPath: idxFolder('my-labels/raw'),
      truncated: idxFolder('truncated', (f) => {
        const b = f.get('train-images-idx3-ubyte')!;
        f.set('train-images-idx3-ubyte', b.subarray(0, b.length - 500));
      }),
      empty: idxFolder('empty', (f) => f.set('t10k-labels-idx1-ubyte', new Uint8Array(0))),
      magic: idxFolder('magic', (f) => f.set('train-labels-idx1-ubyte', f.get('train-images-idx3-ubyte')!)),
      label200: idxFolder('label200', (f) => {
        const b = Uint8Array.from(f.get('train-labels-idx1-ubyte')!);
        b[8 + 5] = 200;
        f.set('train-labels-idx1-ubyte', b);
      }),
      badGzip: idxFolder('badgz', (f) => f.delete('t10k-images-idx3-ubyte')),
      cifar,
    };
    // A corrupt .gz in place of one file.
    const gz = gzipSync(makeMnistIdxFileSet(1, 1)[2].bytes);
    writeFileSync(join(folders.badGzip, 't10k-images-idx3-ubyte.gz'), gz.subarray(0, gz.length - 12));
    const probe = join(dir, 'probe.py');
    writeFileSync(
      probe,
      [
        ...IMPORT_EXPERIMENT_PY,
        'out = {}',
        'for name, folder in json.loads(sys.argv[2]).items():',
        '    try:',
        '        tx, ty, sx, sy, what = exp.load_data(folder)',
        "        out[name] = 'ok %d %d %d' % (len(tx), len(sx), int(ty.max()))",
        '    except SystemExit as e:',
        '        out[name] = str(e.code)',
        '    except Exception as e:',
        "        out[name] = 'RAISED %s: %s' % (type(e).__name__, e)",
        'print(json.dumps(out))',
      ].join('\n'),
    );
    const r = runPython(torch.python!, [probe, script, JSON.stringify(folders)]);
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<keyof typeof folders, string>;
    const f = (name: string, file: string) => join(dir, name, file);
    expect(got.good).toBe('ok 20 10 9');
    expect(got.labelsPath).toBe('ok 20 10 9');
    expect(got.truncated).toBe(
      `error: ${f('truncated', 'train-images-idx3-ubyte')}: truncated: 20 images of 28x28 need 15696 bytes, the file has 15196`,
    );
    expect(got.empty).toBe(`error: ${f('empty', 't10k-labels-idx1-ubyte')}: the file is empty (0 bytes)`);
    expect(got.magic).toBe(
      `error: ${f('magic', 'train-labels-idx1-ubyte')}: not an IDX labels file (magic 0x803, expected 0x801)`,
    );
    expect(got.label200).toBe(
      `error: ${f('label200', 'train-labels-idx1-ubyte')}: label 200 at index 5 is outside 0-9 (10 classes)`,
    );
    expect(got.badGzip).toMatch(
      new RegExp(
        `^error: ${f('badgz', 't10k-images-idx3-ubyte.gz').replace(/[.]/g, '\\.')}: the gzip data is corrupt or truncated`,
      ),
    );
    expect(got.cifar).toBe(
      `error: ${join(cifar, 'data_batch_3.bin')}: 4000 bytes is not a whole number of 3,073-byte CIFAR-10 records`,
    );
  }, 120_000);
});
