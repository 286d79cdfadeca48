import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/testBackend';
import * as tf from '../tfjs';
import type { SphereOperator } from './angular';
import { type AngularImpl, setAngularImpl } from './angularTensor';
import { SphereConv2D } from './layers';
import { sphereConv2d } from './sphereConv';
import { randomArray, seededRandom } from './testReference';

beforeAll(initWasmBackend);

/**
 * Directional finite differences: for random directions D, (L(p + εD) − L(p − εD)) / 2ε must match
 * ⟨∇L, D⟩. L = Σ R ⊙ sphereConv2d(x, w; |k| + 0.05) with a fixed random R.
 */
function checkGradients(operator: SphereOperator, impl: AngularImpl, seed: number): void {
  setAngularImpl(impl);
  const rand = seededRandom(seed);
  const xShape: [number, number, number, number] = [2, 6, 6, 3];
  const wShape: [number, number, number, number] = [3, 3, 3, 4];
  const params = [
    tf.tensor4d(randomArray(2 * 6 * 6 * 3, rand, -0.5, 1), xShape),
    tf.tensor4d(randomArray(3 * 3 * 3 * 4, rand), wShape),
    tf.tensor1d([0.3, 0.5, 0.8, 1.2]),
  ];
  const r = tf.tensor4d(randomArray(2 * 6 * 6 * 4, rand), [2, 6, 6, 4]);
  const learnable = operator === 'learnable-sigmoid';
  const loss = (x: tf.Tensor, w: tf.Tensor, k: tf.Tensor) =>
    tf.sum(
      tf.mul(
        r,
        sphereConv2d(x as tf.Tensor4D, w as tf.Tensor4D, {
          operator,
          k: learnable ? tf.add(tf.abs(k), 0.05) : 0.3,
          padding: 'same',
        }),
      ),
    );
  const wrt = learnable ? [0, 1, 2] : [0, 1];
  const grads = tf.grads((...ps: tf.Tensor[]) => loss(ps[0], ps[1], learnable ? ps[2] : params[2]))(
    wrt.map((i) => params[i]),
  );
  wrt.forEach((which, gi) => {
    for (let trial = 0; trial < 3; trial++) {
      const d = tf.tensor(randomArray(params[which].size, rand), params[which].shape);
      const eps = 1e-2;
      const at = (sign: number) => {
        const p = params.map((t, i) => (i === which ? tf.add(t, tf.mul(d, sign * eps)) : t));
        return loss(p[0], p[1], p[2]).dataSync()[0];
      };
      const numeric = (at(1) - at(-1)) / (2 * eps);
      const analytic = tf.sum(tf.mul(grads[gi], d)).dataSync()[0];
      expect(Math.abs(numeric - analytic)).toBeLessThan(2e-2 * Math.max(1, Math.abs(analytic)));
    }
  });
  setAngularImpl('auto');
}

describe.each(['fused', 'composite'] as AngularImpl[])('finite-difference gradients (%s)', (impl) => {
  it.each(['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'] as SphereOperator[])(
    '%s: x, w (and k) gradients match',
    (operator) => {
      checkGradients(operator, impl, 17);
    },
  );
});

describe('learnable k', () => {
  it('changes in training', () => {
    const layer = new SphereConv2D({ filters: 4, kernelSize: 3, operator: 'learnable-sigmoid', seed: 3 });
    const x = tf.randomUniform([4, 8, 8, 2], 0, 1, 'float32', 5);
    const target = tf.randomUniform([4, 8, 8, 4], -1, 1, 'float32', 6);
    layer.apply(x);
    const k0 = layer.learnableK()!.dataSync().slice();
    expect(Array.from(k0)).toEqual([0.75, 0.75, 0.75, 0.75].map(Math.fround));
    const opt = tf.train.adam(0.05);
    for (let i = 0; i < 20; i++) {
      opt.minimize(() => tf.mean(tf.square(tf.sub(layer.apply(x) as tf.Tensor, target))) as tf.Scalar);
    }
    const k1 = layer.learnableK()!.dataSync();
    for (let j = 0; j < 4; j++) expect(Math.abs(k1[j] - k0[j])).toBeGreaterThan(1e-3);
  });
});
