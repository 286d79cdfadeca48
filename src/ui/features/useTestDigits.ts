import { useEffect, useState } from 'react';
import { loadShippedMnist } from '../../data';
import { FEATURE_POINTS } from '../../features/runs';
import type { TrainingApi } from '../lab/useTraining';
import type { TestDigits } from './plot/DigitHover';

/** The shipped MNIST's test split, read by src/data from the binary the worker loaded (cached). */
async function fetchShippedTestDigits(count: number): Promise<TestDigits> {
  const ds = await loadShippedMnist(`${import.meta.env.BASE_URL}data/mnist-10k.bin.gz`);
  const n = Math.min(count, ds.test.count);
  const bytes = ds.test.images.subarray(0, n * ds.width * ds.height);
  // A plain loop: Float32Array.from with a map callback takes ~100 ms on 1.5 M pixels.
  const pixels = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) pixels[i] = bytes[i] / 255;
  return { pixels, labels: Array.from(ds.test.labels.subarray(0, n)), size: [ds.height, ds.width] };
}

/**
 * The test digits' pixels for the hover panel, fetched once: from the worker when it has a run
 * configured (`predict` on the test split returns the images it used), otherwise (the shipped
 * snapshot is on screen and no model exists yet) straight from the shipped binary.
 */
export function useTestDigits(training: TrainingApi): TestDigits | undefined {
  const [digits, setDigits] = useState<TestDigits>();
  const { configured, dataset } = training.state;
  const { request } = training;
  const fromWorker = configured && dataset !== undefined;

  useEffect(() => {
    if (digits) return;
    let cancelled = false;
    const count = Math.min(FEATURE_POINTS, dataset?.testCount ?? FEATURE_POINTS);
    void (async () => {
      let got: TestDigits | undefined;
      if (fromWorker && dataset && dataset.inputShape[2] === 1) {
        const indices = Array.from({ length: count }, (_, i) => i);
        // Its own channel: the hover digits are another question than any other predict.
        const reply = await request({ type: 'predict', source: 'test', indices }, 'hover-digits');
        if (cancelled) return;
        const [h, w] = dataset.inputShape;
        if (reply?.inputs && reply.labels) got = { pixels: reply.inputs, labels: reply.labels, size: [h, w] };
      }
      got ??= await fetchShippedTestDigits(count);
      if (!cancelled) setDigits(got);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [digits, fromWorker, dataset, request]);

  return digits;
}
