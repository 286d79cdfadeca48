import { describe, expect, it } from 'vitest';
import type { WorkerToPage } from '../../engine/protocol';
import { initialTrainingState, MAX_POINTS, reduceTraining, type TrainingState } from './trainingStore';

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
