import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativeMaxError } from '../../../sphere/testing/gradientCheck';
import { referenceConv2d } from '../../../sphere/testing/testReference';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';
import { takesDirectConv } from './conv2d';
import { heapOffset, setSimdKernelsEnabled, simdKernelsFor } from './simd/simdKernels';

/**
 * Conv2D on wasm through ./simd/conv2dNhwc.wat (stride 1, cout % 8 = 0) against a float64 conv
 * and wasm's built-in (XNNPACK) kernel, at widths that exercise every block path: a multiple of 4,
 * an overlapping last block (5, 7, 14), and rows narrower than 4 (one position at a time).
 * Its gradients run through it too (./gradientKernels.test.ts checks them numerically).
 */
const seeded = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('wasm Conv2D (SIMD, stride 1)', () => {
  beforeAll(initWasmBackend);
  afterAll(() => setSimdKernelsEnabled(true));

  const cases: [number[], number[], 'same' | 'valid'][] = [
    [[2, 28, 28, 1], [3, 3, 1, 16], 'same'],
    [[3, 14, 14, 16], [3, 3, 16, 32], 'same'],
    [[2, 7, 7, 32], [3, 3, 32, 8], 'same'],
    [[2, 9, 7, 3], [3, 3, 3, 24], 'valid'],
    [[1, 5, 3, 4], [5, 5, 4, 8], 'same'],
    [[2, 6, 8, 5], [2, 4, 5, 16], 'same'],
    [[1, 4, 4, 2], [1, 1, 2, 8], 'valid'],
    [[2, 5, 6, 3], [5, 6, 3, 8], 'valid'],
  ];
  for (const [xs, ws, pad] of cases)
    it(`x${xs} w${ws} ${pad}: as a float64 conv and XNNPACK`, () => {
      const [x, w] = [seeded(xs, 1) as tf.Tensor4D, seeded(ws, 2) as tf.Tensor4D];
      const simd = tf.conv2d(x, w, 1, pad);
      setSimdKernelsEnabled(false);
      const builtIn = tf.conv2d(x, w, 1, pad);
      setSimdKernelsEnabled(true);
      const ref = referenceConv2d(x.dataSync(), xs, w.dataSync(), ws, 1, pad);
      expect(simd.shape).toEqual(ref.shape);
      expect(relativeMaxError(simd.dataSync(), ref.out)).toBeLessThan(1e-5);
      expect(relativeMaxError(simd.dataSync(), builtIn.dataSync())).toBeLessThan(1e-5);
      tf.dispose([x, w, simd, builtIn]);
    });

  it('explicit padding, as the input gradient passes it (more below than above)', () => {
    const x = seeded([2, 6, 6, 4], 3) as tf.Tensor4D;
    const w = seeded([3, 3, 4, 8], 4) as tf.Tensor4D;
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [0, 2],
      [1, 2],
      [0, 0],
    ];
    const simd = tf.conv2d(x, w, 1, pad);
    setSimdKernelsEnabled(false);
    const builtIn = tf.conv2d(x, w, 1, pad);
    setSimdKernelsEnabled(true);
    expect(simd.shape).toEqual([2, 6, 7, 8]);
    expect(relativeMaxError(simd.dataSync(), builtIn.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, w, simd, builtIn]);
  });

  it('takes the SIMD path only for stride 1, no dilation, float32 and cout % 8 = 0', () => {
    const info = (ws: number[], stride = 1, dilation = 1) =>
      tf.backend_util.computeConv2DInfo(
        [2, 8, 8, 4],
        ws as [number, number, number, number],
        stride,
        dilation,
        'same',
      );
    expect(takesDirectConv(info([3, 3, 4, 8]), 'float32', 'float32')).toBe(true);
    expect(takesDirectConv(info([3, 3, 4, 12]), 'float32', 'float32')).toBe(false);
    expect(takesDirectConv(info([3, 3, 4, 8], 2), 'float32', 'float32')).toBe(false);
    expect(takesDirectConv(info([3, 3, 4, 8], 1, 2), 'float32', 'float32')).toBe(false);
    expect(takesDirectConv(info([3, 3, 4, 8]), 'int32', 'float32')).toBe(false);
  });

  it('pads with zeros around each image (padNhwc), whatever the output memory held', () => {
    const backend = tf.backend() as BackendWasm;
    const simd = simdKernelsFor(backend);
    if (!simd) throw new Error('no SIMD kernels on this wasm backend');
    const x = tf.tensor4d(
      Float32Array.from({ length: 2 * 2 * 3 * 2 }, (_, i) => i + 1),
      [2, 2, 3, 2],
    );
    const out = backend.makeOutput([2, 3, 6, 2], 'float32');
    (backend.typedArrayFromHeap(out) as Float32Array).fill(-1); // garbage the kernel must overwrite
    simd.padNhwc(heapOffset(backend, x), heapOffset(backend, out), 2, 2, 3, 2, 1, 0, 2, 1);
    const got = Array.from(backend.typedArrayFromHeap(out) as Float32Array);
    const at = (b: number, r: number, c: number, ch: number) => got[((b * 3 + r) * 6 + c) * 2 + ch];
    expect(at(0, 0, 0, 0)).toBe(0); // the padded top row
    expect(at(0, 1, 1, 1)).toBe(0); // left padding
    expect(at(0, 1, 2, 0)).toBe(1); // x[0, 0, 0, 0]
    expect(at(1, 1, 2, 0)).toBe(13); // x[1, 0, 0, 0]: the second image's top pad row is above it
    expect(at(1, 2, 4, 1)).toBe(24); // x[1, 1, 2, 1], the last element
    expect(at(1, 2, 5, 0)).toBe(0); // right padding
    expect(got.filter((v) => v === -1).length).toBe(0);
    expect(got.reduce((a, b) => a + b, 0)).toBe((24 * 25) / 2);
    backend.disposeData(out.dataId);
    x.dispose();
  });
});
