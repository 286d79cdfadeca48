import { beforeAll, describe, expect, it } from 'vitest';
import { checkCustomOp } from '../../../sphere/testing/gradientCheck';
import { referenceConv2d } from '../../../sphere/testing/testReference';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';
import { conv2dFilterGradient } from './gradientKernels';
import { setSimdKernelsEnabled } from './simd/simdKernels';

function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

/**
 * conv2d's gradients on wasm run our Conv2DBackpropFilter and (stride 1) Conv2DBackpropInput;
 * the reference is tfjs-cpu's own kernels, and a plain float64 conv differentiated numerically.
 */
describe('wasm Conv2DBackpropFilter and Conv2DBackpropInput (gradient check)', () => {
  beforeAll(initWasmBackend);

  const cases: [number[], number[], number, 'same' | 'valid'][] = [
    [[2, 8, 8, 1], [3, 3, 1, 4], 1, 'same'],
    [[3, 9, 7, 3], [3, 3, 3, 5], 1, 'valid'],
    [[2, 9, 9, 2], [3, 3, 2, 4], 2, 'same'],
    [[2, 10, 10, 2], [3, 3, 2, 3], 2, 'valid'],
    [[2, 11, 11, 2], [5, 5, 2, 3], 3, 'same'],
    [[1, 6, 6, 4], [1, 1, 4, 6], 1, 'valid'],
    [[4, 7, 7, 2], [2, 2, 2, 3], 2, 'valid'],
    [[2, 6, 6, 3], [6, 6, 3, 2], 1, 'valid'],
    [[2, 6, 7, 2], [2, 4, 2, 3], 1, 'same'],
    // cin % 4 = 0, cout % 8 = 0, stride 1: ./simd/convFilterGradNhwc.wat (several 4 × 8 blocks,
    // asymmetric 'same' padding, a filter larger than the image so that some taps meet no input).
    [[2, 8, 8, 4], [3, 3, 4, 8], 1, 'same'],
    [[3, 9, 7, 8], [3, 3, 8, 16], 1, 'valid'],
    [[2, 6, 7, 4], [2, 4, 4, 8], 1, 'same'],
    [[2, 3, 3, 4], [5, 5, 4, 8], 1, 'same'],
    [[1, 6, 6, 12], [1, 1, 12, 8], 1, 'valid'],
  ];
  for (const [xs, ws, s, pad] of cases) {
    it(`x${xs} w${ws} stride ${s} ${pad}`, async () => {
      expect(tf.getBackend()).toBe('wasm');
      const conv = ([x, w]: tf.Tensor[]) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad);
      await checkCustomOp({
        name: `conv2d x${xs} w${ws} s${s} ${pad}`,
        inputs: [seeded(xs, 1), seeded(ws, 2)],
        custom: conv,
        reference: conv,
        referenceBackend: 'cpu',
        float64: ([x, w]) => referenceConv2d(x, xs, w, ws, s, pad).out,
      });
    });
  }

  it('takes the SIMD filter gradient for cin % 4 = 0 and cout % 8 = 0 (no patches, no matrix product)', async () => {
    await tf.setBackend('wasm');
    const x = seeded([2, 8, 8, 4], 5) as tf.Tensor4D;
    const w = seeded([3, 3, 4, 8], 6) as tf.Tensor4D;
    const dy = seeded([2, 8, 8, 8], 7) as tf.Tensor4D;
    const filterGrad = () => conv2dFilterGradient(x, dy, w.shape);
    const info = await tf.profile(filterGrad);
    expect(info.kernels.map((k) => k.name)).toEqual(['Conv2DBackpropFilter']);
    // The blocked SIMD sums against the product of transposed patches (the path it replaced),
    // both float32 in different orders: equal up to rounding.
    const viaSimd = filterGrad();
    setSimdKernelsEnabled(false);
    const viaProduct = filterGrad();
    setSimdKernelsEnabled(true);
    const [a, b] = [viaSimd.dataSync(), viaProduct.dataSync()];
    for (let i = 0; i < a.length; i++)
      expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4 * (1 + Math.abs(b[i])));
    tf.dispose([x, w, dy, info.result as tf.Tensor, viaSimd, viaProduct]);
  });

  it('does not leak tensors', async () => {
    await tf.setBackend('wasm');
    const x = seeded([2, 8, 8, 2], 3);
    const w = tf.variable(seeded([3, 3, 2, 4], 4));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      const g = tf.grad((v: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, v as tf.Tensor4D, 1, 'same').sum())(w);
      g.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
