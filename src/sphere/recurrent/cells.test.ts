import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../engine/backends/testBackend';
import * as tf from '../../tfjs';
import { LEARNABLE_K_OFFSET, type SphereOperator } from '../angular';
import { angularFromCos, setAngularImpl } from '../angularTensor';
import { checkCustomOp } from '../testing/gradientCheck';
import { referenceRecurrent } from '../testing/recurrentReference';
import { randomArray, seededRandom } from '../testing/testReference';
import { type CellType, RecurrentCell } from './cells';
import type { RecurrentKind } from './transform';

beforeAll(initWasmBackend);

let cellCount = 0;
function makeCell(cell: CellType, kind: RecurrentKind, operator: SphereOperator, features = 4, hidden = 3) {
  cellCount += 1;
  const c = new RecurrentCell({
    cell,
    kind,
    operator,
    inputDim: features,
    hiddenUnits: hidden,
    seed: 40 + cellCount,
    name: `test_cell${cellCount}`,
  });
  // Distinct non-zero biases (and k per unit): a swapped bias or k index must change the result.
  const rand = seededRandom(100 + cellCount);
  for (const b of [c.inputBias, c.recurrentBias]) b.assign(tf.tensor1d(randomArray(b.size, rand, -0.5, 0.5)));
  for (const k of [c.input.kRaw, c.recurrent.kRaw])
    k?.assign(tf.tensor1d(randomArray(k.size, rand, 0.1, 1.5)));
  return c;
}

/** The same equations in tf.js's own ops (composite operator): the gradient check's second opinion. */
function tfReference(cell: RecurrentCell, x: tf.Tensor, weights: tf.Tensor[]): tf.Tensor {
  const { kind, operator, hiddenUnits: H } = cell.config;
  const learnable = cell.input.kRaw !== undefined;
  const [wIn, kIn, bIn, wRec, kRec, bRec] = learnable
    ? weights
    : [weights[0], undefined, weights[1], weights[2], undefined, weights[3]];
  const apply = (v: tf.Tensor, w: tf.Tensor, kRaw: tf.Tensor | undefined) => {
    if (kind === 'plain') return tf.matMul(v as tf.Tensor2D, w as tf.Tensor2D);
    const vUnit = tf.div(v, tf.sqrt(tf.add(tf.sum(tf.square(v), 1, true), 1e-4)));
    const wUnit = tf.div(w, tf.sqrt(tf.add(tf.sum(tf.square(w), 0, true), 1e-4)));
    const k = kRaw ? tf.add(tf.abs(kRaw), LEARNABLE_K_OFFSET) : 0.3;
    return angularFromCos(tf.matMul(vUnit as tf.Tensor2D, wUnit as tf.Tensor2D), operator, k, {
      impl: 'composite',
    });
  };
  const [b, T] = x.shape;
  let h: tf.Tensor = tf.zeros([b, H]);
  const states: tf.Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const xt = tf.squeeze(tf.slice(x, [0, t, 0], [b, 1, -1]), [1]);
    const gx = tf.add(apply(xt, wIn, kIn), bIn);
    const gh = tf.add(apply(h, wRec, kRec), bRec);
    if (cell.config.cell === 'elman') h = tf.tanh(tf.add(gx, gh));
    else {
      const part = (g: tf.Tensor, i: number) => tf.slice(g, [0, i * H], [b, H]);
      const r = tf.sigmoid(tf.add(part(gx, 0), part(gh, 0)));
      const z = tf.sigmoid(tf.add(part(gx, 1), part(gh, 1)));
      const n = tf.tanh(tf.add(part(gx, 2), tf.mul(r, part(gh, 2))));
      h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
    }
    states.push(h);
  }
  return tf.stack(states, 1);
}

const kinds: [RecurrentKind, SphereOperator][] = [
  ['plain', 'linear'],
  ['sphere', 'linear'],
  ['sphere', 'cosine'],
  ['sphere', 'sigmoid'],
  ['sphere', 'learnable-sigmoid'],
];

describe('recurrent cells (gradient check: code vs tf.js ops vs float64 equations)', () => {
  for (const cellType of ['elman', 'gru'] as const) {
    it.each(kinds)(`${cellType}, %s %s: x, W, U, biases (and k) over 3 steps`, async (kind, operator) => {
      const cell = makeCell(cellType, kind, operator);
      const shape: [number, number, number] = [2, 3, 4];
      // One all-zero row: the black rows of MNIST, where a sphere transform's cos is 0.
      const xv = randomArray(24, seededRandom(7), -1, 1).map((v, i) => (i < 4 ? 0 : v));
      const x = tf.tensor3d(xv, shape);
      const vars = cell.variables();
      const learnable = cell.input.kRaw !== undefined;
      await checkCustomOp({
        name: `${cellType} ${kind} ${operator}`,
        inputs: [x, ...vars],
        custom: ([xi]) => {
          setAngularImpl('fused');
          try {
            return cell.run(xi as tf.Tensor3D);
          } finally {
            setAngularImpl('auto');
          }
        },
        reference: ([xi, ...weights]) => tfReference(cell, xi, weights),
        float64: ([xi, ...w]) => {
          const [wIn, kIn, bIn, wRec, kRec, bRec] = learnable
            ? w
            : [w[0], undefined, w[1], w[2], undefined, w[3]];
          const eff = (k: Float64Array | undefined, n: number) =>
            k ? Array.from(k, (v) => Math.abs(v) + 0.05) : new Array<number>(n).fill(0.3);
          return referenceRecurrent({
            cell: cellType,
            kind,
            operator,
            x: xi,
            shape,
            hidden: 3,
            wIn,
            wRec,
            bIn,
            bRec,
            kIn: eff(kIn, bIn.length),
            kRec: eff(kRec, bRec.length),
          });
        },
      });
      cell.dispose();
    });
  }
});

describe('plain cells by hand (F = 1, H = 1, two steps)', () => {
  /** Sets every weight of a one-unit cell: the gates' columns in r, z, n order. */
  function oneUnit(cellType: CellType, wIn: number[], wRec: number[], bIn: number[], bRec: number[]) {
    const cell = makeCell(cellType, 'plain', 'linear', 1, 1);
    cell.input.kernel.assign(tf.tensor2d(wIn, [1, wIn.length]));
    cell.recurrent.kernel.assign(tf.tensor2d(wRec, [1, wRec.length]));
    cell.inputBias.assign(tf.tensor1d(bIn));
    cell.recurrentBias.assign(tf.tensor1d(bRec));
    return cell;
  }
  const x = () => tf.tensor3d([1, 2], [1, 2, 1]);

  it('Elman: h1 = tanh(0.5·1 + 0.1), h2 = tanh(0.5·2 + 0.1 − h1)', () => {
    const cell = oneUnit('elman', [0.5], [-1], [0.1], [0]);
    const h = cell.run(x()).dataSync();
    // tanh(0.6) = 0.537049566998; tanh(1.1 − 0.537049566998) = tanh(0.562950433002) = 0.510163
    expect(h[0]).toBeCloseTo(0.537049567, 6);
    expect(h[1]).toBeCloseTo(0.5101633, 6);
    cell.dispose();
  });

  it('GRU: reset, update, candidate with b_hn inside the reset product', () => {
    // W = [r 1, z −1, n 2], U = [r 0.5, z 0.5, n −1], b_ih = [0, 0, 0.1], b_hh = [0, 0, 0.2].
    const cell = oneUnit('gru', [1, -1, 2], [0.5, 0.5, -1], [0, 0, 0.1], [0, 0, 0.2]);
    const h = cell.run(x()).dataSync();
    // t=1 (h0 = 0): r = σ(1) = 0.731059, z = σ(−1) = 0.268941, n = tanh(2.1 + 0.731059·0.2) = tanh(2.246212)
    //   = 0.977861, h1 = (1 − z)·n = 0.714874.
    // t=2: r = σ(2 + 0.5·h1) = σ(2.357437) = 0.913524, z = σ(−2 + 0.357437) = σ(−1.642563) = 0.162117,
    //   n = tanh(4.1 + r·(0.2 − h1)) = tanh(3.629651) = 0.998594, h2 = (1 − z)·n + z·h1 = 0.952598.
    expect(h[0]).toBeCloseTo(0.7148736, 6);
    expect(h[1]).toBeCloseTo(0.952598, 6);
    cell.dispose();
  });
});

describe('sphere transforms', () => {
  it.each(['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'] as const)(
    '%s: cos θ and g(θ) in [−1, 1]; a zero row (h₀ = 0) gives cos = g = 0',
    (operator) => {
      const cell = makeCell('gru', 'sphere', operator, 5, 4);
      const x = tf.tensor2d(
        randomArray(40, seededRandom(3), -3, 3).map((v, i) => (i < 5 ? 0 : v)),
        [8, 5],
      );
      const cos = cell.input.cosines(x).dataSync();
      const g = cell.input.apply(x).dataSync();
      expect(Math.max(...cos.map(Math.abs))).toBeLessThanOrEqual(1);
      expect(Math.max(...g.map(Math.abs))).toBeLessThanOrEqual(1);
      // Not all near zero either: the rows really are at various angles.
      expect(Math.max(...cos.map(Math.abs))).toBeGreaterThan(0.5);
      expect(Array.from(g.slice(0, 12))).toEqual(new Array(12).fill(0));
      cell.dispose();
    },
  );
});
