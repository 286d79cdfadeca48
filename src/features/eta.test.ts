import { describe, expect, it } from 'vitest';
import { formatDuration, measureStepTime, SHORT_RUN_MIN_STEPS, shorterRunSteps } from './eta';

describe('time per step from the worker’s metrics', () => {
  it('skips the first message’s one-off costs and reads each message by its last step', () => {
    // Step 1 took 5 s (compilation), then 200 ms a step; messages hold several steps at one stamp.
    const points = [
      { step: 1, wallMs: 5000 },
      { step: 2, wallMs: 5400 },
      { step: 3, wallMs: 5400 },
      { step: 4, wallMs: 5800 },
      { step: 5, wallMs: 5800 },
      { step: 6, wallMs: 6000 },
    ];
    expect(measureStepTime(points)).toEqual({ msPerStep: 200, fromStep: 1, toStep: 6 });
  });

  it('gives nothing before enough steps are timed', () => {
    expect(measureStepTime([])).toBeUndefined();
    expect(measureStepTime([{ step: 1, wallMs: 900 }])).toBeUndefined();
    expect(
      measureStepTime([
        { step: 1, wallMs: 900 },
        { step: 3, wallMs: 1300 },
      ]),
    ).toBeUndefined();
    expect(
      measureStepTime(
        [
          { step: 1, wallMs: 900 },
          { step: 3, wallMs: 1300 },
        ],
        2,
      )?.msPerStep,
    ).toBe(200);
  });
});

describe('durations and the shorter run', () => {
  it('writes seconds, minutes and hours', () => {
    expect(formatDuration(45_000)).toBe('about 45 s');
    expect(formatDuration(200)).toBe('about 1 s');
    expect(formatDuration(8 * 60_000 + 10_000)).toBe('about 8 min');
    expect(formatDuration(3600 * 780)).toBe('about 47 min');
    expect(formatDuration(65 * 60_000)).toBe('about 1 h 5 min');
    expect(formatDuration(120 * 60_000)).toBe('about 2 h');
  });

  it('fits the target time, in hundreds, within [the minimum, half the full run]', () => {
    // 780 ms a step: 5 min fit 384 steps → the 400-step floor.
    expect(shorterRunSteps(780, 3600)).toBe(SHORT_RUN_MIN_STEPS);
    // 250 ms a step: 1,200 steps fit in 5 min.
    expect(shorterRunSteps(250, 3600)).toBe(1200);
    // A fast machine: 5 min would hold more than the whole run; half of it is offered.
    expect(shorterRunSteps(10, 3600)).toBe(1800);
    // A run already as short as the floor has no shorter version.
    expect(shorterRunSteps(780, 700)).toBeUndefined();
  });
});
