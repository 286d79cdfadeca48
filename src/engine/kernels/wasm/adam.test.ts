import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativeMaxError } from '../../../sphere/testing/gradientCheck';
import { seededRandom } from '../../../sphere/testing/testReference';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';
import { makeOptimizer } from '../../train/optimizers';
import { FusedAdam, fusedAdamActive } from '../webgpu/adam';

/** Weights of a few shapes (a conv kernel, a bias, a scalar) after `steps` steps of `opt`. */
function train(opt: tf.Optimizer, steps: number): Float32Array[] {
  const rand = seededRandom(4);
  const init = (shape: number[]) =>
    tf.variable(
      tf.tensor(
        Float32Array.from({ length: shape.reduce((p, s) => p * s, 1) }, () => rand() - 0.5),
        shape,
      ),
    );
  const vars = [init([3, 3, 2, 4]), init([4]), init([])];
  const target = tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 8);
  for (let i = 0; i < steps; i++) {
    const loss = opt.minimize(() => {
      // Gradients of different sizes and signs each step (the square makes them change with w).
      const a = tf.sum(tf.square(tf.sub(tf.mul(vars[0], vars[1]), target)));
      return tf.add(a, tf.mul(tf.square(vars[2]), i + 1)) as tf.Scalar;
    }, true);
    loss?.dispose();
  }
  const out = vars.map((v) => v.dataSync().slice() as Float32Array);
  tf.dispose([...vars, target]);
  return out;
}

describe('FusedAdam on wasm and cpu (JS kernels) against tf.train.adam', () => {
  beforeAll(initWasmBackend);
  afterAll(() => tf.setBackend('wasm'));

  for (const backend of ['wasm', 'cpu'])
    it(`six steps give the same weights within 1e-5 (${backend})`, async () => {
      await tf.setBackend(backend);
      expect(fusedAdamActive()).toBe(true);
      expect(makeOptimizer('adam', 0.05)).toBeInstanceOf(FusedAdam);
      const fused = new FusedAdam(0.05);
      const plain = tf.train.adam(0.05);
      const a = train(fused, 6);
      const b = train(plain, 6);
      const start = train(tf.train.adam(0), 1);
      for (let i = 0; i < a.length; i++) {
        expect(relativeMaxError(a[i], b[i])).toBeLessThan(1e-5);
        // The weights moved (six steps of ~lr each), so the comparison is not vacuous.
        expect(relativeMaxError(a[i], start[i])).toBeGreaterThan(1e-2);
      }
      const before = tf.memory().numTensors;
      fused.dispose();
      plain.dispose();
      expect(tf.memory().numTensors).toBeLessThan(before);
    });
});
