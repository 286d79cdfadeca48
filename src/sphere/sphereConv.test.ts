import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import * as tf from '../tfjs';
import type { SphereOperator } from './angular';
import type { AngularImpl } from './angularTensor';
import { setAngularImpl } from './angularTensor';
import { sphereConv2d, sphereDense } from './sphereConv';
import { randomArray, referenceSphereConv, seededRandom } from './testing/testReference';

beforeAll(initWasmBackend);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const operators: SphereOperator[] = ['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'];
const geometries = [
  { kernel: 1, strides: 1, padding: 'valid' as const, size: 5 },
  { kernel: 2, strides: 1, padding: 'same' as const, size: 6 },
  { kernel: 3, strides: 1, padding: 'same' as const, size: 7 },
  { kernel: 3, strides: 2, padding: 'same' as const, size: 7 },
  { kernel: 3, strides: 2, padding: 'valid' as const, size: 8 },
  { kernel: 5, strides: 1, padding: 'valid' as const, size: 7 },
  { kernel: 5, strides: 3, padding: 'same' as const, size: 8 },
];

describe.each(['fused', 'composite'] as AngularImpl[])('sphereConv2d (%s operator)', (impl) => {
  it.each(operators)('%s equals the patch-by-patch reference for all geometries to 1e-5', (operator) => {
    setAngularImpl(impl);
    const rand = seededRandom(7);
    for (const g of geometries) {
      const xShape: [number, number, number, number] = [2, g.size, g.size, 3];
      const wShape: [number, number, number, number] = [g.kernel, g.kernel, 3, 4];
      // Non-negative inputs (like images and ReLU outputs) put some cosines near ±1 and 0.
      const x = randomArray(
        xShape.reduce((p, v) => p * v),
        rand,
        -0.2,
        1,
      );
      const w = randomArray(
        wShape.reduce((p, v) => p * v),
        rand,
      );
      const k = operator === 'learnable-sigmoid' ? [0.05, 0.3, 0.75, 1.4] : [0.3, 0.3, 0.3, 0.3];
      const ref = referenceSphereConv({
        x,
        xShape,
        w,
        wShape,
        strides: g.strides,
        padding: g.padding,
        operator,
        k,
      });
      const out = tf.tidy(() =>
        sphereConv2d(tf.tensor4d(x, xShape), tf.tensor4d(w, wShape), {
          operator,
          k: operator === 'learnable-sigmoid' ? tf.tensor1d(k) : 0.3,
          strides: g.strides,
          padding: g.padding,
        }),
      );
      expect(out.shape).toEqual(ref.shape);
      expect(maxAbsDiff(out.dataSync(), ref.out)).toBeLessThan(1e-5);
      out.dispose();
    }
    setAngularImpl('auto');
  });
});

describe('sphereConv2d numerics', () => {
  it.each(['fused', 'composite'] as AngularImpl[])(
    'activation relu equals relu of the operator, values and gradients (%s)',
    (impl) => {
      setAngularImpl(impl);
      const rand = seededRandom(3);
      const x = tf.tensor4d(randomArray(2 * 6 * 6 * 2, rand), [2, 6, 6, 2]);
      const w = tf.tensor4d(randomArray(3 * 3 * 2 * 5, rand), [3, 3, 2, 5]);
      const r = tf.tensor4d(randomArray(2 * 6 * 6 * 5, rand), [2, 6, 6, 5]);
      for (const operator of operators) {
        const k = operator === 'learnable-sigmoid' ? tf.tensor1d([0.2, 0.4, 0.7, 1, 0.06]) : 0.3;
        const plain = (xi: tf.Tensor, wi: tf.Tensor) =>
          tf.relu(sphereConv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, { operator, k }));
        const fused = (xi: tf.Tensor, wi: tf.Tensor) =>
          sphereConv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, { operator, k, activation: 'relu' });
        expect(maxAbsDiff(plain(x, w).dataSync(), fused(x, w).dataSync())).toBeLessThan(1e-6);
        const grads = (f: typeof plain) =>
          tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(f(xi, wi), r)))([x, w]);
        const [gp, gf] = [grads(plain), grads(fused)];
        for (let i = 0; i < 2; i++) expect(maxAbsDiff(gp[i].dataSync(), gf[i].dataSync())).toBeLessThan(1e-5);
      }
      setAngularImpl('auto');
    },
  );

  it.each(['fused', 'composite'] as AngularImpl[])(
    'pool before the operator equals max-pooling its output, values and gradients (%s)',
    (impl) => {
      setAngularImpl(impl);
      const rand = seededRandom(9);
      // 7×7 (odd: the last row/column is dropped) and 8×8 with a stride-2 conv; inputs ≥ −0.2.
      for (const g of [
        { size: 7, strides: 1 },
        { size: 8, strides: 2 },
      ]) {
        const x = tf.tensor4d(randomArray(2 * g.size * g.size * 3, rand, -0.2, 1), [2, g.size, g.size, 3]);
        const w = tf.tensor4d(randomArray(3 * 3 * 3 * 5, rand), [3, 3, 3, 5]);
        for (const operator of operators) {
          for (const activation of ['linear', 'relu'] as const) {
            const k = operator === 'learnable-sigmoid' ? tf.tensor1d([0.06, 0.2, 0.4, 0.7, 1.3]) : 0.3;
            const opts = { operator, k, activation, strides: g.strides };
            const poolAfterG = (xi: tf.Tensor, wi: tf.Tensor) =>
              tf.maxPool(sphereConv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, opts), 2, 2, 'valid');
            const poolBeforeG = (xi: tf.Tensor, wi: tf.Tensor) =>
              sphereConv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, { ...opts, pool: 2 });
            const a = poolAfterG(x, w);
            const b = poolBeforeG(x, w);
            expect(b.shape).toEqual(a.shape);
            expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-6);
            const r = tf.randomNormal(a.shape, 0, 1, 'float32', 4);
            const ga = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(poolAfterG(xi, wi), r)))([
              x,
              w,
            ]);
            const gb = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(poolBeforeG(xi, wi), r)))([
              x,
              w,
            ]);
            for (let i = 0; i < 2; i++) {
              expect(tf.max(tf.abs(ga[i])).dataSync()[0]).toBeGreaterThan(1e-3);
              expect(maxAbsDiff(ga[i].dataSync(), gb[i].dataSync())).toBeLessThan(1e-5);
            }
          }
        }
      }
      setAngularImpl('auto');
    },
  );

  it.each(operators)('%s: no NaN/Inf forward or backward on all-zero inputs and kernels', (operator) => {
    const rand = seededRandom(11);
    const cases = [
      { x: tf.zeros([2, 5, 5, 3]), w: tf.tensor4d(randomArray(27 * 4, rand), [3, 3, 3, 4]) },
      { x: tf.randomUniform([2, 5, 5, 3], 0, 1, 'float32', 1), w: tf.zeros([3, 3, 3, 4]) },
      { x: tf.zeros([2, 5, 5, 3]), w: tf.zeros([3, 3, 3, 4]) },
    ];
    for (const { x, w } of cases) {
      const kRaw = tf.tensor1d([0.7, 0.7, 0.7, 0.7]);
      const f = (xi: tf.Tensor, wi: tf.Tensor, ki: tf.Tensor) =>
        tf.sum(
          sphereConv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, {
            operator,
            k: operator === 'learnable-sigmoid' ? tf.add(tf.abs(ki), 0.05) : 0.3,
          }),
        );
      const value = f(x, w, kRaw);
      const learnable = operator === 'learnable-sigmoid';
      const grads = learnable
        ? tf.grads(f)([x, w, kRaw])
        : tf.grads((xi: tf.Tensor, wi: tf.Tensor) => f(xi, wi, kRaw))([x, w]);
      for (const t of [value, ...grads]) {
        expect(tf.all(tf.isFinite(t)).dataSync()[0]).toBe(1);
      }
    }
  });

  it('sphereDense equals a 1×1 SphereConv over the same vectors', () => {
    const rand = seededRandom(5);
    const x = tf.tensor2d(randomArray(6 * 8, rand), [6, 8]);
    const w = tf.tensor2d(randomArray(8 * 3, rand), [8, 3]);
    for (const operator of operators) {
      const k = operator === 'learnable-sigmoid' ? tf.tensor1d([0.1, 0.5, 0.9]) : 0.3;
      const dense = sphereDense(x, w, { operator, k });
      const conv = sphereConv2d(x.reshape([6, 1, 1, 8]), w.reshape([1, 1, 8, 3]), { operator, k });
      expect(maxAbsDiff(dense.dataSync(), conv.dataSync())).toBeLessThan(1e-6);
    }
  });
});
