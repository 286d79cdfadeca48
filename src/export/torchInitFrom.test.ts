/**
 * --init-from: the script starts from the Lab's "Download models (tfjs)" files. The models are
 * built as the Lab builds them (labRunConfig → createModel), saved as the Lab saves them, and the
 * script's step-0 test accuracy and its first loss (on the Lab's first batch, before any update)
 * must equal tf.js's.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeBatch, parseShippedMnist, SeededBatchOrder } from '../data';
import { readShippedMnistFile } from '../data/shippedMnistFile';
import { initWasmBackend } from '../engine/backends/testBackend';
import { exportModels } from '../engine/train/exportModels';
import { createModel } from '../engine/train/models';
import { labRunConfig } from '../lab/runConfig';
import * as tf from '../tfjs';
import { parseUrl } from '../url/schema';
import { exportTorchFromLink } from './exportTorch';
import { SHIPPED_MNIST_GZ } from './torchTestData';
import { findTorchPython, runPython, torchRequired } from './torchTestPython';

const torch = findTorchPython();
const LINK = '?view=lab&op=learnable-sigmoid&norm=bn&loss=ga-softmax&width=4&seed=9';
const EVAL = 300;

describe.runIf(torch.python)(`--init-from the Lab's tfjs download (${torch.reason})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-torch-init-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same test accuracy and first loss as tf.js', async () => {
    await initWasmBackend();
    const lab = parseUrl(LINK).state.states.lab;
    const ds = parseShippedMnist(readShippedMnistFile());
    const test = makeBatch(
      ds,
      'test',
      Array.from({ length: EVAL }, (_, i) => i),
    );
    const xs = tf.tensor4d(test.x, [EVAL, 28, 28, 1]);
    const run = labRunConfig(lab);
    // The Lab's first batch: what the script's step 1 trains on.
    const first = makeBatch(ds, 'train', new SeededBatchOrder(ds.train.count, lab.seed).next(run.batchSize));
    const bx = tf.tensor4d(first.x, [run.batchSize, 28, 28, 1]);
    const by = tf.tensor1d(first.y, 'int32');
    const expected: Record<string, number> = {};
    const firstLoss: Record<string, number> = {};
    for (const entry of labRunConfig(lab).models) {
      const model = createModel(entry.id, entry.spec, {
        seed: lab.seed,
        inputShape: [28, 28, 1],
        numClasses: 10,
      });
      const predicted = tf.tidy(() => tf.argMax(model.logits(xs), 1));
      const classes = await predicted.data();
      predicted.dispose();
      expected[entry.id] = classes.filter((c, i) => c === test.y[i]).length / EVAL;
      const loss = tf.tidy(() => model.loss(bx, by));
      firstLoss[entry.id] = (await loss.data())[0];
      loss.dispose();
      const [saved] = await exportModels([{ id: entry.id, model }]);
      for (const f of saved.files) writeFileSync(join(dir, f.name), f.bytes);
      model.dispose();
    }
    tf.dispose([xs, bx, by]);
    const script = join(dir, 'experiment.py');
    writeFileSync(script, exportTorchFromLink(LINK).source);
    const csv = join(dir, 'run.csv');
    const args = ['--init-from', dir, '--data', dirname(SHIPPED_MNIST_GZ), '--steps', '1', '--compare'];
    const r = runPython(torch.python!, [
      script,
      ...args,
      '--eval-size',
      String(EVAL),
      '--device',
      'cpu',
      '--csv',
      csv,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const rows = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split(','));
    const at = (step: string, column: number) =>
      Object.fromEntries(rows.filter((r) => r[1] === step).map((r) => [r[0], Number(r[column])]));
    const accuracy = at('0', 5);
    const loss = at('1', 3);
    expect(Object.keys(accuracy).sort()).toEqual(Object.keys(expected).sort());
    for (const id of Object.keys(expected)) {
      expect(accuracy[id], id).toBeCloseTo(expected[id], 10);
      expect(Math.abs(loss[id] - firstLoss[id]), `${id}: first loss`).toBeLessThan(1e-4);
    }
  });
});

if (!torch.python) {
  describe("--init-from the Lab's tfjs download", () => {
    if (torchRequired()) it(`needs torch in CI: ${torch.reason}`, () => expect.fail(torch.reason));
    else {
      console.warn(`--init-from the Lab's tfjs download: skipped, ${torch.reason}`);
      it.skip(`skipped: ${torch.reason}`, () => {});
    }
  });
}
