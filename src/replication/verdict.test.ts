import { describe, expect, it } from 'vitest';
import { effectStats, verdict } from './verdict';

describe('verdict rule', () => {
  it('reproduced: ≥ 4 of 5 seeds the paper’s way and the mean beyond 2 standard errors', () => {
    expect(verdict([3, 4, 5, 2, 6])).toBe('reproduced');
    expect(verdict([3, 4, 5, 2, -0.5])).toBe('reproduced');
  });
  it('not shown: 3 of 5 seeds, however large the mean', () => {
    expect(verdict([30, 40, 50, -1, -1])).toBe('not shown at this scale');
  });
  it('not shown: 5 of 5 seeds but a mean within 2 standard errors', () => {
    // mean 20.2, sd ≈ 44.3, se ≈ 19.8: 2·se ≈ 39.6 > mean
    expect(verdict([0.1, 0.2, 0.3, 0.4, 100])).toBe('not shown at this scale');
  });
  it('against the paper when the effect goes the other way just as clearly', () => {
    expect(verdict([-3, -4, -5, -2, -6])).toBe('against the paper');
    expect(verdict([-3, -4, -5, -2, 1])).toBe('against the paper');
  });
  it('generalizes to other seed counts (≥ 80%: 8 of 10, 3 of 3)', () => {
    expect(verdict([1, 2, 3, 1, 2, 3, 1, 2, -1, -1])).toBe('reproduced');
    expect(verdict([1, 2, 3, 1, 2, 3, 1, -1, -1, -1])).toBe('not shown at this scale');
    expect(verdict([1, 2, 3])).toBe('reproduced');
    expect(verdict([1, 2, -3])).toBe('not shown at this scale');
  });
  it('zeros, one seed, NaN and an empty list decide nothing', () => {
    expect(verdict([0, 0, 0, 0, 0])).toBe('not shown at this scale');
    expect(verdict([5])).toBe('not shown at this scale');
    expect(verdict([])).toBe('not shown at this scale');
    expect(verdict([1, 2, Number.NaN, 3, 4])).toBe('not shown at this scale');
  });
  it('identical positive effects (sd 0) are reproduced', () => {
    expect(verdict([0.4, 0.4, 0.4, 0.4, 0.4])).toBe('reproduced');
  });
  it('statistics: sample sd and sign counts', () => {
    const s = effectStats([1, 2, 3, 4, -5]);
    expect(s.mean).toBeCloseTo(1);
    expect(s.sd).toBeCloseTo(Math.sqrt((0 + 1 + 4 + 9 + 36) / 4));
    expect([s.n, s.positive, s.negative]).toEqual([5, 4, 1]);
  });
});
