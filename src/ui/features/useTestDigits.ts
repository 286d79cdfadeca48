import { useEffect, useState } from 'react';
import type { WorkerToPage } from '../../engine/protocol';
import type { TrainingApi } from '../lab/useTraining';
import type { TestDigits } from './DigitHover';
import { FEATURE_POINTS } from './featureRun';

type Predictions = Extract<WorkerToPage, { type: 'predictions' }>;

/** Request ids of this view's one-off requests (the polling hook uses its own range). */
let nextRequestId = 1_000_000;

/**
 * The shipped MNIST's test split read from the binary the worker loaded (the browser has it
 * cached): "SLMN" | u32 version | u32 count | u32 rows | u32 cols | u8 labels | u8 pixels; the
 * last 2,000 digits are the test split.
 */
async function fetchShippedTestDigits(count: number): Promise<TestDigits> {
  const res = await fetch(`${import.meta.env.BASE_URL}data/mnist-10k.bin`);
  const buf = await res.arrayBuffer();
  const view = new DataView(buf);
  const total = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const cols = view.getUint32(16, true);
  const size = rows * cols;
  const first = total - Math.min(count, 2000);
  const n = total - first;
  const labels = Array.from(new Uint8Array(buf, 20 + first, n));
  const bytes = new Uint8Array(buf, 20 + total + first * size, n * size);
  // A plain loop: Float32Array.from with a map callback takes ~100 ms on 1.5 M pixels.
  const pixels = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) pixels[i] = bytes[i] / 255;
  return { pixels, labels, size: [rows, cols] };
}

/**
 * The test digits' pixels, fetched once: from the worker (`predict` on the test split returns
 * the images it used), or, when the worker's reply carries no pixels, from the shipped binary.
 */
export function useTestDigits(training: TrainingApi): TestDigits | undefined {
  const [digits, setDigits] = useState<TestDigits>();
  const { configured, dataset } = training.state;
  const { request } = training;
  const ready = configured && dataset !== undefined && digits === undefined;

  useEffect(() => {
    if (!ready || !dataset) return;
    let cancelled = false;
    const count = Math.min(FEATURE_POINTS, dataset.testCount);
    const indices = Array.from({ length: count }, (_, i) => i);
    void (async () => {
      const reply = await request<Predictions>(
        { type: 'predict', requestId: nextRequestId++, source: 'test', indices },
        'predictions',
      );
      const [h, w] = dataset.inputShape;
      const got: TestDigits =
        reply.inputs && reply.labels && dataset.inputShape[2] === 1
          ? { pixels: reply.inputs, labels: reply.labels, size: [h, w] }
          : await fetchShippedTestDigits(count);
      if (!cancelled) setDigits(got);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [ready, dataset, request]);

  return digits;
}
