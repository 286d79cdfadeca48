import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import { setSimdKernelsEnabled } from '../engine/kernels/wasm/simd/simdKernels';
import * as tf from '../tfjs';
import { POSITION_SCALE_KERNELS, scaleEachPosition } from './positionScale';
import { checkCustomOp } from './testing/gradientCheck';

beforeAll(initWasmBackend);
afterAll(async () => {
  setSimdKernelsEnabled(true);
  await tf.setBackend('wasm');
});

/** z ⊙ r in float64: r holds one factor per position (z's last axis is the channels). */
function scaleFloat64([z, r]: Float64Array[]): Float64Array {
  const channels = z.length / r.length;
  return z.map((v, i) => v * r[Math.floor(i / channels)]);
}

const SHAPES: [number[], number[]][] = [
  [
    [3, 4, 5, 6],
    [3, 4, 5, 1],
  ],
  [
    [2, 5, 3, 16],
    [2, 5, 3, 1],
  ],
  [
    [7, 12],
    [7, 1],
  ],
];

// wasm with its SIMD loops (channels a multiple of 4) and without; cpu: the plain loops.
for (const [backend, simd] of [
  ['wasm', true],
  ['wasm', false],
  ['cpu', false],
] as const) {
  describe(`scaleEachPosition on ${backend}${simd ? ' (SIMD)' : ''}: values and both gradients`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
      setSimdKernelsEnabled(simd);
    });

    it.each(SHAPES)('z %j, r %j', async (zShape, rShape) => {
      expect(tf.getBackend()).toBe(backend);
      await checkCustomOp({
        name: `scaleEachPosition ${zShape.join('x')} ${backend}`,
        inputs: [tf.randomNormal(zShape, 0, 1, 'float32', 1), tf.randomUniform(rShape, 0.1, 2, 'float32', 2)],
        custom: ([z, r]) => scaleEachPosition(z, r),
        reference: ([z, r]) => tf.mul(z, r),
        referenceBackend: 'cpu',
        float64: scaleFloat64,
      });
      expect(tf.getBackend()).toBe(backend);
    });

    it('runs its own kernels forward and backward', async () => {
      const z = tf.randomNormal([2, 3, 3, 8], 0, 1, 'float32', 3);
      const r = tf.randomUniform([2, 3, 3, 1], 0.1, 2, 'float32', 4);
      const info = await tf.profile(() =>
        tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(scaleEachPosition(a, b)))([z, r])),
      );
      const names = info.kernels.map((k) => k.name);
      expect(names).toContain(POSITION_SCALE_KERNELS.scale);
      expect(names).toContain(POSITION_SCALE_KERNELS.dot);
      tf.dispose([z, r]);
    });

    it('leaks no tensors', () => {
      const z = tf.randomNormal([3, 4, 5, 8], 0, 1, 'float32', 1);
      const r = tf.randomUniform([3, 4, 5, 1], 0.1, 2, 'float32', 2);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++)
        tf.tidy(() => {
          tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(scaleEachPosition(a, b)))([z, r]);
        });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([z, r]);
    });
  });
}

it('refuses an r that is not one value per position', () => {
  expect(() => scaleEachPosition(tf.zeros([2, 3, 4]), tf.zeros([2, 3, 2]))).toThrow(/one value per position/);
});
