import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { initWasmBackend } from './testBackend';

function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

async function gradsOn(
  backend: string,
  xv: Float32Array,
  xs: number[],
  wv: Float32Array,
  ws: number[],
  strides: number,
  pad: 'same' | 'valid',
) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(xv, xs as [number, number, number, number]);
    const w = tf.tensor4d(wv, ws as [number, number, number, number]);
    const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, strides, pad).square().sum() as tf.Scalar;
    const [gx, gw] = tf.grads(f as (...a: tf.Tensor[]) => tf.Tensor)([x, w]);
    return [gx.arraySync(), gw.arraySync()] as const;
  });
}

function maxRelErr(a: unknown, b: unknown): number {
  const fa = (a as number[]).flat(4) as number[];
  const fb = (b as number[]).flat(4) as number[];
  expect(fa.length).toBe(fb.length);
  const scale = Math.max(...fb.map(Math.abs), 1e-12);
  let worst = 0;
  for (let i = 0; i < fa.length; i++) worst = Math.max(worst, Math.abs(fa[i] - fb[i]) / scale);
  return worst;
}

describe('wasm Conv2DBackpropFilter', () => {
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
  ];
  for (const [xs, ws, s, pad] of cases) {
    it(`matches cpu for x${xs} w${ws} stride ${s} ${pad}`, async () => {
      const xv = seeded(xs, 1).dataSync() as Float32Array;
      const wv = seeded(ws, 2).dataSync() as Float32Array;
      const cpu = await gradsOn('cpu', xv, xs, wv, ws, s, pad);
      const wasm = await gradsOn('wasm', xv, xs, wv, ws, s, pad);
      expect(maxRelErr(wasm[1], cpu[1])).toBeLessThan(1e-4);
      expect(maxRelErr(wasm[0], cpu[0])).toBeLessThan(1e-4);
    });
  }

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
