import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../engine/backends/testBackend';
import { setSimdKernelsEnabled } from '../../engine/kernels/wasm/simd/simdKernels';
import * as tf from '../../tfjs';
import { checkCustomOp, relativeMaxError } from '../testing/gradientCheck';
import { PATCH_NORM_KERNELS, patchNormInverse } from './patchNorm';

const EPS = 1e-4;

beforeAll(initWasmBackend);
afterAll(() => setSimdKernelsEnabled(true));

/** tf.js' own formulation (what ran before the kernels): channel sum, ones-filter conv, rsqrt. */
function reference(x: tf.Tensor4D, kh: number, kw: number, s: number, pad: 'same' | 'valid'): tf.Tensor4D {
  const xSq = tf.sum(tf.square(x), 3, true) as tf.Tensor4D;
  return tf.rsqrt(tf.add(tf.conv2d(xSq, tf.ones([kh, kw, 1, 1]) as tf.Tensor4D, s, pad), EPS));
}

/** float64: the window sums of Σ_c x², then 1/√(· + eps), in tf.js' output order. */
function float64(
  [x]: Float64Array[],
  [b, h, w, c]: number[],
  kh: number,
  kw: number,
  s: number,
  pad: 'same' | 'valid',
) {
  const oh = pad === 'same' ? Math.ceil(h / s) : Math.floor((h - kh) / s) + 1;
  const ow = pad === 'same' ? Math.ceil(w / s) : Math.floor((w - kw) / s) + 1;
  const top = pad === 'same' ? Math.floor(Math.max(0, (oh - 1) * s + kh - h) / 2) : 0;
  const left = pad === 'same' ? Math.floor(Math.max(0, (ow - 1) * s + kw - w) / 2) : 0;
  const out = new Float64Array(b * oh * ow);
  let o = 0;
  for (let n = 0; n < b; n++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++, o++) {
        let acc = 0;
        for (let di = 0; di < kh; di++)
          for (let dj = 0; dj < kw; dj++) {
            const r = i * s + di - top;
            const q = j * s + dj - left;
            if (r < 0 || r >= h || q < 0 || q >= w) continue;
            for (let ch = 0; ch < c; ch++) acc += x[((n * h + r) * w + q) * c + ch] ** 2;
          }
        out[o] = 1 / Math.sqrt(acc + EPS);
      }
  return out;
}

const CASES: [number[], number, number, number, 'same' | 'valid'][] = [
  [[2, 7, 6, 1], 3, 3, 1, 'same'], // first layer: one channel
  [[2, 6, 5, 16], 3, 3, 1, 'same'], // Lab layer: 16 channels (4 vectors)
  [[1, 6, 7, 6], 3, 3, 1, 'valid'], // a 4-channel vector and a 2-channel tail
  [[2, 9, 8, 4], 5, 3, 2, 'same'], // stride 2, non-square window, asymmetric padding
  [[2, 8, 7, 4], 2, 4, 1, 'same'], // stride 1, even window (asymmetric padding), 7 = 4 + 3 columns
];

for (const simd of [true, false]) {
  describe(`patchNormInverse on wasm ${simd ? '(SIMD)' : '(JavaScript loops)'}`, () => {
    beforeAll(() => setSimdKernelsEnabled(simd));
    afterAll(() => setSimdKernelsEnabled(true));

    for (const [shape, kh, kw, s, pad] of CASES) {
      it(`x${shape} window ${kh}×${kw} stride ${s} ${pad}: value and gradient`, async () => {
        await checkCustomOp({
          name: `patchNormInverse ${shape} ${kh}x${kw}/${s} ${pad}`,
          inputs: [tf.randomNormal(shape, 0, 1, 'float32', 7)],
          custom: ([x]) => patchNormInverse(x as tf.Tensor4D, kh, kw, s, pad, EPS),
          reference: ([x]) => reference(x as tf.Tensor4D, kh, kw, s, pad),
          float64: (inputs) => float64(inputs, shape, kh, kw, s, pad),
        });
      });
    }

    it('a blank patch gives 1/√eps, not ∞ (MNIST is mostly blank)', () => {
      const x = tf.zeros([1, 5, 5, 4]) as tf.Tensor4D;
      const r = patchNormInverse(x, 3, 3, 1, 'same', EPS);
      const values = Array.from(r.dataSync());
      for (const v of values) expect(v).toBeCloseTo(1 / Math.sqrt(EPS), 2);
      tf.dispose([x, r]);
    });

    it('runs its own kernels, forward and backward', async () => {
      const x = tf.randomNormal([1, 5, 5, 4], 0, 1, 'float32', 3) as tf.Tensor4D;
      const info = await tf.profile(() =>
        tf.tidy(() =>
          tf.grad((v: tf.Tensor) => tf.sum(patchNormInverse(v as tf.Tensor4D, 3, 3, 1, 'same', EPS)))(x),
        ),
      );
      const names = info.kernels.map((k) => k.name);
      expect(names).toContain(PATCH_NORM_KERNELS.forward);
      expect(names).toContain(PATCH_NORM_KERNELS.grad);
      expect(names).not.toContain('Conv2D');
      x.dispose();
    });

    it('leaves no tensors behind', () => {
      const x = tf.randomNormal([2, 6, 6, 8], 0, 1, 'float32', 4) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++)
        tf.dispose(
          tf.grad((v: tf.Tensor) => tf.sum(patchNormInverse(v as tf.Tensor4D, 3, 3, 1, 'same', EPS)))(x),
        );
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    });
  });
}

it('the SIMD and JavaScript paths agree on a Lab-sized batch (values and gradient)', () => {
  const x = tf.randomNormal([8, 14, 14, 16], 0, 1, 'float32', 9) as tf.Tensor4D;
  const run = (simd: boolean) => {
    setSimdKernelsEnabled(simd);
    const [r, g] = tf.tidy(() => {
      const value = patchNormInverse(x, 3, 3, 1, 'same', EPS);
      const grad = tf.grad((v: tf.Tensor) =>
        tf.sum(tf.mul(patchNormInverse(v as tf.Tensor4D, 3, 3, 1, 'same', EPS), value)),
      )(x);
      return [value, grad];
    });
    const out = [Float64Array.from(r.dataSync()), Float64Array.from(g.dataSync())];
    tf.dispose([r, g]);
    return out;
  };
  const [rs, gs] = run(true);
  const [rj, gj] = run(false);
  setSimdKernelsEnabled(true);
  expect(relativeMaxError(rs, rj)).toBeLessThanOrEqual(1e-6);
  expect(relativeMaxError(gs, gj)).toBeLessThanOrEqual(1e-5);
  x.dispose();
});
