import { beforeAll, describe, expect, it } from 'vitest';
import { checkCustomOp, relativeMaxError } from '../../../sphere/testing/gradientCheck';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';
import { maxPoolGrad2x2Into, maxPoolGradInto, maxPoolGradPath, type PoolGeometry } from './maxPoolGrad';
import { windowGeometryOf } from './windowGeometry';

type Pool = { size: number; stride: number; pad: 'valid' | 'same' };

/** max-pool in plain float64 JS (NHWC, 'valid'; 'same' pads with −∞), output in tf.js order. */
function referencePool(x: Float64Array, [b, h, w, c]: number[], { size, stride, pad }: Pool) {
  const oh = pad === 'valid' ? Math.floor((h - size) / stride) + 1 : Math.ceil(h / stride);
  const ow = pad === 'valid' ? Math.floor((w - size) / stride) + 1 : Math.ceil(w / stride);
  const top = pad === 'valid' ? 0 : Math.floor(Math.max(0, (oh - 1) * stride + size - h) / 2);
  const left = pad === 'valid' ? 0 : Math.floor(Math.max(0, (ow - 1) * stride + size - w) / 2);
  const out = new Float64Array(b * oh * ow * c);
  // argmax: the first maximum in row-major window order (tf.js keeps the first, with a strict >).
  const argmax = new Int32Array(out.length).fill(-1);
  let o = 0;
  for (let n = 0; n < b; n++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c; ch++, o++) {
          let best = Number.NEGATIVE_INFINITY;
          for (let di = 0; di < size; di++)
            for (let dj = 0; dj < size; dj++) {
              const r = i * stride + di - top;
              const q = j * stride + dj - left;
              if (r < 0 || r >= h || q < 0 || q >= w) continue;
              const at = ((n * h + r) * w + q) * c + ch;
              if (x[at] > best) {
                best = x[at];
                argmax[o] = at;
              }
            }
          out[o] = best;
        }
  return { out, argmax };
}

function seeded(shape: number[], seed: number): tf.Tensor4D {
  return tf.randomNormal<tf.Rank>(shape, 0, 1, 'float32', seed) as tf.Tensor4D;
}

describe('wasm MaxPoolGrad (2×2 stride 2 in one pass)', () => {
  beforeAll(initWasmBackend);

  /** The geometry tf.js computes for the pool, as the kernel sees it. */
  function geometryOf(shape: number[], { size, stride, pad }: Pool): PoolGeometry {
    const info = tf.backend_util.computePool2DInfo(
      shape as [number, number, number, number],
      size,
      stride,
      1,
      pad,
    );
    return windowGeometryOf(info);
  }

  const cases: [number[], Pool, boolean][] = [
    [[2, 8, 8, 3], { size: 2, stride: 2, pad: 'valid' }, true],
    [[3, 6, 4, 5], { size: 2, stride: 2, pad: 'same' }, true],
    [[2, 7, 9, 2], { size: 2, stride: 2, pad: 'valid' }, true],
    [[1, 5, 5, 1], { size: 2, stride: 2, pad: 'valid' }, true],
    [[1, 2, 2, 17], { size: 2, stride: 2, pad: 'valid' }, true],
    // The general loop: padded, overlapping, larger windows.
    [[2, 7, 7, 2], { size: 2, stride: 2, pad: 'same' }, false],
    [[2, 7, 7, 2], { size: 3, stride: 2, pad: 'valid' }, false],
    [[2, 6, 6, 2], { size: 2, stride: 1, pad: 'valid' }, false],
    [[2, 6, 5, 3], { size: 3, stride: 1, pad: 'same' }, false],
    [[1, 9, 8, 2], { size: 3, stride: 3, pad: 'same' }, false],
  ];
  for (const [shape, pool, fast] of cases) {
    it(`x${shape} pool ${pool.size} stride ${pool.stride} ${pool.pad} (${fast ? '2×2 pass' : 'general loop'})`, async () => {
      expect(maxPoolGradPath(geometryOf(shape, pool))).toBe(fast ? 'twoByTwo' : 'general');
      const op = ([x]: tf.Tensor[]) => tf.maxPool(x as tf.Tensor4D, pool.size, pool.stride, pool.pad);
      await checkCustomOp({
        name: `maxPool x${shape} ${pool.size}/${pool.stride} ${pool.pad}`,
        inputs: [seeded(shape, 5)],
        custom: op,
        reference: op,
        referenceBackend: 'cpu',
        float64: ([x]) => referencePool(x, shape, pool).out,
        rtol: 1e-5,
      });
      expect(tf.getBackend()).toBe('wasm');
    });
  }

  it('gives a tied window’s gradient to its first maximum, like tfjs-cpu (incl. odd sizes)', async () => {
    for (const shape of [
      [2, 6, 6, 3],
      [2, 5, 7, 4],
    ]) {
      const n = shape.reduce((p, v) => p * v, 1);
      // Few distinct values (and a constant block): most windows hold ties.
      const values = Float32Array.from({ length: n }, (_, i) => (i < 24 ? 1 : ((i * 7919) % 5) - 2));
      const r = Float32Array.from({ length: n }, (_, i) => ((i * 31) % 13) - 6);
      const grads: Float32Array[] = [];
      for (const backend of ['wasm', 'cpu']) {
        await tf.setBackend(backend);
        grads.push(
          tf.tidy(() => {
            const x = tf.tensor4d(values, shape as [number, number, number, number]);
            const g = tf.grad((v: tf.Tensor) => {
              const y = tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid');
              return tf.sum(tf.mul(y, tf.tensor(r.subarray(0, y.size), y.shape)));
            })(x);
            return g.dataSync() as Float32Array;
          }),
        );
      }
      await tf.setBackend('wasm');
      const { argmax } = referencePool(Float64Array.from(values), shape, {
        size: 2,
        stride: 2,
        pad: 'valid',
      });
      const expected = new Float64Array(n);
      argmax.forEach((at, o) => {
        expected[at] += r[o];
      });
      expect(relativeMaxError(grads[0], expected)).toBeLessThanOrEqual(1e-5);
      expect(relativeMaxError(grads[1], expected)).toBeLessThanOrEqual(1e-5);
      // Ties really occurred: some window's maximum is shared by more than one element.
      expect(Array.from(expected).filter((v) => v !== 0).length).toBeLessThan(argmax.length);
    }
  });

  it('both passes give the same dx where both apply (Lab shapes, ties included)', () => {
    for (const shape of [
      [3, 28, 28, 4],
      [2, 14, 14, 5],
      [2, 7, 9, 3],
      // Odd height, even width: only the last row lies in no window.
      [2, 7, 8, 3],
    ] as [number, number, number, number][]) {
      const n = shape.reduce((p, v) => p * v, 1);
      const x = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 9) - 4);
      const geometry = geometryOf(shape, { size: 2, stride: 2, pad: 'valid' });
      expect(maxPoolGradPath(geometry)).toBe('twoByTwo');
      const { out, argmax } = referencePool(Float64Array.from(x), shape, {
        size: 2,
        stride: 2,
        pad: 'valid',
      });
      const dy = Float32Array.from(out, (_, i) => (i % 7) - 3.5);
      // Garbage in dx first: both passes must overwrite every element.
      const fast = new Float32Array(n).fill(Number.NaN);
      const general = new Float32Array(n).fill(Number.NaN);
      maxPoolGrad2x2Into(x, Float32Array.from(out), dy, shape, fast);
      maxPoolGradInto(x, dy, geometry, general);
      const expected = new Float32Array(n);
      argmax.forEach((at, o) => {
        expected[at] += dy[o];
      });
      expect(Array.from(fast)).toEqual(Array.from(expected));
      expect(Array.from(general)).toEqual(Array.from(expected));
    }
  });

  it('does not leak tensors', () => {
    const x = tf.variable(seeded([2, 8, 8, 3], 9));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      const g = tf.grad((v: tf.Tensor) => tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid').sum())(x);
      g.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
