import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../engine/backends/testBackend';
import { setSimdKernelsEnabled } from '../../engine/kernels/wasm/simd/simdKernels';
import * as tf from '../../tfjs';
import { scaleEachPosition } from '../positionScale';
import { checkCustomOp, relativeMaxError } from '../testing/gradientCheck';
import { referenceConv2d } from '../testing/testReference';
import { CONV_COS_KERNELS, convCos, convCosAvailable } from './convCos';
import { patchNormInverse } from './patchNorm';

const EPS = 1e-4;

beforeAll(initWasmBackend);
afterAll(() => setSimdKernelsEnabled(true));

type Pad = 'same' | 'valid';

/** The tensors fn makes, read as float64 and disposed. */
function readAll(fn: () => tf.Tensor[]): Float64Array[] {
  const tensors = tf.tidy(fn);
  const out = tensors.map((t) => Float64Array.from(t.dataSync()));
  tf.dispose(tensors);
  return out;
}

/** tf.js' own ops: the conv, the ones-filter conv of Σ_c x², rsqrt, a broadcast multiply. */
function reference(x: tf.Tensor4D, w: tf.Tensor4D, pad: Pad): tf.Tensor4D {
  const [kh, kw] = w.shape;
  const xSq = tf.sum(tf.square(x), 3, true) as tf.Tensor4D;
  const r = tf.rsqrt(tf.add(tf.conv2d(xSq, tf.ones([kh, kw, 1, 1]) as tf.Tensor4D, 1, pad), EPS));
  return tf.mul(tf.conv2d(x, w, 1, pad), r);
}

/** What sphereConvCos ran before convCos: three kernels (patch norm, conv, position scale). */
function composite(x: tf.Tensor4D, w: tf.Tensor4D, pad: Pad): tf.Tensor4D {
  const [kh, kw] = w.shape;
  const r = patchNormInverse(x, kh, kw, 1, pad, EPS);
  return scaleEachPosition(tf.conv2d(x, w, 1, pad), r) as tf.Tensor4D;
}

/** float64: conv(x, w) / √(Σ_window Σ_c x² + eps), the window sum as a conv with a ones filter. */
function float64([x, w]: Float64Array[], xShape: number[], wShape: number[], pad: Pad): Float64Array {
  const [b, h, wd, cin] = xShape;
  const [kh, kw, , cout] = wShape;
  const sq = new Float64Array(b * h * wd);
  for (let p = 0; p < sq.length; p++) for (let c = 0; c < cin; c++) sq[p] += x[p * cin + c] ** 2;
  const norms = referenceConv2d(sq, [b, h, wd, 1], new Float64Array(kh * kw).fill(1), [kh, kw, 1, 1], 1, pad);
  const { out } = referenceConv2d(x, xShape, w, wShape, 1, pad);
  for (let i = 0; i < out.length; i++) out[i] /= Math.sqrt(norms.out[Math.floor(i / cout)] + EPS);
  return out;
}

type Shape4 = [number, number, number, number];
const CASES: [Shape4, Shape4, Pad][] = [
  [[2, 7, 6, 1], [3, 3, 1, 16], 'same'], // a first layer: one channel, 16 filters
  [[1, 5, 5, 16], [3, 3, 16, 16], 'same'], // Lab-like: two blocks of 8 filters, 5 = 4 + 1 columns
  [[1, 6, 7, 4], [3, 3, 4, 8], 'valid'], // no padding
  [[2, 8, 7, 4], [2, 4, 4, 8], 'same'], // even window: asymmetric padding
  [[2, 5, 5, 3], [3, 3, 3, 5], 'same'], // cout 5: wasm's own conv, then the scale
  [[2, 3, 3, 4], [3, 3, 4, 8], 'same'], // rows narrower than 4
];

for (const simd of [true, false]) {
  describe(`convCos on wasm ${simd ? '(SIMD)' : '(JavaScript loops)'}`, () => {
    beforeAll(() => setSimdKernelsEnabled(simd));
    afterAll(() => setSimdKernelsEnabled(true));

    for (const [xShape, wShape, pad] of CASES) {
      it(`x${xShape} w${wShape} ${pad}: value and gradients vs tf.js ops and float64`, async () => {
        await checkCustomOp({
          name: `convCos ${xShape} ${wShape} ${pad}`,
          inputs: [
            tf.randomNormal(xShape, 0, 1, 'float32', 5),
            tf.randomNormal(wShape, 0, 0.3, 'float32', 6),
          ],
          custom: ([x, w]) => convCos(x as tf.Tensor4D, w as tf.Tensor4D, pad, EPS),
          reference: ([x, w]) => reference(x as tf.Tensor4D, w as tf.Tensor4D, pad),
          float64: (v) => float64(v, xShape, wShape, pad),
        });
      });

      it(`x${xShape} w${wShape} ${pad}: the composite's value bit for bit, gradients within 1e-5`, () => {
        const x = tf.randomNormal(xShape, 0, 1, 'float32', 11) as tf.Tensor4D;
        const w = tf.randomNormal(wShape, 0, 0.3, 'float32', 12) as tf.Tensor4D;
        const run = (op: typeof composite) =>
          readAll(() => {
            const value = op(x, w, pad);
            const weights = tf.randomUniform(value.shape, -1, 1, 'float32', 13);
            const loss = () => tf.sum(tf.mul(op(x, w, pad), weights)) as tf.Scalar;
            return [value, ...tf.engine().gradients(loss, [x, w]).grads];
          });
        const [value, dx, dw] = run((a, b, p) => convCos(a, b, p, EPS));
        const [refValue, refDx, refDw] = run(composite);
        expect(Array.from(value)).toEqual(Array.from(refValue));
        expect(relativeMaxError(dx, refDx)).toBeLessThanOrEqual(1e-5);
        expect(relativeMaxError(dw, refDw)).toBeLessThanOrEqual(1e-5);
        tf.dispose([x, w]);
      });
    }

    it('runs its own kernels: no separate patch norm, conv or scale forward, one dx kernel', async () => {
      const x = tf.randomNormal([2, 6, 6, 16], 0, 1, 'float32', 3) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 16, 32], 0, 0.3, 'float32', 4) as tf.Tensor4D;
      const forward = await tf.profile(() => tf.tidy(() => convCos(x, w, 'same', EPS)));
      expect(forward.kernels.map((k) => k.name)).toEqual([CONV_COS_KERNELS.forward]);
      const backward = await tf.profile(() =>
        tf.tidy(() =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(convCos(a as tf.Tensor4D, b as tf.Tensor4D, 'same', EPS)),
          )([x, w]),
        ),
      );
      const names = backward.kernels.map((k) => k.name);
      expect(names).toContain(CONV_COS_KERNELS.gradX);
      expect(names).toContain('Conv2DBackpropFilter');
      for (const gone of [
        'SphereLabPatchNormInv',
        'SphereLabPatchNormInvGrad',
        'SphereLabDotPositions',
        'Add',
      ])
        expect(names).not.toContain(gone);
      tf.dispose([x, w]);
    });

    it('leaves no tensors behind', () => {
      const x = tf.randomNormal([2, 6, 6, 8], 0, 1, 'float32', 4) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 8, 16], 0, 0.3, 'float32', 5) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) {
        tf.dispose(convCos(x, w, 'same', EPS));
        tf.dispose(
          tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(convCos(a as tf.Tensor4D, b as tf.Tensor4D, 'same', EPS)),
          )([x, w]),
        );
      }
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, w]);
    });
  });
}

it('the SIMD and JavaScript paths agree on a Lab-sized batch (value and gradients)', () => {
  const x = tf.randomNormal([8, 14, 14, 16], 0, 1, 'float32', 9) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 16, 32], 0, 0.2, 'float32', 10) as tf.Tensor4D;
  const run = (simd: boolean) => {
    setSimdKernelsEnabled(simd);
    return readAll(() => {
      const value = convCos(x, w, 'same', EPS);
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(convCos(a as tf.Tensor4D, b as tf.Tensor4D, 'same', EPS), value)),
      )([x, w]);
      return [value, ...grads];
    });
  };
  const simd = run(true);
  const js = run(false);
  setSimdKernelsEnabled(true);
  simd.forEach((a, i) => {
    expect(relativeMaxError(a, js[i])).toBeLessThanOrEqual(i === 0 ? 1e-6 : 1e-5);
  });
  tf.dispose([x, w]);
});

it('runs at stride 1 on wasm only: other strides and backends keep the composite', async () => {
  expect(convCosAvailable(1)).toBe(true);
  expect(convCosAvailable(2)).toBe(false);
  await tf.setBackend('cpu');
  try {
    expect(convCosAvailable(1)).toBe(false);
  } finally {
    await tf.setBackend('wasm');
  }
});
