import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../sphere/buildModel';
import { KERNELS, scaledSumSquares, scaledSumSquaresAvailable } from '../../../sphere/fusedSphereOps';
import { checkCustomOp } from '../../../sphere/testing/gradientCheck';
import { seededRandom } from '../../../sphere/testing/testReference';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';

/** Weight decay's scale·Σw² as one kernel each way (./weightDecay.ts) against tf.js' ops and float64. */

function weights(shape: number[], seed: number): tf.Tensor {
  const rand = seededRandom(seed);
  const n = shape.reduce((p, s) => p * s, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => 3 * (2 * rand() - 1) + 0.5),
    shape,
  );
}

describe('weight decay kernels (wasm and cpu)', () => {
  beforeAll(initWasmBackend);
  afterAll(() => tf.setBackend('wasm'));

  for (const backend of ['wasm', 'cpu'])
    for (const shape of [[7], [3, 3, 5, 6], [1], [33, 10]])
      it(`scale·Σw² and its gradient as tf.js' ops and float64 (${backend}, ${shape.join('×')})`, async () => {
        await tf.setBackend(backend);
        expect(scaledSumSquaresAvailable()).toBe(true);
        const w = weights(shape, shape.length + shape[0]);
        const scale = 2.5e-4;
        await checkCustomOp({
          name: `sumSq ${backend}`,
          inputs: [w],
          custom: ([a]) => scaledSumSquares(a, scale),
          reference: ([a]) => tf.mul(tf.sum(tf.square(a)), scale),
          float64: ([a]) => Float64Array.of(a.reduce((s, v) => s + v * v, 0) * scale),
          rtol: 1e-5,
          fdStep: 1e-4,
        });
        w.dispose();
      });

  it('a decayed net runs the two kernels, not square/sum/multiply per weight', async () => {
    const net = buildModel({
      kind: 'baseline',
      operator: 'cosine',
      widths: [4],
      depth: 1,
      norm: 'bn',
      inputShape: [6, 6, 1],
      numClasses: 3,
      weightDecay: 5e-4,
    });
    const xs = weights([2, 6, 6, 1], 9) as tf.Tensor4D;
    const labels = tf.tensor1d([0, 2], 'int32');
    const info = await tf.profile(() => tf.tidy(() => tf.variableGrads(() => net.loss(xs, labels)).value));
    const names = info.kernels.map((k) => k.name);
    // Decayed: the conv kernel, BN's γ and β, the classifier.
    expect(names.filter((n) => n === KERNELS.sumSq).length).toBe(4);
    expect(names.filter((n) => n === KERNELS.sumSqGrad).length).toBe(4);
    expect(names).not.toContain('Square');
    tf.dispose([xs, labels]);
    net.dispose();
  });
});
