import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANGULAR_KERNELS, angularFromCos } from '../../../../sphere/angularTensor';
import { COS_LIMIT } from '../../../../sphere/fusedAngular';
import { bits, firstDifference } from '../../../../sphere/testing/float32Bits';
import { paperOperator, randomArray, seededRandom } from '../../../../sphere/testing/testReference';
import * as tf from '../../../../tfjs';
import { initWasmBackend } from '../../../backends/testBackend';
import { setSimdKernelsEnabled, simdKernelsFor } from '../simd/simdKernels';

/**
 * The per-channel-k operator (learnable k) on wasm SIMD (./simd/angularTables.wat builds the
 * tables, ./simd/angularPerChannel.wat the outputs, ./simd/channelDotSums.wat the k-gradient)
 * against the JavaScript paths they replace (taken with the SIMD kernels off): the same bits for
 * g, dg/dc, dg/dk and the k-gradient sums; and against float64 formulas (g from the paper's
 * exponential form, dg/dk by central differences of it).
 */
beforeAll(initWasmBackend);
afterEach(() => setSimdKernelsEnabled(true));

function runKernel(
  simd: boolean,
  name: string,
  inputs: Record<string, tf.Tensor>,
  relu = false,
): Float32Array[] {
  setSimdKernelsEnabled(simd);
  try {
    return tf.tidy(() => {
      const attrs = { operator: 'sigmoid', k: 0, relu } as unknown as tf.NamedAttrMap;
      const outs = tf.engine().runKernel(name, inputs, attrs) as tf.Tensor | tf.Tensor[];
      return (Array.isArray(outs) ? outs : [outs]).map((t) => t.dataSync() as Float32Array);
    });
  } finally {
    setSimdKernelsEnabled(true);
  }
}

/**
 * [g, dg/dc, dg/dk] of the per-channel kernel, SIMD path on or off. The heap is filled with NaN
 * where the outputs will go (freed blocks of their size are reused): an element a loop leaves
 * unwritten shows, instead of the previous call's same value.
 */
function perChannel(simd: boolean, cos: Float32Array, shape: number[], k: Float32Array, relu: boolean) {
  tf.dispose([0, 1, 2].map(() => tf.fill(shape, Number.NaN)));
  const x = tf.tensor(cos, shape);
  const kt = tf.tensor1d(k);
  const out = runKernel(simd, ANGULAR_KERNELS.perChannel, { x, k: kt }, relu);
  tf.dispose([x, kt]);
  return out;
}

const f32 = Math.fround;
const SPECIAL = [
  0,
  -0,
  1,
  -1,
  f32(COS_LIMIT) + 2 ** -24,
  -(f32(COS_LIMIT) + 2 ** -24),
  f32(COS_LIMIT),
  -f32(COS_LIMIT),
  1.5,
  -3,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  1e-30,
  -1e-30,
  0.5,
  -0.5,
  1 - 0.25,
];

/** Random cosines with the special ones spread in, and runs of zeros (a blank background). */
function cosines(n: number, seed: number): Float32Array {
  const values = randomArray(n, seededRandom(seed), -1, 1);
  for (let i = 0; i < n; i++) if (Math.floor(i / 9) % 3 === 1) values[i] = i % 11 === 0 ? -0 : 0;
  for (let i = 0; i < Math.min(n, SPECIAL.length); i++) values[(i * 7919 + 3) % n] = SPECIAL[i];
  return values;
}

/** k per channel: 0.05 (the learnable k's floor) to 2. */
function kValues(channels: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: channels }, (_, j) => (j === 0 ? 0.05 : 0.05 + 1.95 * rand()));
}

describe('per-channel-k operator, SIMD kernels', () => {
  it('run on Node’s wasm backend (else the cases below would compare the JS loop with itself)', () => {
    expect(simdKernelsFor(tf.backend())).toBeDefined();
  });

  // The learnable-k preset's shapes; channel counts 1, 3, 5, 6, 7; odd element counts.
  const shapes = [
    [32, 28, 28, 16],
    [32, 14, 14, 32],
    [1],
    [3],
    [2, 3, 3, 3],
    [5, 7],
    [1, 1, 1, 6],
    [3, 5],
    [9, 1],
    // The only kind whose last pair (after the groups of four) wraps to channel 0: one channel.
    [7, 1],
  ];
  for (const shape of shapes)
    it(`g, dg/dc, dg/dk are the JavaScript loop's bits, x${shape}, relu on and off`, () => {
      const n = shape.reduce((p, s) => p * s, 1);
      const channels = shape[shape.length - 1];
      const cos = cosines(n, n);
      const k = kValues(channels, channels);
      for (const relu of [false, true]) {
        const simd = perChannel(true, cos, shape, k, relu);
        const plain = perChannel(false, cos, shape, k, relu);
        ['g', 'dg/dc', 'dg/dk'].forEach((name, o) => {
          expect(firstDifference(simd[o], plain[o]), `${name} relu ${relu}`).toBe('none');
        });
      }
    });

  it('every special cosine in every lane and channel position (pairs cut by NaN, −0, a positive)', () => {
    const k = kValues(3, 7);
    for (const relu of [false, true])
      for (let shift = 0; shift < 4; shift++) {
        const cos = Float32Array.from([
          ...new Array(shift).fill(0),
          ...SPECIAL,
          0,
          0,
          Number.NaN,
          0,
          -0,
          0.25,
          0,
        ]);
        const n = cos.length - (cos.length % 3);
        const simd = perChannel(true, cos.subarray(0, n), [n / 3, 3], k, relu);
        const plain = perChannel(false, cos.subarray(0, n), [n / 3, 3], k, relu);
        for (let o = 0; o < 3; o++) expect(bits(simd[o])).toEqual(bits(plain[o]));
        // Not vacuous: at c = 0 dg/dc > 0 (0 with relu), NaN gives NaN, clamped dg/dc = 0.
        expect(plain[1][shift] > 0).toBe(!relu);
        expect(Number.isNaN(plain[0][shift + SPECIAL.findIndex(Number.isNaN)])).toBe(true);
        expect(plain[1][shift + 2]).toBe(0);
      }
  });

  it('is within float64 formulas: g (paper’s form), dg/dc, dg/dk (central differences)', () => {
    const channels = 5;
    const k = Float32Array.of(0.1, 0.3, 0.7, 2, 0.45);
    const n = 2000 * channels;
    const cos = Float32Array.from(
      { length: n },
      (_, i) => -0.9999 + (1.9998 * Math.floor(i / channels)) / 1999,
    );
    const [g, dgdc, dgdk] = perChannel(true, cos, [n / channels, channels], k, false);
    const worst = Array.from(k, () => [0, 0, 0]);
    for (let i = 0; i < n; i++) {
      const kj = k[i % channels];
      const theta = Math.acos(cos[i]);
      const h = 1e-6 * kj;
      const gRef = paperOperator('sigmoid', theta, kj);
      const dkRef =
        (paperOperator('sigmoid', theta, kj + h) - paperOperator('sigmoid', theta, kj - h)) / (2 * h);
      // dg/dc = dg/dθ · dθ/dc, dθ/dc = −1/sin θ; dg/dθ by central differences too.
      const dt = 1e-6;
      const dcRef =
        -(paperOperator('sigmoid', theta + dt, kj) - paperOperator('sigmoid', theta - dt, kj)) /
        (2 * dt) /
        Math.sin(theta);
      const errs = [gRef - g[i], dcRef - dgdc[i], dkRef - dgdk[i]].map((e, o) =>
        Math.abs(e / Math.max(1, Math.abs([gRef, dcRef, dkRef][o]))),
      );
      for (let o = 0; o < 3; o++) worst[i % channels][o] = Math.max(worst[i % channels][o], errs[o]);
    }
    // Relative to max(1, |reference|). k ≥ 0.3: within 1e-5 (measured ≤ 1.6e-6). k = 0.1: the
    // table's own interpolation error (2048 intervals, the JS loop's too: the same bits, above)
    // grows like 1/k²; measured 2.2e-6, 7.4e-6, 1.9e-5.
    worst.forEach((w, j) => {
      const bounds = k[j] < 0.2 ? [3e-6, 1e-5, 2.5e-5] : [1e-5, 1e-5, 1e-5];
      w.forEach((e, o) => {
        expect(e, `k ${k[j]} output ${o}`).toBeLessThan(bounds[o]);
      });
    });
    // The outputs move: dg/dk is not zero everywhere (a dropped table would give 0).
    expect(dgdk.some((v) => Math.abs(v) > 0.1)).toBe(true);
  });

  it('k-gradient sums: the JavaScript loop’s bits, and float64 sums (channel counts 1 … 9, remainders)', () => {
    for (const [rows, channels] of [
      [7, 1],
      [5, 3],
      [33, 4],
      [6, 5],
      [11, 6],
      [3, 7],
      [25088, 16],
      [13, 9],
    ]) {
      const rand = seededRandom(rows * channels);
      const a = randomArray(rows * channels, rand, -2, 2);
      const b = randomArray(rows * channels, rand, -3, 3);
      const [at, bt] = [tf.tensor2d(a, [rows, channels]), tf.tensor2d(b, [rows, channels])];
      const simd = runKernel(true, ANGULAR_KERNELS.kGradient, { a: at, b: bt })[0];
      const plain = runKernel(false, ANGULAR_KERNELS.kGradient, { a: at, b: bt })[0];
      tf.dispose([at, bt]);
      expect(firstDifference(simd, plain), `${rows}×${channels}`).toBe('none');
      const ref = new Float64Array(channels);
      for (let i = 0; i < a.length; i++) ref[i % channels] += a[i] * b[i];
      expect(simd.length).toBe(channels);
      simd.forEach((v, j) => {
        expect(Math.abs(v - ref[j])).toBeLessThanOrEqual(Math.abs(ref[j]) * 2 ** -24);
      });
    }
  });

  it('gradients through the registered gradient (cos and k) are those of the JS paths', () => {
    const cos = tf.tensor4d(cosines(2 * 6 * 6 * 5, 3), [2, 6, 6, 5]);
    const k = tf.tensor1d(kValues(5, 4));
    const r = tf.randomNormal(cos.shape, 0, 1, 'float32', 4);
    for (const relu of [false, true]) {
      const f = (c: tf.Tensor, kk: tf.Tensor) =>
        tf.sum(tf.mul(angularFromCos(c, 'learnable-sigmoid', kk, { relu }), r));
      const grads = (simd: boolean) => {
        setSimdKernelsEnabled(simd);
        return tf.tidy(() =>
          tf
            .grads(f)([cos, k])
            .map((t) => t.dataSync() as Float32Array),
        );
      };
      const [simd, plain] = [grads(true), grads(false)];
      expect(bits(simd[0])).toEqual(bits(plain[0]));
      expect(bits(simd[1])).toEqual(bits(plain[1]));
      expect(simd[1].every((v) => v !== 0)).toBe(true);
    }
    tf.dispose([cos, k, r]);
  });

  it('leaves no tensors and no heap buffers behind (the table scratch is freed)', () => {
    const cos = tf.tensor4d(cosines(2 * 4 * 4 * 8, 5), [2, 4, 4, 8]);
    const k = tf.tensor1d(kValues(8, 6));
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const f = (c: tf.Tensor, kk: tf.Tensor) => tf.sum(angularFromCos(c, 'learnable-sigmoid', kk));
    tf.dispose(tf.grads(f)([cos, k]));
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 10; i++) tf.dispose(tf.grads(f)([cos, k]));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    tf.dispose([cos, k]);
  });

  it('rejects a k whose length is not the channel count, naming both', () => {
    expect(() => perChannel(true, new Float32Array(6), [2, 3], Float32Array.of(0.3, 0.4), false)).toThrow(
      'k has 2 values for 3 channels',
    );
  });
});
