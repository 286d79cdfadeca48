import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../engine/backends/testBackend';
import * as tf from '../../tfjs';
import type { SphereOperator } from '../angular';
import { randomArray, seededRandom } from '../testing/testReference';
import type { CellType } from './cells';
import { buildRecurrentModel, imageRows, type RecurrentModelConfig } from './model';
import type { RecurrentKind } from './transform';

beforeAll(initWasmBackend);

const mnist = (
  cell: CellType,
  kind: RecurrentKind,
  operator: SphereOperator = 'sigmoid',
): RecurrentModelConfig => ({
  cell,
  kind,
  operator,
  inputDim: 28,
  hiddenUnits: 16,
  numClasses: 10,
  seed: 3,
});

describe('recurrent model on row-by-row MNIST shapes', () => {
  it('imageRows turns [b, 28, 28, 1] images into 28 steps of 28 pixels, row t = step t', () => {
    const images = tf.tensor4d(
      Float32Array.from({ length: 2 * 28 * 28 }, (_, i) => i),
      [2, 28, 28, 1],
    );
    const rows = imageRows(images);
    expect(rows.shape).toEqual([2, 28, 28]);
    // Sample 1, row 5, column 7.
    expect(rows.arraySync()[1][5][7]).toBe(784 + 5 * 28 + 7);
  });

  it.each([
    ['elman', 'plain'],
    ['elman', 'sphere'],
    ['gru', 'plain'],
    ['gru', 'sphere'],
  ] as const)('%s %s: states [b, 28, H], logits [b, 10], predictions [b]', (cell, kind) => {
    const net = buildRecurrentModel(mnist(cell, kind));
    const xs = tf.randomUniform([3, 28, 28], 0, 1, 'float32', 4) as tf.Tensor3D;
    expect(net.cell.run(xs).shape).toEqual([3, 28, 16]);
    expect(net.cell.final(xs).arraySync()).toEqual(
      (net.cell.run(xs).arraySync() as number[][][]).map((seq) => seq[27]),
    );
    expect(net.logits(xs).shape).toEqual([3, 10]);
    const predicted = net.predict(xs);
    expect(predicted.shape).toEqual([3]);
    expect(Math.max(...predicted.dataSync())).toBeLessThan(10);
    expect(net.loss(xs, tf.tensor1d([1, 2, 3], 'int32')).shape).toEqual([]);
    net.dispose();
  });

  it('a plain net and its sphere twin on one seed start from identical weights', () => {
    const plain = buildRecurrentModel(mnist('gru', 'plain'));
    const sphere = buildRecurrentModel(mnist('gru', 'sphere'));
    const values = (vs: tf.Variable[]) => vs.map((v) => Array.from(v.dataSync()));
    expect(values(sphere.variables())).toEqual(values(plain.variables()));
    // And a different seed draws different weights.
    const other = buildRecurrentModel({ ...mnist('gru', 'plain'), seed: 4 });
    expect(values(other.variables())[0]).not.toEqual(values(plain.variables())[0]);
    for (const n of [plain, sphere, other]) n.dispose();
  });

  it('learnable k: one k per unit in each transform, starting at |0.7| + 0.05; none otherwise', () => {
    const net = buildRecurrentModel(mnist('gru', 'sphere', 'learnable-sigmoid'));
    expect(net.kNames).toEqual(['input', 'recurrent']);
    expect(net.cell.input.kRaw?.shape).toEqual([48]);
    expect(Array.from(net.kValues()!.dataSync())).toEqual([Math.fround(0.75), Math.fround(0.75)]);
    expect(buildRecurrentModel(mnist('gru', 'sphere')).kValues()).toBeUndefined();
    expect(buildRecurrentModel(mnist('gru', 'plain', 'learnable-sigmoid')).kValues()).toBeUndefined();
    net.dispose();
  });
});

/** Label = sign of the first step's first feature, read after 5 noisy steps (needs memory). */
function memoryTask(n: number, seed: number): { xs: tf.Tensor3D; labels: tf.Tensor1D } {
  const rand = seededRandom(seed);
  const x = randomArray(n * 5 * 3, rand, -1, 1);
  const labels = Int32Array.from({ length: n }, (_, i) => (x[i * 15] > 0 ? 1 : 0));
  return { xs: tf.tensor3d(x, [n, 5, 3]), labels: tf.tensor1d(labels, 'int32') };
}

function tinyNet(cell: CellType, kind: RecurrentKind, operator: SphereOperator) {
  return buildRecurrentModel({ cell, kind, operator, inputDim: 3, hiddenUnits: 8, numClasses: 2, seed: 2 });
}

describe('training', () => {
  const cases: [CellType, RecurrentKind, SphereOperator][] = [];
  for (const cell of ['elman', 'gru'] as const) {
    cases.push([cell, 'plain', 'linear']);
    for (const op of ['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'] as const)
      cases.push([cell, 'sphere', op]);
  }

  it.each(cases)('%s %s %s: 40 Adam steps on a memory task lower the loss by a third', (cell, kind, op) => {
    const net = tinyNet(cell, kind, op);
    const { xs, labels } = memoryTask(32, 9);
    const optimizer = tf.train.adam(0.03);
    const lossOf = () => tf.tidy(() => net.loss(xs, labels).dataSync()[0]);
    const before = lossOf();
    for (let s = 0; s < 40; s++) {
      tf.dispose(optimizer.minimize(() => net.loss(xs, labels), true, net.variables()) ?? []);
    }
    const after = lossOf();
    expect(before).toBeGreaterThan(0.5);
    expect(after).toBeLessThan((2 / 3) * before);
    if (op === 'learnable-sigmoid') {
      // k trained too: it moved away from its start.
      expect(Math.abs(net.kValues()!.dataSync()[1] - 0.75)).toBeGreaterThan(1e-3);
    }
    optimizer.dispose();
    net.dispose();
  });

  it.each(['plain', 'sphere'] as const)('%s GRU: tensor count flat over 30 training steps', (kind) => {
    const net = tinyNet('gru', kind, 'learnable-sigmoid');
    const { xs, labels } = memoryTask(8, 5);
    const optimizer = tf.train.adam(0.01);
    const step = () =>
      tf.dispose(optimizer.minimize(() => net.loss(xs, labels), true, net.variables()) ?? []);
    step(); // Adam creates its slot variables on the first step.
    const start = tf.memory().numTensors;
    for (let s = 0; s < 30; s++) step();
    tf.dispose(net.predict(xs));
    tf.dispose(net.kValues());
    expect(tf.memory().numTensors).toBe(start);
    optimizer.dispose();
    net.dispose();
  });
});

describe('initial weights (what a share link and the exported script rely on)', () => {
  /** tf.js's draw of a [fanIn, units] matrix: N(0, 1/fanIn) (LeCun) from the given seed. */
  const draw = (fanIn: number, units: number, seed: number) =>
    Array.from(tf.randomNormal([fanIn, units], 0, 1 / Math.sqrt(fanIn), 'float32', seed).dataSync());
  const values = (v: tf.Variable) => Array.from(v.dataSync());

  it('W from seed·7919, U from seed·7919 + 1, the head from seed·7919 + 2; every bias 0', () => {
    const net = buildRecurrentModel({ ...mnist('gru', 'sphere'), inputDim: 7, hiddenUnits: 5 });
    const base = 3 * 7919;
    expect(values(net.cell.input.kernel)).toEqual(draw(7, 15, base));
    expect(values(net.cell.recurrent.kernel)).toEqual(draw(5, 15, base + 1));
    const [headKernel, headBias] = net.variables().slice(-2);
    expect(values(headKernel)).toEqual(draw(5, 10, base + 2));
    for (const bias of [net.cell.inputBias, net.cell.recurrentBias, headBias])
      expect(values(bias)).toEqual(new Array(bias.size).fill(0));
    net.dispose();
  });

  it('a config without a seed draws seed 1', () => {
    const { seed: _, ...unseeded } = mnist('elman', 'plain');
    const a = buildRecurrentModel(unseeded);
    const b = buildRecurrentModel({ ...unseeded, seed: 1 });
    expect(a.variables().map(values)).toEqual(b.variables().map(values));
    a.dispose();
    b.dispose();
  });

  it('imageRows keeps the channels of each pixel together: row t = the HWC pixels of row t', () => {
    const images = tf.tensor4d(
      Float32Array.from({ length: 2 * 4 * 5 * 3 }, (_, i) => i),
      [2, 4, 5, 3],
    );
    const rows = imageRows(images);
    expect(rows.shape).toEqual([2, 4, 15]);
    // Sample 1, row 2, pixel 3, channel 1.
    expect(rows.arraySync()[1][2][3 * 3 + 1]).toBe(60 + 2 * 15 + 3 * 3 + 1);
  });
});
