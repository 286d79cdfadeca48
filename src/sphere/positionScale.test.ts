import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/testBackend';
import * as tf from '../tfjs';
import { scaleEachPosition } from './positionScale';

beforeAll(async () => {
  await initWasmBackend();
  await tf.setBackend('cpu');
});
afterAll(initWasmBackend);

describe('scaleEachPosition (the cpu backend’s loop)', () => {
  it('equals tf.mul with broadcasting, values and both gradients, without leaking tensors', () => {
    const z = tf.randomNormal([3, 4, 5, 6], 0, 1, 'float32', 1);
    const r = tf.randomUniform([3, 4, 5, 1], 0.1, 2, 'float32', 2);
    const dy = tf.randomNormal([3, 4, 5, 6], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const loss = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(f(a, b), dy));
    const [mine, ref] = [scaleEachPosition, tf.mul].map((f) =>
      tf.tidy(() => [f(z, r), ...tf.grads(loss(f))([z, r])].map((t) => Array.from(t.dataSync()))),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(mine.map((a) => a.length)).toEqual([360, 360, 60]);
    for (let t = 0; t < 3; t++) {
      for (let i = 0; i < ref[t].length; i++) expect(mine[t][i]).toBeCloseTo(ref[t][i], 5);
    }
  });
});
