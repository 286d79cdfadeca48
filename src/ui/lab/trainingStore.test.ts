import { describe, expect, it } from 'vitest';
import type { WorkerToPage } from '../../engine/protocol';
import {
  initialTrainingState,
  lockstepThroughput,
  MAX_POINTS,
  reduceTraining,
  type TrainingState,
} from './trainingStore';

/** A metrics message for one model that evaluated at `step`. */
const metricsAt = (step: number): WorkerToPage => ({
  type: 'metrics',
  step,
  wallMs: step * 10,
  models: [
    { id: 'a', steps: [step], losses: [1 / step], accuracy: { step, value: step / 1e5 }, imagesPerSecond: 1 },
  ],
});

describe('reduceTraining on a long run', () => {
  it('keeps the accuracy curve bounded, first and latest point kept, steps in order', () => {
    let state: TrainingState = initialTrainingState;
    const steps = 3 * MAX_POINTS + 17;
    for (let step = 1; step <= steps; step++) state = reduceTraining(state, metricsAt(step));
    const { accuracy, losses } = state.series.a;
    expect(accuracy.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(losses.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(accuracy[0].step).toBe(1);
    expect(accuracy[accuracy.length - 1].step).toBe(steps);
    expect(accuracy.every((p, i) => i === 0 || p.step > accuracy[i - 1].step)).toBe(true);
  });
});

describe('lockstepThroughput', () => {
  const model = (id: string, imagesPerSecond: number, stopped?: string) => ({
    id,
    losses: [],
    accuracy: [],
    kHistory: [],
    imagesPerSecond,
    stopped,
  });
  it('is the batch over the summed step times, with each model’s share of that time', () => {
    // 300 and 600 images/s alone: a 32-image step takes 32/300 + 32/600 s, so 200 images/s together.
    const t = lockstepThroughput({ a: model('a', 300), b: model('b', 600) }, ['a', 'b'])!;
    expect(t.imagesPerSecond).toBeCloseTo(200);
    expect(t.shares.a).toBeCloseTo(2 / 3);
    expect(t.shares.b).toBeCloseTo(1 / 3);
  });
  it('leaves out a stopped model and one without a figure; none at all gives no figure', () => {
    const t = lockstepThroughput(
      { a: model('a', 300), b: model('b', 600, 'Loss became NaN'), c: model('c', 0) },
      ['a', 'b', 'c'],
    )!;
    expect(t.imagesPerSecond).toBeCloseTo(300);
    expect(t.shares).toEqual({ a: 1 });
    expect(lockstepThroughput({}, ['a'])).toBeUndefined();
  });
});
