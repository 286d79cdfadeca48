/**
 * The nets and batches `npm run bench:torch` and `npm run profile:kernels` train: the Lab default
 * pair (baseline CNN and SphereNet, sigmoid k = 0.3) and the same pair with BN after every conv,
 * from the Lab's own model list; batches of real MNIST digits when the app's binary exists.
 */
import { existsSync } from 'node:fs';
import { readShippedMnistFile, SHIPPED_MNIST_GZ } from '../src/data/shippedMnistFile';
import type { NetSpec } from '../src/engine/types';
import { labModels } from '../src/lab/runConfig';
import * as tf from '../src/tfjs';
import { defaultAppState } from '../src/url/schema';
import type { BenchTorchNet } from './bench-torch-summary';

export const BENCH_BATCH = 64;

/** The Lab default pair and the same pair with BN, from the Lab's own model list. */
export function benchNets(): Record<BenchTorchNet, NetSpec> {
  const lab = defaultAppState().states.lab;
  const pair = (norm: 'none' | 'bn') => {
    const models = labModels({ ...lab, norm });
    const spec = (id: string) => {
      const entry = models.find((m) => m.id === id);
      if (entry?.spec.kind !== 'net') throw new Error(`the Lab default has no net '${id}'`);
      return entry.spec.net;
    };
    return [spec('baseline'), spec('sphere')];
  };
  const [baseline, sphere] = pair('none');
  const [baselineBn, sphereBn] = pair('bn');
  return { baseline, sphere, baselineBn, sphereBn };
}

/** Batches of real MNIST digits when the app's binary exists, else deterministic noise. */
export function loadBenchBatches(count: number): { x: Float32Array; y: Int32Array }[] {
  let x: Float32Array;
  let y: Int32Array;
  if (existsSync(SHIPPED_MNIST_GZ)) {
    const buf = Buffer.from(readShippedMnistFile());
    const total = new DataView(buf.buffer, buf.byteOffset).getUint32(8, true);
    const n = Math.min(total, count * BENCH_BATCH);
    y = Int32Array.from(buf.subarray(20, 20 + n));
    x = Float32Array.from(buf.subarray(20 + total, 20 + total + n * 784), (p) => p / 255);
  } else {
    y = Int32Array.from({ length: count * BENCH_BATCH }, (_, i) => (i * 7) % 10);
    x = Float32Array.from(
      { length: count * BENCH_BATCH * 784 },
      (_, i) => ((i * 2654435761) >>> 0) / 2 ** 32,
    );
  }
  return Array.from({ length: Math.floor(y.length / BENCH_BATCH) }, (_, b) => ({
    x: x.subarray(b * BENCH_BATCH * 784, (b + 1) * BENCH_BATCH * 784),
    y: y.subarray(b * BENCH_BATCH, (b + 1) * BENCH_BATCH),
  }));
}

/** The model context of the bench nets: MNIST-shaped inputs, 10 classes, seed 1. */
export const BENCH_CONTEXT = { seed: 1, inputShape: [28, 28, 1] as [number, number, number], numClasses: 10 };

/** loadBenchBatches as tensors on the current backend (the caller disposes them). */
export function benchBatchTensors(count: number): { xs: tf.Tensor4D; ys: tf.Tensor1D }[] {
  return loadBenchBatches(count).map((b) => ({
    xs: tf.tensor4d(b.x, [BENCH_BATCH, 28, 28, 1]),
    ys: tf.tensor1d(b.y, 'int32'),
  }));
}
