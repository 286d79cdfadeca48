import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SphereOperator } from '../../../../sphere/angular';
import { ANGULAR_KERNELS, angularFromCos, pooledAngularFromCos } from '../../../../sphere/angularTensor';
import { randomArray, seededRandom } from '../../../../sphere/testing/testReference';
import * as tf from '../../../../tfjs';
import { initWasmBackend } from '../../../backends/testBackend';
import { setSimdKernelsEnabled } from '../simd/simdKernels';

/**
 * The pool + operator kernels (./poolAngular.ts) against what they replaced: tf.maxPool, then
 * the operator (angularFromCos), then tf.js' gradients of both (Multiply, MaxPoolGrad).
 */
beforeAll(initWasmBackend);
afterAll(() => setSimdKernelsEnabled(true));

type Case = { operator: SphereOperator; k: number; relu: boolean };

/** g and dL/dcos for L = Σ r ⊙ op(cos), as float32 arrays. */
function valueAndGradient(op: (c: tf.Tensor4D) => tf.Tensor, cos: tf.Tensor4D): Float32Array[] {
  const tensors = tf.tidy(() => {
    const value = op(cos);
    const r = tf.randomUniform(value.shape, -1, 1, 'float32', 3);
    const grad = tf.grad((c: tf.Tensor) => tf.sum(tf.mul(op(c as tf.Tensor4D), r)))(cos);
    return [value, grad];
  });
  const out = tensors.map((t) => t.dataSync().slice() as Float32Array);
  tf.dispose(tensors);
  return out;
}

const pooledOp = (c: Case) => (cos: tf.Tensor4D) =>
  pooledAngularFromCos(cos, c.operator, c.k, { relu: c.relu, pool: 2 });
const plainOp = (c: Case) => (cos: tf.Tensor4D) =>
  angularFromCos(tf.maxPool(cos, 2, 2, 'valid'), c.operator, c.k, { relu: c.relu });

/** Cosines in [−1, 1] with ties: exact zeros (blank MNIST patches) and repeated values in windows. */
function cosines(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const values = randomArray(
    shape.reduce((a, b) => a * b, 1),
    seededRandom(seed),
    -1,
    1,
  );
  for (let i = 0; i < values.length; i += 7) values[i] = 0;
  for (let i = 3; i + shape[3] < values.length; i += 11) values[i + shape[3]] = values[i];
  values[0] = 1;
  values[1] = -1;
  return tf.tensor4d(values, shape);
}

const CASES: Case[] = [
  { operator: 'sigmoid', k: 0.3, relu: true }, // the Lab default
  { operator: 'sigmoid', k: 0.5, relu: false },
  { operator: 'linear', k: 1, relu: true },
];
const SHAPES: [number, number, number, number][] = [
  [2, 6, 8, 16], // even sides, 4 channel groups
  [1, 7, 5, 8], // odd sides: the last row and column are in no window
  [2, 4, 4, 3], // 3 channels: the JavaScript loop
  [1, 4, 6, 5], // 5 channels: the JavaScript loop too (the SIMD loop needs whole groups of 4)
];

for (const simd of [true, false])
  describe(`pool + operator on wasm ${simd ? '(SIMD)' : '(JavaScript loops)'}`, () => {
    beforeAll(() => setSimdKernelsEnabled(simd));
    afterAll(() => setSimdKernelsEnabled(true));
    for (const shape of SHAPES)
      for (const c of CASES)
        it(`${c.operator} k=${c.k} relu=${c.relu}, cos ${shape}: the old path's value and gradient, bit for bit`, () => {
          const cos = cosines(shape, shape[1] * 10 + shape[3]);
          const [value, grad] = valueAndGradient(pooledOp(c), cos);
          const [refValue, refGrad] = valueAndGradient(plainOp(c), cos);
          expect(Array.from(value)).toEqual(Array.from(refValue));
          expect(Array.from(grad)).toEqual(Array.from(refGrad));
          // Not vacuous: both have non-zero entries.
          expect(value.some((v) => v !== 0) && grad.some((v) => v !== 0)).toBe(true);
          cos.dispose();
        });
  });

it('runs one kernel each way: no MaxPool, MaxPoolGrad or Multiply', async () => {
  const cos = cosines([2, 6, 6, 8], 5);
  const info = await tf.profile(() =>
    tf.tidy(() => tf.grad((c: tf.Tensor) => tf.sum(pooledOp(CASES[0])(c as tf.Tensor4D)))(cos)),
  );
  const names = info.kernels.map((k) => k.name);
  expect(names).toContain(ANGULAR_KERNELS.pooled);
  expect(names).toContain(ANGULAR_KERNELS.pooledGrad);
  for (const gone of ['MaxPool', 'MaxPoolGrad', ANGULAR_KERNELS.fixed]) expect(names).not.toContain(gone);
  // dy·dg/dc is inside the gradient kernel (the only Multiply left is tf.sum's gradient's).
  const pooledProducts = info.kernels.filter(
    (k) => k.name === 'Multiply' && JSON.stringify(k.inputShapes[0]) === JSON.stringify([2, 3, 3, 8]),
  );
  expect(pooledProducts).toEqual([]);
  cos.dispose();
});

it('keeps the old path where it does not apply: learnable k, cosine, other pool sizes', async () => {
  const cos = cosines([1, 6, 6, 4], 6);
  const k = tf.tensor1d([0.2, 0.4, 0.8, 1.6]);
  for (const run of [
    () => pooledAngularFromCos(cos, 'learnable-sigmoid', k, { relu: true, pool: 2 }),
    () => pooledAngularFromCos(cos, 'cosine', 0.3, { relu: true, pool: 2 }),
    () => pooledAngularFromCos(cos, 'sigmoid', 0.3, { relu: true, pool: 3 }),
  ]) {
    const info = await tf.profile(() => tf.tidy(run));
    expect(info.kernels.map((kr) => kr.name)).not.toContain(ANGULAR_KERNELS.pooled);
  }
  tf.dispose([cos, k]);
});

it('leaves no tensors behind', () => {
  const cos = cosines([2, 6, 6, 8], 7);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) {
    tf.dispose(pooledOp(CASES[0])(cos));
    tf.dispose(tf.grad((c: tf.Tensor) => tf.sum(pooledOp(CASES[1])(c as tf.Tensor4D)))(cos));
  }
  expect(tf.memory().numTensors).toBe(before);
  cos.dispose();
});
