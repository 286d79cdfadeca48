import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';

beforeAll(initWasmBackend);

describe('wasm Identity and same-dtype Cast share the input memory', () => {
  it('a clone reads the same values, allocates nothing, and outlives its source', () => {
    const x = tf.tensor([1.5, -2, 3, 4.25], [2, 2]);
    // tf.memory().numBytes counts per tensor; numDataBuffers counts the backend's buffers.
    const buffers = tf.memory().numDataBuffers;
    const y = tf.clone(x);
    const z = tf.cast(x, 'float32');
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, 3, 4.25]);
    expect(y.shape).toEqual([2, 2]);
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1.5, -2, 3, 4.25]);
    z.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffers - 1);
  });

  it('a cast to another dtype still converts (built-in kernel), strings still clone', () => {
    const x = tf.tensor([1.7, -2.2, 0], [3]);
    const i = tf.cast(x, 'int32');
    expect(i.dtype).toBe('int32');
    expect(Array.from(i.dataSync())).toEqual([1, -2, 0]);
    const s = tf.tensor(['a', 'b']);
    const sc = tf.clone(s);
    s.dispose();
    expect(sc.dataSync()).toEqual(['a', 'b']);
    tf.dispose([x, i, sc]);
  });

  it('gradients through saved tensors equal tfjs-cpu (tf.js clones what a kernel saves)', async () => {
    // square, mul and relu save their inputs or outputs for the backward pass: clones.
    const f = (x: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.square(x)), tf.sigmoid(x)));
    const values = [0.3, -1.2, 2.5, -0.7, 1.1, 0];
    const grads: number[][] = [];
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      const x = tf.tensor(values);
      const g = tf.grad(f)(x);
      grads.push(Array.from(g.dataSync()));
      tf.dispose([x, g]);
    }
    await tf.setBackend('wasm');
    for (let i = 0; i < values.length; i++) expect(grads[0][i]).toBeCloseTo(grads[1][i], 6);
  });

  it('a training step leaves no tensor behind and keeps the variables intact', () => {
    const w = tf.variable(tf.tensor([0.5, -0.25, 1]));
    const opt = tf.train.adam(0.1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const loss = opt.minimize(() => tf.sum(tf.square(tf.sub(w, tf.tensor([1, 2, 3])))), true);
      loss?.dispose();
    }
    const after = tf.memory().numTensors;
    const v = Array.from(w.dataSync());
    // Three Adam steps of size ~lr towards the target, each coordinate.
    expect(v[0]).toBeCloseTo(0.5 + 0.3, 2);
    expect(v[1]).toBeCloseTo(-0.25 + 0.3, 2);
    expect(v[2]).toBeCloseTo(1 + 0.3, 2);
    opt.dispose();
    w.dispose();
    // The optimizer's own state was created on the first step and freed with it.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    expect(after).toBeGreaterThanOrEqual(before);
  });
});
