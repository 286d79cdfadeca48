import { describe, expect, it } from 'vitest';
import { appendInspection, pointOf, type Timeline } from './timeline';
import type { LayerStats, ModelInspection } from './types';

const stats = (norm: number, histogram = [0, 2, 0, 6]): LayerStats => ({
  thetaHistogram: histogram,
  zeroPatchFraction: 0,
  deadFilterFraction: 0.25,
  zeroActivationFraction: 0.5,
  meanKernelNorm: norm,
  effectiveStep: 0.1 / (norm * norm),
});

const model = (id: string, norms: number[]): ModelInspection => ({
  id,
  arch: 'sphere',
  stages: [],
  probabilities: [],
  layers: norms.map((n, i) => ({ stats: stats(n), name: `c${i}` }) as ModelInspection['layers'][number]),
});

describe('timeline', () => {
  it("takes the mean θ from the histogram's bin centres and its shares summing to 1", () => {
    const p = pointOf(5, stats(2));
    // 4 bins of π/4: centres 3π/8 (2 pairs) and 7π/8 (6 pairs).
    expect(p.meanTheta).toBeCloseTo(((2 * (3 * Math.PI)) / 8 + (6 * 7 * Math.PI) / 8) / 8, 10);
    expect(p.thetaShares).toEqual([0, 0.25, 0, 0.75]);
    expect(Number.isNaN(pointOf(0, stats(1, [0, 0])).meanTheta)).toBe(true);
  });

  it('adds one point per new step, none for a repeated step, and restarts when the step goes back', () => {
    let t: Timeline = {};
    t = appendInspection(t, 0, [model('a', [1, 2])]);
    t = appendInspection(t, 10, [model('a', [1.5, 2.5])]);
    t = appendInspection(t, 10, [model('a', [9, 9])]);
    expect(t.a.map((layer) => layer.map((p) => [p.step, p.meanKernelNorm]))).toEqual([
      [
        [0, 1],
        [10, 1.5],
      ],
      [
        [0, 2],
        [10, 2.5],
      ],
    ]);
    t = appendInspection(t, 3, [model('a', [4, 4])]);
    expect(t.a[0].map((p) => p.step)).toEqual([3]);
  });

  it('thins a long series to at most the cap, keeping its first and last steps', () => {
    let t: Timeline = {};
    for (let s = 0; s <= 100; s++) t = appendInspection(t, s, [model('a', [s])], 20);
    const steps = t.a[0].map((p) => p.step);
    expect(steps.length).toBeLessThanOrEqual(20);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(100);
    expect([...steps].sort((x, y) => x - y)).toEqual(steps);
  });
});
