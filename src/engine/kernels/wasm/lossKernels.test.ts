import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../sphere/buildModel';
import {
  KERNELS,
  scaledSumSquares,
  scaledSumSquaresAvailable,
  softmaxCrossEntropyFused,
  softmaxCrossEntropyFusedAvailable,
} from '../../../sphere/fusedSphereOps';
import { checkCustomOp } from '../../../sphere/testing/gradientCheck';
import { seededRandom } from '../../../sphere/testing/testReference';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';

/**
 * The loss terms as one kernel each way (./lossKernels.ts) against tf.js' ops and float64:
 * weight decay's scale·Σw², and softmax cross-entropy with label smoothing (batch mean).
 */

function weights(shape: number[], seed: number): tf.Tensor {
  const rand = seededRandom(seed);
  const n = shape.reduce((p, s) => p * s, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => 3 * (2 * rand() - 1) + 0.5),
    shape,
  );
}

describe('loss-term kernels (wasm and cpu)', () => {
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

  for (const backend of ['wasm', 'cpu'])
    for (const [rows, classes, smoothing] of [
      [7, 10, 0],
      [5, 3, 0.1],
      [1, 13, 0.01],
    ])
      it(`softmax cross-entropy and its gradient as tf.losses and float64 (${backend}, ${rows}×${classes}, ε ${smoothing})`, async () => {
        await tf.setBackend(backend);
        expect(softmaxCrossEntropyFusedAvailable()).toBe(true);
        const z = weights([rows, classes], rows + classes); // logits within ±3.5
        const ids = Int32Array.from({ length: rows }, (_, b) => (b * 7 + 3) % classes);
        const labels = tf.tensor1d(ids, 'int32');
        await checkCustomOp({
          name: `softmax CE ${backend}`,
          inputs: [z, labels],
          wrt: [0],
          custom: ([a, l]) => softmaxCrossEntropyFused(l, a as tf.Tensor2D, smoothing),
          reference: ([a, l]) =>
            tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(l, 'int32'), classes), a, undefined, smoothing),
          float64: ([a, l]) => {
            let total = 0;
            for (let b = 0; b < rows; b++) {
              const row = Array.from(a.subarray(b * classes, (b + 1) * classes));
              const m = Math.max(...row);
              const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
              row.forEach((v, c) => {
                total += ((c === l[b] ? 1 - smoothing : 0) + smoothing / classes) * (lse - v);
              });
            }
            return Float64Array.of(total / rows);
          },
          rtol: 1e-5,
        });
        // Shifted by 800 (exp overflows unless the max is subtracted): the same loss, up to the
        // shifted logits' float32 rounding (6e-5).
        const moved = tf.add(z, 800);
        const [plain, shifted] = [z, moved].map((a) =>
          softmaxCrossEntropyFused(labels, a as tf.Tensor2D, smoothing),
        );
        expect(Math.abs(shifted.dataSync()[0] - plain.dataSync()[0])).toBeLessThan(1e-4);
        tf.dispose([z, moved, labels, plain, shifted]);
      });

  it('a decayed net runs the loss kernels, not square/sum/multiply per weight nor oneHot/exp/log', async () => {
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
    expect(names.filter((n) => n === KERNELS.softmaxCE || n === KERNELS.softmaxCEGrad).length).toBe(2);
    expect(names.filter((n) => /^(Square|OneHot|Exp|Log|Softmax)$/.test(n))).toEqual([]);
    tf.dispose([xs, labels]);
    net.dispose();
  });
});
