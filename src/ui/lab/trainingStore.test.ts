import { describe, expect, it } from 'vitest';
import type { WorkerToPage } from '../../engine/protocol';
import {
  initialTrainingState,
  lockstepThroughput,
  MAX_POINTS,
  reduceTraining,
  seriesUpTo,
  shownSeries,
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

describe('reduceTraining on a failed load', () => {
  it('ends the progress shown when the task that reported it fails', () => {
    let state = reduceTraining(initialTrainingState, {
      type: 'progress',
      task: 'Decompressing train-images-idx3-ubyte.gz',
      done: 0,
      total: 100,
    });
    expect(state.progress?.task).toBe('Decompressing train-images-idx3-ubyte.gz');
    const message =
      'train-images-idx3-ubyte.gz: decompresses to more than 400 MB, the most SphereLab reads; stopped there.';
    state = reduceTraining(state, { type: 'error', message, fatal: false });
    expect(state.progress).toBeUndefined();
    expect(state.errors).toEqual([message]);
  });
});

describe('reduceTraining when a worker fails and a new one takes over', () => {
  const trained = (steps: number): TrainingState => {
    let state = reduceTraining(initialTrainingState, { type: 'workerStarted', generation: 1 });
    for (let step = 1; step <= steps; step++) state = reduceTraining(state, metricsAt(step));
    return reduceTraining(state, { type: 'status', running: true, step: steps, configured: true });
  };
  const lost = (state: TrainingState, generation = 2) =>
    reduceTraining(state, {
      type: 'workerStarted',
      generation,
      recovery: { reason: 'device lost', snapshotStep: 30 },
    });

  it('keeps the run aside and shows it while the user chooses; the new worker starts bare', () => {
    const state = lost(trained(40));
    expect(state.worker).toBe(2);
    expect(state.dataset).toBeUndefined();
    expect(state.configured).toBe(false);
    expect(state.recovery?.step).toBe(40);
    expect(state.recovery?.snapshotStep).toBe(30);
    expect(shownSeries(state).a.losses).toHaveLength(40);
    // A second fault before the user chose keeps the first run, not the empty one in between.
    const again = lost(state, 3);
    expect(shownSeries(again).a.losses).toHaveLength(40);
  });

  it('continue: the curves up to the snapshot, and the fresh run below it is ignored', () => {
    let state = reduceTraining(lost(trained(40)), { type: 'continued', step: 30 });
    expect(state.recovery).toBeUndefined();
    expect(state.step).toBe(30);
    expect(state.series.a.losses.at(-1)?.step).toBe(30);
    // The new worker's step-0 evaluation, arriving late, is not the continued run's.
    state = reduceTraining(state, metricsAt(0));
    expect(state.series.a.losses.at(-1)?.step).toBe(30);
    state = reduceTraining(state, metricsAt(31));
    expect(state.series.a.losses.at(-1)?.step).toBe(31);
    // A Reset (clear) afterwards starts from 0 again.
    state = reduceTraining(reduceTraining(state, { type: 'clear' }), metricsAt(1));
    expect(state.series.a.losses).toHaveLength(1);
  });

  it('restart (or Train pressed): the old curves become the previous run', () => {
    const restarted = reduceTraining(lost(trained(40)), { type: 'restarted' });
    expect(restarted.previous?.a.losses).toHaveLength(40);
    expect(restarted.series).toEqual({});
    const trainPressed = reduceTraining(lost(trained(40)), {
      type: 'status',
      running: true,
      step: 0,
      configured: true,
    });
    expect(trainPressed.recovery).toBeUndefined();
    expect(trainPressed.previous?.a.losses).toHaveLength(40);
  });

  it('a worker started for another backend by the user starts a new run', () => {
    const state = reduceTraining(trained(40), { type: 'workerStarted', generation: 2 });
    expect(state.recovery).toBeUndefined();
    expect(shownSeries(state)).toEqual({});
    expect(seriesUpTo(trained(40).series, 10).a.accuracy.at(-1)?.step).toBe(10);
  });
});

describe('lockstepThroughput', () => {
  const model = (id: string, imagesPerSecond: number, stopped?: string, worker?: number) => ({
    id,
    losses: [],
    accuracy: [],
    kHistory: [],
    imagesPerSecond,
    stopped,
    worker,
  });
  it('is the batch over the summed step times, with each model’s share of that time', () => {
    // 300 and 600 images/s alone: a 32-image step takes 32/300 + 32/600 s, so 200 images/s together.
    const t = lockstepThroughput({ a: model('a', 300), b: model('b', 600) }, ['a', 'b'])!;
    expect(t.imagesPerSecond).toBeCloseTo(200);
    expect(t.shares.a).toBeCloseTo(2 / 3);
    expect(t.shares.b).toBeCloseTo(1 / 3);
  });
  it('with two workers, a step takes the slower worker’s time; shares are parts of that time', () => {
    // a alone in worker 0 (32/300 s a step), b and c together in worker 1 (32/600 + 32/1200 s): a's is longer.
    const series = {
      a: model('a', 300),
      b: model('b', 600, undefined, 1),
      c: model('c', 1200, undefined, 1),
    };
    const t = lockstepThroughput(series, ['a', 'b', 'c'])!;
    expect(t.imagesPerSecond).toBeCloseTo(300);
    expect(t.shares).toEqual({ a: 1, b: 0.5, c: 0.25 });
    // The same models in one worker: the summed time (1/300 + 1/600 + 1/1200 s an image).
    const one = lockstepThroughput({ ...series, b: model('b', 600), c: model('c', 1200) }, ['a', 'b', 'c'])!;
    expect(one.imagesPerSecond).toBeCloseTo(1 / (1 / 300 + 1 / 600 + 1 / 1200));
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

describe('the failed-worker state', () => {
  it('disables training until a new worker starts, and keeps the run reached', () => {
    let state = reduceTraining(initialTrainingState, { type: 'workerStarted', generation: 1 });
    state = reduceTraining(state, { type: 'status', running: true, configured: true, step: 12 });
    state = reduceTraining(state, { type: 'workerFailed', message: 'it crashed twice' });
    expect(state).toMatchObject({ failed: 'it crashed twice', running: false, configured: false, step: 12 });
    // Clearing the run's curves does not hide why nothing trains.
    expect(reduceTraining(state, { type: 'clear' }).failed).toBe('it crashed twice');
    // Try again / another backend: a new worker, no failure left.
    expect(reduceTraining(state, { type: 'workerStarted', generation: 2 }).failed).toBeUndefined();
  });
});
