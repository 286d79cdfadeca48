import { describe, expect, it } from 'vitest';
import {
  holm,
  incompleteBeta,
  logGamma,
  signTestP,
  signTestSeedsNeeded,
  tCdf,
  tQuantile,
  tTestP,
} from './stats';

describe('t distribution (against tabulated values)', () => {
  it('quantiles', () => {
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.7764, 4);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.2622, 4);
    expect(tQuantile(0.995, 4)).toBeCloseTo(4.6041, 4);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(tQuantile(0.8, 4)).toBeCloseTo(0.941, 3);
    expect(tQuantile(0.025, 4)).toBeCloseTo(-2.7764, 4);
    expect(tQuantile(0.5, 7)).toBe(0);
  });
  it('CDF and p-values', () => {
    expect(tCdf(1, 1)).toBeCloseTo(0.75, 10); // Cauchy
    expect(tCdf(0, 3)).toBeCloseTo(0.5, 12);
    expect(tCdf(2.7764451, 4)).toBeCloseTo(0.975, 6);
    expect(tCdf(-2.2621572, 9)).toBeCloseTo(0.025, 6);
    // The figure: t = 2 on 4 degrees of freedom is p ≈ 0.116, not 0.05.
    expect(tTestP(2, 4)).toBeCloseTo(0.1161, 4);
    expect(tTestP(Number.POSITIVE_INFINITY, 4)).toBe(0);
    expect(tTestP(0, 4)).toBe(1);
  });
  it('round-trips quantile and CDF over df and levels', () => {
    for (const df of [1, 2, 4, 9, 29])
      for (const p of [0.6, 0.9, 0.975, 0.999, 0.99999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 9);
  });
  it('bad arguments give NaN, not a number that looks right', () => {
    expect(tQuantile(1, 4)).toBeNaN();
    expect(tQuantile(0.9, 0)).toBeNaN();
    expect(tCdf(1, -1)).toBeNaN();
    expect(incompleteBeta(1.5, 1, 1)).toBeNaN();
  });
});

describe('special functions', () => {
  it('log-gamma and the regularized incomplete beta', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // I_0.5(2, 3) = P(Binomial(4, ½) ≥ 2) = 11/16
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 12);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.9, 5, 0.5) + incompleteBeta(0.1, 0.5, 5)).toBeCloseTo(1, 12);
  });
});

describe('sign test and Holm', () => {
  it('exact binomial sign test', () => {
    expect(signTestP(5, 0)).toBeCloseTo(0.0625, 12);
    expect(signTestP(0, 5)).toBeCloseTo(0.0625, 12);
    expect(signTestP(4, 1)).toBeCloseTo(0.375, 12);
    expect(signTestP(8, 2)).toBeCloseTo(0.109375, 12);
    expect(signTestP(0, 0)).toBe(1);
    expect(signTestP(3, 3)).toBe(1);
    expect(signTestSeedsNeeded(0.05)).toBe(6);
    expect(signTestSeedsNeeded(0.05 / 3)).toBe(7);
  });
  it('Holm: the k-th smallest p times (m − k + 1), kept monotone, in input order', () => {
    const { adjusted, rank } = holm([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted[0]).toBeCloseTo(0.03);
    expect(adjusted[1]).toBeCloseTo(0.06);
    expect(adjusted[2]).toBeCloseTo(0.06);
    expect(adjusted[3]).toBeCloseTo(0.02);
    expect(rank).toEqual([2, 4, 3, 1]);
    expect(holm([0.5, 0.9]).adjusted).toEqual([1, 1]); // monotone: never below a smaller p's
    expect(holm([null, 0.01]).adjusted).toEqual([null, 0.02]);
  });
});
