/**
 * The worker's side of the Inside view: every model of the current run inspected (src/inside) on
 * one input — a test image by index, or pixels the user drew — with batch statistics over a fixed
 * batch of test images, so the timeline moves only when the weights do. Plain TypeScript (runs in
 * the worker, and in Node for tests); the answer's typed arrays are listed for transfer.
 */
import { inspectModel } from '../../inside/inspect';
import { INSPECT_BATCH } from '../../inside/types';
import * as tf from '../../tfjs';
import type { InspectInput, WorkerToPage } from '../protocol';
import type { RunConfig } from '../types';
import { scheduledLearningRate } from './lrSchedule';
import type { TrainData, Trainer } from './trainer';

type Inspection = Extract<WorkerToPage, { type: 'inspection' }>;

/** The image to inspect as NHWC floats, or an Error whose message names what was wrong. */
function inputPixels(data: TrainData, input: InspectInput): { pixels: Float32Array; label?: number } {
  const [h, w, c] = data.summary.inputShape;
  if (input.source === 'test') {
    const { index } = input;
    if (!Number.isInteger(index) || index < 0 || index >= data.summary.testCount)
      throw new Error(`inspect: test index ${index} is outside 0…${data.summary.testCount - 1}.`);
    const { x, y } = data.batch('test', [index]);
    return { pixels: x, label: y[0] };
  }
  if (input.pixels.length !== h * w * c)
    throw new Error(`inspect: the drawn image has ${input.pixels.length} pixels, not ${h}×${w}×${c}.`);
  return { pixels: Float32Array.from(input.pixels) };
}

/** Never throws: no run yet or a bad input gives an answer whose `failure` says why. */
export async function inspectRun(
  trainer: Trainer | undefined,
  data: TrainData | undefined,
  config: RunConfig | undefined,
  requestId: number,
  input: InspectInput,
  ids?: string[],
): Promise<{ message: Inspection; transfer: ArrayBuffer[] }> {
  const t0 = performance.now();
  const failed = (failure: string) => ({
    message: {
      type: 'inspection' as const,
      requestId,
      step: trainer?.step ?? 0,
      learningRate: config?.learningRate ?? 0,
      input: new Float32Array(0),
      models: [],
      computeMs: performance.now() - t0,
      failure,
    },
    transfer: [],
  });
  if (!trainer || !data || !config)
    return failed('Nothing to inspect yet: the data or the run is still loading.');
  try {
    return await inspectNow(trainer, data, config, requestId, input, ids, t0);
  } catch (e) {
    return failed(e instanceof Error ? e.message : String(e));
  }
}

async function inspectNow(
  trainer: Trainer,
  data: TrainData,
  config: RunConfig,
  requestId: number,
  input: InspectInput,
  ids: string[] | undefined,
  t0: number,
): Promise<{ message: Inspection; transfer: ArrayBuffer[] }> {
  const [h, w, c] = data.summary.inputShape;
  const { pixels, label } = inputPixels(data, input);
  const n = Math.min(INSPECT_BATCH, data.summary.testCount);
  const batchPixels = data.batch(
    'test',
    Array.from({ length: n }, (_, i) => i),
  ).x;
  const x1 = tf.tensor4d(pixels, [1, h, w, c]);
  const batch = tf.tensor4d(batchPixels, [n, h, w, c]);
  const learningRate = scheduledLearningRate(config, trainer.step);
  const entries = new Map(config.models.map((m) => [m.id, m]));
  try {
    const models = [];
    for (const { id, model } of trainer.models()) {
      if (ids && !ids.includes(id)) continue;
      const spec = entries.get(id)?.spec;
      const arch = spec?.kind === 'net' ? spec.net.arch : 'baseline';
      const layers = model.layersModel?.();
      if (!layers) throw new Error('Inside the nets shows conv nets only: this run is recurrent.');
      models.push(await inspectModel(layers, x1, batch, { id, arch, learningRate }));
    }
    const transfer: ArrayBuffer[] = [pixels.buffer as ArrayBuffer];
    for (const m of models) {
      for (const s of m.stages) transfer.push(s.values.buffer as ArrayBuffer);
      for (const l of m.layers)
        for (const a of [l.kernel, l.kernelNorms, l.patchNorm, l.cos, l.output])
          transfer.push(a.buffer as ArrayBuffer);
    }
    const message: Inspection = {
      type: 'inspection',
      requestId,
      step: trainer.step,
      learningRate,
      input: pixels,
      label,
      models,
      computeMs: performance.now() - t0,
    };
    return { message, transfer };
  } finally {
    x1.dispose();
    batch.dispose();
  }
}
