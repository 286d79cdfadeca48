import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import * as tf from '../tfjs';
import { scaleEachPosition } from './positionScale';
import { checkCustomOp } from './testing/gradientCheck';

beforeAll(async () => {
  await initWasmBackend();
  await tf.setBackend('cpu');
});
afterAll(initWasmBackend);

/** z ⊙ r in float64: r holds one factor per position (z's last axis is the channels). */
function scaleFloat64([z, r]: Float64Array[]): Float64Array {
  const channels = z.length / r.length;
  return z.map((v, i) => v * r[Math.floor(i / channels)]);
}

describe('scaleEachPosition (the cpu backend’s loop, gradient check)', () => {
  it.each([
    [
      [3, 4, 5, 6],
      [3, 4, 5, 1],
    ],
    [
      [7, 6],
      [7, 1],
    ],
  ])('z %j, r %j: values and both gradients', async (zShape, rShape) => {
    expect(tf.getBackend()).toBe('cpu');
    await checkCustomOp({
      name: `scaleEachPosition ${zShape.length}-D`,
      inputs: [tf.randomNormal(zShape, 0, 1, 'float32', 1), tf.randomUniform(rShape, 0.1, 2, 'float32', 2)],
      custom: ([z, r]) => scaleEachPosition(z, r),
      reference: ([z, r]) => tf.mul(z, r),
      float64: scaleFloat64,
    });
  });

  it('leaks no tensors', () => {
    const z = tf.randomNormal([3, 4, 5, 6], 0, 1, 'float32', 1);
    const r = tf.randomUniform([3, 4, 5, 1], 0.1, 2, 'float32', 2);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(scaleEachPosition(a, b)))([z, r]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
