/**
 * Runs the exported script under real torch: 20 steps on the shipped MNIST (the Lab's own
 * mnist-10k.bin.gz through --data) from the Lab's default and from every preset, and checks the
 * Lab's batch order, the data it reads and its answers to bad input. Skips with a visible reason
 * where no Python has torch; in CI that is a failure.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadUserFiles, makeBatch, SeededBatchOrder } from '../data';
import { encodeCifarBatch, makeMnistIdxFileSet, randomPixels } from '../data/testFiles';
import { PRESETS } from '../lab/presets';
import { defaultAppState, serializeUrl } from '../url/schema';
import { exportTorchFromLink } from './exportTorch';
import { SHIPPED_MNIST_GZ, testBatch } from './torchTestData';
import { findTorchPython, IMPORT_EXPERIMENT_PY, runPython, torchRequired } from './torchTestPython';

const torch = findTorchPython();
const STEPS = 20;

/** The share link of the Lab's default, or of a preset as its button sets it. */
function presetLink(id?: string): string {
  const app = { ...defaultAppState(), view: 'lab' as const };
  const preset = PRESETS.find((p) => p.id === id);
  if (preset) app.states.lab = { ...app.states.lab, ...preset.patch, preset: preset.id };
  return serializeUrl(app);
}

function csvRows(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

describe.runIf(torch.python)(`the exported script under torch (${torch.reason})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-torch-run-'));
  const python = torch.python!;
  const dataDir = dirname(SHIPPED_MNIST_GZ);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Prints the script's batch order, its first 8 training images (NHWC) and the split sizes. */
  const probeScript = () => {
    const probe = join(dir, 'probe.py');
    writeFileSync(
      probe,
      [
        ...IMPORT_EXPERIMENT_PY,
        'order = exp.LabBatchOrder(8000, 7)',
        'batches = [order.next(3000).tolist() for _ in range(3)]',
        'tx, ty, sx, sy, name = exp.load_data(sys.argv[2])',
        "x, y = exp.to_batch(tx, ty, exp.torch.arange(8), 'cpu')",
        "print(json.dumps({'batches': batches, 'x': x.permute(0, 2, 3, 1).reshape(-1).tolist(), 'y': y.tolist(), 'counts': [len(ty), len(sy)]}))",
      ].join('\n'),
    );
    return probe;
  };

  const script = (name: string, link: string) => {
    const path = join(dir, `${name}.py`);
    writeFileSync(path, exportTorchFromLink(link).source);
    return path;
  };

  for (const id of ['default', ...PRESETS.map((p) => p.id)]) {
    it(`${id}: ${STEPS} steps on the shipped MNIST, every model, the Lab's CSV columns`, () => {
      const link = presetLink(id);
      const csv = join(dir, `${id}.csv`);
      const args = [script(id, link), '--data', dataDir, '--steps', String(STEPS), '--compare'];
      const r = runPython(
        python,
        [...args, '--device', 'cpu', '--eval-every', '10', '--eval-size', '200', '--csv', csv],
        {
          cwd: dir,
        },
      );
      expect(r.status, r.stderr).toBe(0);
      const rows = csvRows(csv);
      expect(Object.keys(rows[0])).toEqual([
        'model',
        'step',
        'wall_ms',
        'loss',
        'smoothed_loss',
        'test_accuracy',
      ]);
      const source = readFileSync(join(dir, `${id}.py`), 'utf8');
      const ids = [...source.matchAll(/dict\(id='([^']+)'/g)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      for (const model of ids) {
        const mine = rows.filter((row) => row.model === model);
        const losses = mine.filter((row) => row.loss !== '').map((row) => Number(row.loss));
        expect(losses, `${model} has a loss per step`).toHaveLength(STEPS);
        expect(losses.every(Number.isFinite)).toBe(true);
        const acc = mine.filter((row) => row.test_accuracy !== '').map((row) => Number(row.step));
        expect(acc).toEqual([0, 10, 20]);
      }
    }, 120_000);
  }

  it("draws the Lab's batches and reads the shipped file as the Lab does", () => {
    const path = script('order', '?view=lab');
    const r = runPython(python, [probeScript(), path, dataDir]);
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout);
    // Three batches of 3,000 cross an epoch boundary of 8,000: the reshuffle must match too.
    const order = new SeededBatchOrder(8000, 7);
    expect(got.batches).toEqual([0, 1, 2].map(() => Array.from(order.next(3000))));
    const batch = testBatch(8);
    expect(got.y).toEqual(Array.from(batch.y));
    expect(got.x).toEqual(Array.from(batch.x));
    expect(got.counts).toEqual([8000, 2000]);
  });

  it("reads MNIST IDX (gzipped, in torchvision's MNIST/raw) and CIFAR-10 binaries as the Lab does", async () => {
    const sets = {
      idx: makeMnistIdxFileSet(30, 10).map((f) => ({
        name: `MNIST/raw/${f.name}.gz`,
        bytes: gzipSync(f.bytes),
        plain: f,
      })),
      cifar: [
        'data_batch_1',
        'data_batch_2',
        'data_batch_3',
        'data_batch_4',
        'data_batch_5',
        'test_batch',
      ].map((name, i) => {
        const labels = Array.from({ length: 6 }, (_, j) => (i + j) % 10);
        const bytes = encodeCifarBatch(labels, randomPixels(6, 3072, i + 1));
        return { name: `${name}.bin`, bytes, plain: { name: `${name}.bin`, bytes } };
      }),
    };
    for (const [kind, files] of Object.entries(sets)) {
      const folder = join(dir, `formats-${kind}`);
      for (const f of files) {
        mkdirSync(dirname(join(folder, f.name)), { recursive: true });
        writeFileSync(join(folder, f.name), f.bytes);
      }
      const r = runPython(python, [probeScript(), script(`fmt-${kind}`, '?view=lab&data=files'), folder]);
      expect(r.status, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout);
      const ds = await loadUserFiles(files.map((f) => f.plain));
      const batch = makeBatch(ds, 'train', [0, 1, 2, 3, 4, 5, 6, 7]);
      expect(got.counts, kind).toEqual([ds.train.count, ds.test.count]);
      expect(got.y, kind).toEqual(Array.from(batch.y));
      expect(got.x, kind).toEqual(Array.from(batch.x));
      // And trains on them (CIFAR: 3 channels, 32×32).
      const csv = join(folder, 'run.csv');
      const run = runPython(python, [
        script(`fmt-${kind}`, '?view=lab&data=files&bs=8'),
        '--data',
        folder,
        '--steps',
        '2',
        '--device',
        'cpu',
        '--csv',
        csv,
      ]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(kind === 'cifar' ? '[3, 32, 32]' : '[1, 28, 28]');
      expect(csvRows(csv).filter((row) => row.loss !== '')).toHaveLength(2);
    }
  });

  it('a folder without a dataset: one line naming the files it looked for', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const r = runPython(python, [script('empty', '?view=lab'), '--data', empty, '--device', 'cpu']);
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const name of [
      'train-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
      'mnist-10k.bin',
      'data_batch_1.bin',
      'test_batch.bin',
    ])
      expect(lines[0]).toContain(name);
  });

  it('data=files without --data says what to give', () => {
    const r = runPython(python, [script('files', '?view=lab&data=files'), '--device', 'cpu']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--data DIR');
  });

  it('--device cuda without CUDA says so and stops', () => {
    const cuda = runPython(python, ['-c', 'import torch; print(torch.cuda.is_available())']);
    if (cuda.stdout.trim() === 'True') return; // a GPU machine: nothing to refuse
    const r = runPython(python, [script('cuda', '?view=lab'), '--data', dataDir, '--device', 'cuda']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('no CUDA device');
  });
});

if (!torch.python) {
  describe('the exported script under torch', () => {
    if (torchRequired()) it(`needs torch in CI: ${torch.reason}`, () => expect.fail(torch.reason));
    else {
      console.warn(`the exported script under torch: skipped, ${torch.reason}`);
      it.skip(`skipped: ${torch.reason}`, () => {});
    }
  });
}
