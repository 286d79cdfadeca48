import { beforeAll, describe, expect, it } from 'vitest';
import { checkCustomOp } from '../../../sphere/testing/gradientCheck';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';

beforeAll(initWasmBackend);

/** The same tile on the wasm backend (our kernel) and on tfjs-cpu (the reference). */
async function tileOnBoth(
  values: number[],
  shape: number[],
  reps: number[],
  dtype: 'float32' | 'int32' | 'bool',
) {
  const out: unknown[] = [];
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    const t = tf.tensor(values, shape, dtype);
    const tiled = tf.tile(t, reps);
    out.push({ shape: tiled.shape, data: Array.from(await tiled.data()) });
    tf.dispose([t, tiled]);
  }
  await tf.setBackend('wasm');
  return out;
}

describe('wasm Tile (block copies)', () => {
  it('equals tfjs-cpu for ranks 0–5, reps of 1, several dtypes and empty outputs', async () => {
    const cases: [number[], number[]][] = [
      [[], []],
      [[3], [4]],
      [
        [2, 3],
        [1, 1],
      ],
      [
        [2, 3],
        [3, 2],
      ],
      [
        [1, 1, 1, 5],
        [2, 3, 4, 1],
      ],
      [
        [2, 1, 3, 1],
        [1, 4, 1, 3],
      ],
      [
        [2, 3, 2, 2, 2],
        [2, 1, 3, 1, 2],
      ],
      [
        [2, 3],
        [0, 2],
      ],
    ];
    for (const [shape, reps] of cases) {
      const n = shape.reduce((p, v) => p * v, 1);
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const values = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 2 : ((i * 7) % 11) - 5));
        const [wasm, cpu] = await tileOnBoth(values, shape, reps, dtype);
        expect(wasm).toEqual(cpu);
      }
    }
  });

  it.each([
    [
      [2, 3, 1, 2],
      [1, 2, 3, 2],
    ],
    [
      [5, 1],
      [2, 4],
    ],
  ])('float32 %j × %j: values and gradient (gradient check)', async (shape, reps) => {
    const tileFloat64 = ([x]: Float64Array[]) => {
      const outShape = shape.map((s, i) => s * reps[i]);
      const out = new Float64Array(outShape.reduce((p, v) => p * v, 1));
      for (let o = 0; o < out.length; o++) {
        // Output index → input index: each coordinate modulo the input's size.
        let rest = o;
        let at = 0;
        let stride = 1;
        for (let d = shape.length - 1; d >= 0; d--) {
          at += ((rest % outShape[d]) % shape[d]) * stride;
          rest = Math.floor(rest / outShape[d]);
          stride *= shape[d];
        }
        out[o] = x[at];
      }
      return out;
    };
    await checkCustomOp({
      name: `tile ${shape} × ${reps}`,
      inputs: [tf.randomNormal(shape, 0, 1, 'float32', 7)],
      custom: ([x]) => tf.tile(x, reps),
      reference: ([x]) => tf.tile(x, reps),
      referenceBackend: 'cpu',
      float64: tileFloat64,
    });
  });

  it('gives BatchNorm’s input gradient as before and leaks nothing', () => {
    const x = tf.randomNormal([4, 6, 6, 5], 0, 1, 'float32', 1) as tf.Tensor4D;
    const mean = tf.randomNormal([5], 0, 1, 'float32', 2);
    const variance = tf.randomUniform([5], 0.5, 2, 'float32', 3);
    const [offset, scale] = [tf.zeros([5]), tf.ones([5])];
    const before = tf.memory().numTensors;
    const grad = tf.tidy(() =>
      tf.grad((xi: tf.Tensor) => tf.sum(tf.square(tf.batchNorm(xi, mean, variance, offset, scale, 1e-3))))(x),
    );
    // d/dx Σ ((x − μ)/σ)² = 2 (x − μ) / σ², per channel.
    const expected = tf.tidy(() => tf.div(tf.mul(2, tf.sub(x, mean)), tf.add(variance, 1e-3)));
    const [g, e] = [grad.dataSync(), expected.dataSync()];
    for (let i = 0; i < g.length; i++) expect(g[i]).toBeCloseTo(e[i], 4);
    tf.dispose([grad, expected]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
