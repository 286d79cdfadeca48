import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANGULAR_KERNELS, angularFromCos } from '../../../../sphere/angularTensor';
import { randomArray, seededRandom } from '../../../../sphere/testing/testReference';
import * as tf from '../../../../tfjs';
import { initWasmBackend } from '../../../backends/testBackend';

/**
 * The operator kernels (./angular.ts) against the path they replaced on wasm and cpu: the same
 * table loop on arrays copied out with dataSync (taken when the kernel is not registered). The
 * gradient checks against tf.js' own ops and the paper's formulas are in src/sphere/gradients.test.ts.
 */
type Case = { operator: 'linear' | 'sigmoid' | 'learnable-sigmoid'; relu: boolean };

function valueAndGrads(c: tf.Tensor, k: tf.Tensor, { operator, relu }: Case): Float32Array[] {
  const r = tf.randomUniform(c.shape, -1, 1, 'float32', 2);
  const f = (ci: tf.Tensor, ki: tf.Tensor) =>
    tf.sum(tf.mul(angularFromCos(ci, operator, operator === 'learnable-sigmoid' ? ki : 0.3, { relu }), r));
  const value = angularFromCos(c, operator, operator === 'learnable-sigmoid' ? k : 0.3, { relu });
  // k has a gradient only when it is learnable.
  const grads =
    operator === 'learnable-sigmoid' ? tf.grads(f)([c, k]) : [tf.grad((ci: tf.Tensor) => f(ci, k))(c)];
  const out = [value, ...grads].map((t) => t.dataSync().slice() as Float32Array);
  tf.dispose([r, value, ...grads]);
  return out;
}

/** Runs f with the kernel `name` unregistered on the current backend (the dataSync path). */
function withoutKernel<T>(name: string, f: () => T): T {
  const config = tf.getKernel(name, tf.getBackend());
  if (!config) throw new Error(`${name} is not registered on ${tf.getBackend()}`);
  tf.unregisterKernel(name, tf.getBackend());
  try {
    return f();
  } finally {
    tf.registerKernel(config);
  }
}

describe('SphereConv operator kernels (wasm, cpu) against the dataSync path', () => {
  beforeAll(initWasmBackend);
  afterAll(() => tf.setBackend('wasm'));

  const cases: Case[] = [
    { operator: 'linear', relu: false },
    { operator: 'sigmoid', relu: true },
    { operator: 'sigmoid', relu: false },
    { operator: 'learnable-sigmoid', relu: true },
    { operator: 'learnable-sigmoid', relu: false },
  ];
  for (const backend of ['wasm', 'cpu'])
    it(`values and gradients are the same either way (${backend})`, async () => {
      await tf.setBackend(backend);
      // Cosines up to ±1 (some clamped) and exact zeros (the relu boundary), 3 channels.
      const values = randomArray(2 * 5 * 5 * 3, seededRandom(31), -1, 1);
      values[0] = 1;
      values[1] = -1;
      values[2] = 0;
      const c = tf.tensor4d(values, [2, 5, 5, 3]);
      const k = tf.tensor1d([0.1, 0.4, 1.2]);
      for (const cse of cases) {
        const name =
          cse.operator === 'learnable-sigmoid' ? ANGULAR_KERNELS.perChannel : ANGULAR_KERNELS.fixed;
        const kernel = valueAndGrads(c, k, cse);
        const plain = withoutKernel(name, () => valueAndGrads(c, k, cse));
        expect(kernel.length).toBe(plain.length);
        // g and dg/dc: the same bits. The k-gradient: the kernel sums in float64
        // (./angularPerChannel.ts), the dataSync path with tf.sum in float32, so a few ulp apart.
        for (let i = 0; i < 2; i++) expect(Array.from(kernel[i])).toEqual(Array.from(plain[i]));
        if (kernel[2])
          kernel[2].forEach((v, j) => {
            expect(v).toBeCloseTo(plain[2][j], 5);
          });
        // Not vacuous: the value and the cos gradient have non-zero entries.
        expect(kernel[0].some((v) => v !== 0) && kernel[1].some((v) => v !== 0)).toBe(true);
      }
      tf.dispose([c, k]);
    });
});

it('the backward pass makes no zero-filled tensors for the outputs that reach no loss (dg/dc, dg/dk)', async () => {
  await initWasmBackend();
  const c = tf.tensor4d(randomArray(2 * 6 * 6 * 4, seededRandom(5), -1, 1), [2, 6, 6, 4]);
  const k = tf.tensor1d([0.2, 0.4, 0.8, 1.6]);
  const r = tf.randomUniform(c.shape, -1, 1, 'float32', 2);
  const engine = tf.engine() as unknown as { makeTensor: (...args: unknown[]) => tf.Tensor };
  const made = engine.makeTensor;
  for (const operator of ['sigmoid', 'learnable-sigmoid'] as const) {
    const loss = (ci: tf.Tensor, ki: tf.Tensor) =>
      tf.sum(tf.mul(angularFromCos(ci, operator, operator === 'sigmoid' ? 0.3 : ki, { relu: true }), r));
    // All-zero arrays the engine makes into tensors while differentiating: tf.js fills a zero dy
    // that way for each output of a kernel that no loss reads.
    const zeros: number[] = [];
    engine.makeTensor = (...args: unknown[]) => {
      const values = args[0] as ArrayLike<number>;
      if (values.length > 1 && Array.prototype.every.call(values, (v: number) => v === 0))
        zeros.push(values.length);
      return made.apply(engine, args);
    };
    try {
      tf.dispose(
        operator === 'sigmoid' ? [tf.grad((ci: tf.Tensor) => loss(ci, k))(c)] : tf.grads(loss)([c, k]),
      );
    } finally {
      engine.makeTensor = made;
    }
    expect(zeros, `${operator}: zero-filled dy tensors`).toEqual([]);
  }
  tf.dispose([c, k, r]);
});
