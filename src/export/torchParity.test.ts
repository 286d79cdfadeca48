/**
 * Parity of the exported PyTorch modules with tf.js: the same initial weights (exported from
 * tf.js in the Lab's tfjs download format, loaded by the script's own loader) give the same
 * SphereConv outputs, the same first-step loss (data + regularizers) and the same gradients,
 * within 1e-4, for every operator, both norms and the three heads. Runs wherever a Python with
 * torch exists; in CI a missing torch fails the suite.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import { exportModels } from '../engine/train/exportModels';
import { createModel, type TrainableModel } from '../engine/train/models';
import { SGD_MOMENTUM } from '../engine/train/trainer';
import type { NetSpec } from '../engine/types';
import { SPHERE_OPERATORS } from '../sphere/angular';
import { sphereDense } from '../sphere/sphereConv';
import * as tf from '../tfjs';
import { LAB_HEADS, LAB_NORMS } from '../url/labState';
import { exportTorchFromLink } from './exportTorch';
import { PARITY_HARNESS } from './torchParityHarness';
import { testBatch } from './torchTestData';
import { findTorchPython, runPython, torchRequired } from './torchTestPython';

const TOLERANCE = 1e-4;
const torch = findTorchPython();

interface Case {
  id: string;
  net: NetSpec;
  /** The optimizer of the step whose result (the loss after it) is compared too. */
  optimizer: 'adam' | 'sgd';
}

function cases(): Case[] {
  const out: Omit<Case, 'optimizer'>[] = [];
  const base = { k: 0.5, widths: [4, 8], depth: 1 };
  for (const norm of LAB_NORMS)
    for (const head of LAB_HEADS) {
      const m = head === 'ga-softmax' ? 2 : 1;
      for (const operator of SPHERE_OPERATORS)
        out.push({
          id: `sphere-${operator}-${norm}-${head}`,
          net: { arch: 'sphere', operator, norm, head, m, ...base },
        });
      // The baseline's GA head uses the operator too: every operator there, one elsewhere.
      for (const operator of head === 'ga-softmax' ? SPHERE_OPERATORS : (['sigmoid'] as const))
        out.push({
          id: `base-${operator}-${norm}-${head}`,
          net: { arch: 'baseline', operator, norm, head, m, ...base },
        });
    }
  // Half the cases step with each of the Lab's optimizers.
  return out.map((c, i) => ({ ...c, optimizer: i % 2 === 0 ? 'adam' : 'sgd' }));
}

const LEARNING_RATE = 0.01;

interface TfResult {
  loss: number;
  /** The loss on the same batch after one optimizer step. */
  lossAfter: number;
  first: Float32Array;
  grads: Record<string, Float32Array>;
}

async function tfStep(model: TrainableModel, c: Case, xs: tf.Tensor4D, ys: tf.Tensor1D): Promise<TfResult> {
  const spec = c.net;
  const layers = model.layersModel();
  const prefix = spec.arch === 'sphere' ? 'sphere' : 'base';
  const first = tf.tidy(() => layers.getLayer(`${prefix}_conv1_1`).apply(xs) as tf.Tensor);
  const vars = layers.trainableWeights.map((w) => ({ name: w.originalName, v: w.read() as tf.Variable }));
  const { value, grads } = tf.variableGrads(
    () => model.loss(xs, ys),
    vars.map((w) => w.v),
  );
  const out: TfResult = {
    loss: (await value.data())[0],
    lossAfter: Number.NaN,
    first: (await first.data()) as Float32Array,
    grads: {},
  };
  for (const w of vars) out.grads[w.name] = (await grads[w.v.name].data()) as Float32Array;
  // The engine's optimizers (src/engine/train/trainer.ts makeOptimizer).
  const optimizer =
    c.optimizer === 'adam' ? tf.train.adam(LEARNING_RATE) : tf.train.momentum(LEARNING_RATE, SGD_MOMENTUM);
  optimizer.applyGradients(vars.map((w) => ({ name: w.v.name, tensor: grads[w.v.name] })));
  const after = tf.tidy(() => model.loss(xs, ys));
  out.lossAfter = (await after.data())[0];
  tf.dispose([value, first, after, ...Object.values(grads)]);
  optimizer.dispose();
  return out;
}

/** The largest difference seen of each kind, printed at the end (the margin under TOLERANCE). */
const largest = { loss: 0, gradient: 0, lossAfterStep: 0, sphereConv: 0, sphereLinear: 0 };

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>, kind: keyof typeof largest): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  largest[kind] = Math.max(largest[kind], worst);
  return worst;
}

describe.runIf(torch.python)(`PyTorch export parity with tf.js (${torch.reason})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-torch-parity-'));
  const tfResults = new Map<string, TfResult>();
  let py: {
    nets: Record<
      string,
      { loss: number; lossAfter: number; first: number[]; grads: Record<string, number[]> }
    >;
    dense: Record<string, number[]>;
  };
  const dense = { rows: 6, din: 12, units: 5, k: 0.4 };
  const denseTf: Record<string, Float32Array> = {};

  beforeAll(async () => {
    await initWasmBackend();
    const batch = testBatch(8);
    const xs = tf.tensor4d(batch.x, [8, 28, 28, 1]);
    const ys = tf.tensor1d(batch.y, 'int32');
    const all = cases();
    for (const c of all) {
      const model = createModel(
        c.id,
        { kind: 'net', net: c.net },
        { seed: 3, inputShape: [28, 28, 1], numClasses: 10 },
      );
      // Builds the weights, then saves them exactly as the Lab's "Download models (tfjs)" does.
      tf.dispose(model.logits(xs));
      const [saved] = await exportModels([{ id: c.id, model }]);
      for (const f of saved.files) writeFileSync(join(dir, f.name), f.bytes);
      tfResults.set(c.id, await tfStep(model, c, xs, ys));
      model.dispose();
    }
    const dx = tf.randomNormal([dense.rows, dense.din], 0, 1, 'float32', 5);
    const dw = tf.randomNormal([dense.din, dense.units], 0, 0.3, 'float32', 6);
    for (const op of SPHERE_OPERATORS) {
      const k = op === 'learnable-sigmoid' ? tf.fill([dense.units], 0.7 + 0.05) : dense.k;
      const g = sphereDense(dx as tf.Tensor2D, dw as tf.Tensor2D, { operator: op, k });
      denseTf[op] = (await g.data()) as Float32Array;
      tf.dispose([g, k]);
    }
    const job = {
      shape: [8, 28, 28, 1],
      classes: 10,
      x: Array.from(batch.x),
      y: Array.from(batch.y),
      learningRate: LEARNING_RATE,
      nets: all.map((c) => ({ id: c.id, spec: c.net, optimizer: c.optimizer })),
      dense: {
        ...dense,
        x: Array.from(await dx.data()),
        w: Array.from(await dw.data()),
        operators: SPHERE_OPERATORS,
      },
    };
    tf.dispose([xs, ys, dx, dw]);
    writeFileSync(join(dir, 'job.json'), JSON.stringify(job));
    writeFileSync(join(dir, 'experiment.py'), exportTorchFromLink('?view=lab').source);
    writeFileSync(join(dir, 'harness.py'), PARITY_HARNESS);
    const r = runPython(torch.python!, [join(dir, 'harness.py'), join(dir, 'experiment.py'), dir]);
    if (r.status !== 0) throw new Error(`the parity harness failed (${r.status}):\n${r.stderr}`);
    py = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
  }, 300_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    console.log(`torch vs tf.js, largest |difference|: ${JSON.stringify(largest)}`);
  });

  for (const c of cases()) {
    it(`${c.id}: first-step loss, every gradient and the loss after one ${c.optimizer} step within ${TOLERANCE}`, () => {
      const ours = tfResults.get(c.id)!;
      const theirs = py.nets[c.id];
      expect(maxDiff([theirs.loss], [ours.loss], 'loss')).toBeLessThan(TOLERANCE);
      expect(maxDiff([theirs.lossAfter], [ours.lossAfter], 'lossAfterStep')).toBeLessThan(TOLERANCE);
      // The step really moved the weights (else the comparison above would prove little).
      expect(Math.abs(ours.lossAfter - ours.loss)).toBeGreaterThan(10 * TOLERANCE);
      expect(Object.keys(theirs.grads).sort()).toEqual(Object.keys(ours.grads).sort());
      for (const [name, g] of Object.entries(ours.grads)) {
        const diff = maxDiff(theirs.grads[name], g, 'gradient');
        expect(diff, `${name}: max |torch − tf.js| = ${diff}`).toBeLessThan(TOLERANCE);
      }
      if (c.net.arch === 'sphere') {
        const diff = maxDiff(theirs.first, ours.first, 'sphereConv');
        expect(diff, `first SphereConv output: max |torch − tf.js| = ${diff}`).toBeLessThan(TOLERANCE);
      }
    });
  }

  for (const op of SPHERE_OPERATORS) {
    it(`SphereLinear (${op}) matches sphereDense within ${TOLERANCE}`, () => {
      expect(maxDiff(py.dense[op], denseTf[op], 'sphereLinear')).toBeLessThan(TOLERANCE);
    });
  }
});

if (!torch.python) {
  describe('PyTorch export parity with tf.js', () => {
    if (torchRequired()) it(`needs torch in CI: ${torch.reason}`, () => expect.fail(torch.reason));
    else {
      console.warn(`PyTorch export parity with tf.js: skipped, ${torch.reason}`);
      it.skip(`skipped: ${torch.reason}`, () => {});
    }
  });
}
