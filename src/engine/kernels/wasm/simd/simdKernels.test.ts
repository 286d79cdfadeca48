import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderSimdBinaryTs, SIMD_BINARY_TS } from '../../../../../scripts/simdAssemble';
import { relativeMaxError } from '../../../../sphere/testing/gradientCheck';
import { referenceConv2d } from '../../../../sphere/testing/testReference';
import * as tf from '../../../../tfjs';
import { initWasmBackend } from '../../../backends/testBackend';
import { setSimdKernelsEnabled, simdKernelsFor } from './simdKernels';

type Shape4 = [number, number, number, number];

beforeAll(initWasmBackend);
afterEach(() => setSimdKernelsEnabled(true));

/** The gradient on wasm with the SIMD kernels on or off (off: the JavaScript / XNNPACK path). */
function gradOnWasm(simd: boolean, f: (v: tf.Tensor) => tf.Tensor, at: tf.Tensor): Float32Array {
  setSimdKernelsEnabled(simd);
  try {
    return tf.tidy(
      () =>
        tf
          .grad((v: tf.Tensor) => f(v) as tf.Scalar)(at)
          .dataSync() as Float32Array,
    );
  } finally {
    setSimdKernelsEnabled(true);
  }
}

describe('wasm SIMD kernels', () => {
  it('load on Node’s wasm backend (else every path below would test the fallback)', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(simdKernelsFor(tf.backend())).toBeDefined();
    setSimdKernelsEnabled(false);
    expect(simdKernelsFor(tf.backend())).toBeUndefined();
  });

  it('binary.ts is what the .wat files assemble to (run npm run build:simd after editing it)', async () => {
    expect(readFileSync(SIMD_BINARY_TS, 'utf8')).toBe(await renderSimdBinaryTs());
  });

  // One input channel, stride 1: the first layer's weight gradient. 16-channel groups, the
  // 4-channel tail (20 = 16 + 4), 'valid' and 'same', 5×5 taps, non-square images.
  const convCases: [Shape4, Shape4, 'same' | 'valid'][] = [
    [[3, 28, 28, 1], [3, 3, 1, 16], 'same'],
    [[2, 9, 7, 1], [3, 3, 1, 20], 'same'],
    [[2, 9, 7, 1], [3, 3, 1, 4], 'valid'],
    [[1, 11, 8, 1], [5, 5, 1, 8], 'same'],
    [[2, 6, 6, 1], [2, 4, 1, 12], 'same'],
  ];
  for (const [xs, ws, pad] of convCases) {
    it(`conv weight gradient, x${xs} w${ws} ${pad}: as float64, as the path it replaces`, () => {
      const x = tf.randomNormal(xs, 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal(ws, 0, 1, 'float32', 2) as tf.Tensor4D;
      const yShape = tf.conv2d(x, w, 1, pad).shape;
      const r = tf.randomNormal(yShape, 0, 1, 'float32', 3);
      const f = (v: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, v as tf.Tensor4D, 1, pad), r));
      const simd = gradOnWasm(true, f, w);
      const plain = gradOnWasm(false, f, w);
      // float64: dW[i,j,0,o] = Σ x·r over the positions, from the reference conv's patches.
      const xd = Float64Array.from(x.dataSync());
      const rd = Float64Array.from(r.dataSync());
      const expected = new Float64Array(simd.length);
      for (let k = 0; k < expected.length; k++) {
        const basis = new Float64Array(expected.length);
        basis[k] = 1;
        const out = referenceConv2d(xd, xs, basis, ws, 1, pad).out;
        expected[k] = out.reduce((s, v, i) => s + v * rd[i], 0);
      }
      expect(relativeMaxError(simd, expected)).toBeLessThanOrEqual(1e-5);
      expect(relativeMaxError(simd, Float64Array.from(plain))).toBeLessThanOrEqual(1e-5);
      tf.dispose([x, w, r]);
    });
  }

  const poolCases: number[][] = [
    [3, 28, 28, 16],
    [2, 14, 14, 32],
    [2, 6, 4, 4],
    // Odd sizes: the last row / column is in no window (7 → 3: the Features nets' third pool).
    [2, 7, 7, 64],
    [3, 5, 6, 8],
    [2, 6, 3, 4],
  ];
  for (const shape of poolCases) {
    it(`max-pool gradient x${shape}: the same bits as the JavaScript pass, ties and NaN included`, () => {
      const n = shape.reduce((p, v) => p * v, 1);
      // Few distinct values: most windows hold ties; a NaN window passes no gradient.
      const values = Float32Array.from({ length: n }, (_, i) => (Math.imul(i, 2654435761) >>> 0) % 3);
      values[5] = Number.NaN;
      const x = tf.tensor4d(values, shape as [number, number, number, number]);
      const f = (v: tf.Tensor) => {
        const y = tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid');
        return tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', 4)));
      };
      const simd = gradOnWasm(true, f, x);
      const plain = gradOnWasm(false, f, x);
      expect(Array.from(simd)).toEqual(Array.from(plain));
      // One gradient per window, and the ties were real: many windows hold their max twice.
      expect(simd.filter((v) => v !== 0).length).toBeLessThanOrEqual(n / 4);
      const [, h, w, c] = shape;
      let tied = 0;
      for (let r = 0; r < n / (w * c); r += 2)
        for (let q = 0; q < w; q += 2)
          for (let ch = 0; ch < c; ch++) {
            const at = (dr: number, dq: number) => values[((r + dr) * w + q + dq) * c + ch];
            const window = [at(0, 0), at(0, 1), at(1, 0), at(1, 1)];
            if (window.filter((v) => v === Math.max(...window)).length > 1) tied++;
          }
      expect(tied).toBeGreaterThan(n / 16);
      expect(h).toBeGreaterThan(1);
      x.dispose();
    });
  }

  it('leave no tensors behind', () => {
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const w = tf.variable(tf.randomNormal([3, 3, 1, 8], 0, 1, 'float32', 6) as tf.Tensor4D);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++)
      tf.dispose(
        tf.grad((v: tf.Tensor) =>
          tf.sum(tf.maxPool(tf.conv2d(x, v as tf.Tensor4D, 1, 'same'), 2, 2, 'valid')),
        )(w),
      );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
});
