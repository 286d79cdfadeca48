import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANGULAR_KERNELS, type AngularKernelAttrs, angularFromCos } from '../../../../sphere/angularTensor';
import { COS_LIMIT } from '../../../../sphere/fusedAngular';
import { bits, firstDifference } from '../../../../sphere/testing/float32Bits';
import { randomArray, seededRandom } from '../../../../sphere/testing/testReference';
import * as tf from '../../../../tfjs';
import { initWasmBackend } from '../../../backends/testBackend';
import { setSimdKernelsEnabled, simdKernelsFor } from '../simd/simdKernels';

/**
 * The fixed-k operator kernel's SIMD path (./simd/angularFixed.wat) against its JavaScript
 * loop (src/sphere/fusedAngular.ts, taken with the SIMD kernels off): the same bits for g and
 * dg/dc, NaN where the loop gives NaN. The loop's own accuracy against the formulas is held by
 * src/sphere/angular.test.ts, its gradients by src/sphere/gradients.test.ts.
 */
beforeAll(initWasmBackend);
afterEach(() => setSimdKernelsEnabled(true));

/** [g, dg/dc] of the fixed-k kernel, SIMD path on or off. */
function runFixed(
  simd: boolean,
  cos: Float32Array,
  shape: number[],
  attrs: AngularKernelAttrs,
): Float32Array[] {
  setSimdKernelsEnabled(simd);
  try {
    return tf.tidy(() => {
      const x = tf.tensor(cos, shape);
      const outs = tf.engine().runKernel(ANGULAR_KERNELS.fixed, { x }, attrs as unknown as tf.NamedAttrMap);
      return (outs as unknown as tf.Tensor[]).map((t) => t.dataSync() as Float32Array);
    });
  } finally {
    setSimdKernelsEnabled(true);
  }
}

const f32 = Math.fround;
/** Cosines the loop treats specially: ±0, ±1, both sides of the clamp, beyond, ±∞, NaN, tiny ones. */
const SPECIAL = [
  0,
  -0,
  1,
  -1,
  // float32's nearest to the limit is below it (not clamped); the next one up is clamped.
  f32(COS_LIMIT) + 2 ** -24,
  -(f32(COS_LIMIT) + 2 ** -24),
  f32(COS_LIMIT),
  -f32(COS_LIMIT),
  1 - 2 ** -24,
  -1 + 2 ** -24,
  1.5,
  -3,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  1e-30,
  -1e-30,
  2 ** -140,
  0.5,
  -0.5,
  // Cosines whose v lands exactly on table nodes (v = i/2048 ⇒ c = 1 − v²).
  1 - (1 / 2048) ** 2,
  1 - 0.25,
  -(1 - (3 / 2048) ** 2),
];

function cosines(n: number, seed: number): Float32Array {
  const values = randomArray(n, seededRandom(seed), -1, 1);
  for (let i = 0; i < Math.min(n, SPECIAL.length); i++) values[(i * 7919) % n] = SPECIAL[i];
  return values;
}

const operators: AngularKernelAttrs[] = [];
for (const relu of [false, true]) {
  operators.push({ operator: 'linear', k: 1, relu });
  for (const k of [0.05, 0.3, 2]) operators.push({ operator: 'sigmoid', k, relu });
}

describe('SphereConv operator, SIMD kernel', () => {
  it('runs on Node’s wasm backend (else the cases below would compare the JS loop with itself)', () => {
    expect(simdKernelsFor(tf.backend())).toBeDefined();
  });

  // The Lab's shapes, and element counts that are odd or not a multiple of 4.
  const shapes = [[64, 28, 28, 16], [64, 14, 14, 32], [1], [3], [2, 3, 3, 3], [5, 7], [1, 1, 1, 6]];
  for (const shape of shapes)
    it(`g and dg/dc are the JavaScript loop's bits, x${shape}, linear and sigmoid, relu on and off`, () => {
      const n = shape.reduce((p, s) => p * s, 1);
      const cos = cosines(n, n);
      // The Lab's own operators on the large shapes (sigmoid k = 0.3 with relu, linear), every one below.
      const lab = operators.filter((o) => (o.operator === 'linear' && !o.relu) || (o.k === 0.3 && o.relu));
      for (const attrs of n > 1e5 ? lab : operators) {
        const simd = runFixed(true, cos, shape, attrs);
        const plain = runFixed(false, cos, shape, attrs);
        expect(firstDifference(simd[0], plain[0]), `g ${JSON.stringify(attrs)}`).toBe('none');
        expect(firstDifference(simd[1], plain[1]), `dg/dc ${JSON.stringify(attrs)}`).toBe('none');
      }
    });

  it('groups of four that are all ±0 or all ≤ 0 (the shortcuts), whole and cut by NaN or a positive', () => {
    // Per 16-channel pixel one pattern, as in a first layer on MNIST: blank background (0),
    // all negative, mixed signs; some groups broken by one NaN, one positive, one −0.
    const n = 37 * 16 + 3;
    const rand = seededRandom(9);
    const cos = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const pixel = Math.floor(i / 16);
      const kind = pixel % 4;
      cos[i] = kind === 0 ? 0 : kind === 1 ? -rand() : kind === 2 ? rand() * 2 - 1 : -0;
      if (pixel % 5 === 4 && i % 16 === 6) cos[i] = [Number.NaN, 0.25, -0, -1][pixel % 4];
    }
    for (const attrs of operators) {
      const simd = runFixed(true, cos, [n], attrs);
      const plain = runFixed(false, cos, [n], attrs);
      expect(firstDifference(simd[0], plain[0]), `g ${JSON.stringify(attrs)}`).toBe('none');
      expect(firstDifference(simd[1], plain[1]), `dg/dc ${JSON.stringify(attrs)}`).toBe('none');
      // At c = 0 the loop gives g = +0 and dg/dc > 0 (or 0 and 0 with relu).
      expect([bits(plain[0])[0], plain[1][0] > 0]).toEqual([0, !attrs.relu]);
    }
  });

  it('every special cosine, one at a time and all together (lane position does not matter)', () => {
    const all = Float32Array.from(SPECIAL);
    for (const attrs of operators) {
      const together = runFixed(true, all, [all.length], attrs);
      const plain = runFixed(false, all, [all.length], attrs);
      expect(bits(together[0])).toEqual(bits(plain[0]));
      expect(bits(together[1])).toEqual(bits(plain[1]));
      SPECIAL.forEach((c, i) => {
        const [g, d] = runFixed(true, Float32Array.of(c), [1], attrs);
        expect(bits(g)).toEqual([bits(plain[0])[i]]);
        expect(bits(d)).toEqual([bits(plain[1])[i]]);
      });
      // What the JS loop gives there, so that the cases are not vacuous: clamped dg/dc = 0,
      // ±0 → g = +0 (or the relu's 0), NaN → NaN, relu zeroes c ≤ 0.
      expect(Array.from(plain[1].subarray(2, 6))).toEqual([0, 0, 0, 0]);
      expect(bits(plain[0].subarray(0, 2))).toEqual([0, 0]);
      expect(Number.isNaN(plain[0][14]) && Number.isNaN(plain[1][14])).toBe(true);
      expect(plain[0][3] === 0).toBe(attrs.relu);
      expect(plain[0][4] > 0.99 && plain[1][6] !== 0).toBe(true);
    }
  });

  it('gradients through the registered gradient are those of the JS loop', () => {
    const cos = tf.tensor4d(cosines(2 * 6 * 6 * 5, 3), [2, 6, 6, 5]);
    const r = tf.randomNormal(cos.shape, 0, 1, 'float32', 4);
    for (const [operator, k, relu] of [
      ['sigmoid', 0.3, true],
      ['linear', 1, false],
    ] as const) {
      const f = (c: tf.Tensor) => tf.sum(tf.mul(angularFromCos(c, operator, k, { relu }), r));
      const grad = (simd: boolean) => {
        setSimdKernelsEnabled(simd);
        return tf.tidy(() => tf.grad(f)(cos).dataSync() as Float32Array);
      };
      const simd = grad(true);
      const plain = grad(false);
      expect(bits(simd)).toEqual(bits(plain));
      expect(simd.some((v) => v !== 0)).toBe(true);
    }
    tf.dispose([cos, r]);
  });

  it('leaves no tensors and no heap buffers behind (the table scratch is freed)', () => {
    const cos = tf.tensor4d(cosines(2 * 4 * 4 * 8, 5), [2, 4, 4, 8]);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const f = (c: tf.Tensor) => tf.sum(angularFromCos(c, 'sigmoid', 0.3, { relu: true }));
    tf.dispose(tf.grad(f)(cos));
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 10; i++) tf.dispose(tf.grad(f)(cos));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    cos.dispose();
  });
});
