import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';
import { RELU_GRAD_KERNEL } from './reluGrad';
import { setSimdKernelsEnabled } from './simd/simdKernels';

beforeAll(initWasmBackend);
afterEach(() => setSimdKernelsEnabled(true));

/** d/dx of Σ relu(x)·r on wasm, and the kernels that ran; SIMD on: our kernel, off: tf.js' mul(dy, step(x)). */
async function reluGrad(simd: boolean, x: Float32Array, r: Float32Array) {
  setSimdKernelsEnabled(simd);
  const xt = tf.tensor1d(x);
  const rt = tf.tensor1d(r);
  const info = await tf.profile(() => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(v), rt)))(xt));
  const result = info.result as tf.Tensor;
  const values = Array.from(result.dataSync());
  tf.dispose([xt, rt, result]);
  return { values, kernels: info.kernels.map((k) => k.name) };
}

const special = [Number.NaN, 0, -0, 1, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-30, -1e-30];

describe('the ReLU gradient on wasm (one SIMD pass)', () => {
  for (const n of [4096, 37, 3]) {
    it(`${n} elements: the same bits as tf.js' mul(dy, step(x)), NaN, ±0 and ±∞ included`, async () => {
      const x = Float32Array.from({ length: n }, (_, i) =>
        i < special.length ? special[i] : Math.sin(i * 1.7),
      );
      // dy: negative values (−0 products), infinities (∞·0 = NaN) and NaN against every x above.
      const r = Float32Array.from({ length: n }, (_, i) =>
        i < special.length ? special[(i * 5 + 2) % special.length] : Math.cos(i * 0.3) - 0.5,
      );
      const fast = await reluGrad(true, x, r);
      const plain = await reluGrad(false, x, r);
      expect(fast.kernels).toContain(RELU_GRAD_KERNEL);
      expect(fast.kernels).not.toContain('Step');
      expect(plain.kernels).toContain('Step');
      expect(plain.kernels).not.toContain(RELU_GRAD_KERNEL);
      expect(fast.values.map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
        plain.values.map((v) => (Object.is(v, -0) ? '-0' : v)),
      );
    });
  }

  it('other backends keep tf.js’ gradient', async () => {
    await tf.setBackend('cpu');
    try {
      const info = await tf.profile(() =>
        tf.grad((v: tf.Tensor) => tf.sum(tf.relu(v)))(tf.tensor1d([1, -1, 2, 3])),
      );
      expect(info.kernels.map((k) => k.name)).toContain('Step');
      expect(Array.from((info.result as tf.Tensor).dataSync())).toEqual([1, 0, 1, 1]);
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('leaves no tensors behind', () => {
    const x = tf.randomNormal([8, 16]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) tf.dispose(tf.grad((v: tf.Tensor) => tf.sum(tf.relu(v)))(x));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
