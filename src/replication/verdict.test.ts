import { describe, expect, it } from 'vitest';
import { effectStats, familyVerdicts, verdict } from './verdict';

describe('verdict rule (t interval, Holm within a claim, TOST margin)', () => {
  it('reproduced: ≥ 4 of 5 seeds the paper’s way and t-test p < 0.05', () => {
    expect(verdict([3, 4, 5, 2, 6])).toBe('reproduced'); // p ≈ 0.005
    expect(verdict([3, 4, 5, 2, -0.5])).toBe('reproduced'); // p ≈ 0.046
  });
  it('inconclusive: 3 of 5 seeds, however large the mean', () => {
    expect(verdict([30, 40, 50, -1, -1])).toBe('inconclusive');
  });
  it('inconclusive: 5 of 5 seeds but a mean within the t interval of 0', () => {
    // mean 20.2, sd ≈ 44.3, se ≈ 19.8: t ≈ 1.02
    expect(verdict([0.1, 0.2, 0.3, 0.4, 100])).toBe('inconclusive');
  });
  it('against the paper when the effect goes the other way just as clearly', () => {
    expect(verdict([-3, -4, -5, -2, -6])).toBe('against the paper');
  });
  it('the t cut-off at 5 seeds, not the normal one: 2.5 standard errors no longer decide', () => {
    // mean −2.6, se ≈ 1.03 (t ≈ −2.53, beyond the old 2 standard errors): p ≈ 0.065 on 4 df.
    const [s] = familyVerdicts([{ effects: [-3, -4, -5, -2, 1] }]);
    expect(s.p).toBeCloseTo(0.065, 3);
    expect(s.verdict).toBe('inconclusive');
    // 3 seeds, t ≈ 3.5: p ≈ 0.074 on 2 df (the old rule said reproduced).
    expect(verdict([1, 2, 3])).toBe('inconclusive');
  });
  it('generalizes to other seed counts (≥ 80%: 8 of 10)', () => {
    expect(verdict([1, 2, 3, 1, 2, 3, 1, 2, -1, -1])).toBe('reproduced');
    expect(verdict([1, 2, 3, 1, 2, 3, 1, -1, -1, -1])).toBe('inconclusive');
    expect(verdict([1, 2, -3])).toBe('inconclusive');
  });
  it('zeros, one seed, NaN, an empty list and a seed without a number decide nothing', () => {
    expect(verdict([0, 0, 0, 0, 0])).toBe('inconclusive');
    expect(verdict([5])).toBe('inconclusive');
    expect(verdict([])).toBe('inconclusive');
    expect(verdict([1, 2, Number.NaN, 3, 4])).toBe('inconclusive');
    const [missing] = familyVerdicts([{ effects: [3, 4, 5, 2], complete: false, margin: 100 }]);
    expect(missing).toMatchObject({ verdict: 'inconclusive', interval: null, p: null, mde: null });
  });
  it('identical positive effects (sd 0) are reproduced', () => {
    expect(verdict([0.4, 0.4, 0.4, 0.4, 0.4])).toBe('reproduced');
  });
  it('95% t interval: mean ± t(0.975, 4) · sd / √5', () => {
    const [s] = familyVerdicts([{ effects: [3, 4, 5, 2, 6] }]);
    const half = (2.7764451 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(s.interval![0]).toBeCloseTo(4 - half, 6);
    expect(s.interval![1]).toBeCloseTo(4 + half, 6);
  });
  it('statistics: sample sd and sign counts', () => {
    const s = effectStats([1, 2, 3, 4, -5]);
    expect(s.mean).toBeCloseTo(1);
    expect(s.sd).toBeCloseTo(Math.sqrt((0 + 1 + 4 + 9 + 36) / 4));
    expect([s.n, s.positive, s.negative]).toEqual([5, 4, 1]);
  });
});

describe('Holm across a claim’s measures', () => {
  it('a p that passes alone fails in a family of two, and the Holm level widens the interval', () => {
    const effects = [3, 4, 5, 2, -0.5]; // p ≈ 0.046 alone
    const [first, second] = familyVerdicts([{ effects }, { effects }]);
    expect(first.pHolm).toBeCloseTo(2 * 0.0458, 3);
    expect(second.pHolm).toBeCloseTo(first.pHolm!, 12); // step-down: never below an earlier one
    expect([first.verdict, second.verdict]).toEqual(['inconclusive', 'inconclusive']);
    expect(first.level).toBeCloseTo(0.025);
    expect(first.holmInterval![0]).toBeLessThan(0);
    expect(first.interval![0]).toBeGreaterThan(0);
  });
  it('a strong measure survives beside a null one', () => {
    const [strong, none] = familyVerdicts([{ effects: [3, 4, 5, 2, 6] }, { effects: [1, -1, 0.5, -0.5, 0] }]);
    expect(strong.verdict).toBe('reproduced');
    expect(none.verdict).toBe('inconclusive');
  });
});

describe('equivalence (TOST) and the smallest detectable effect', () => {
  const flat = [0.1, -0.1, 0.05, -0.05, 0];
  it('no effect larger than the margin when the corrected interval lies inside ±margin', () => {
    expect(verdict(flat, { margin: 1 })).toBe('no effect larger than the margin');
    // The interval is ±0.098: a margin of 0.05 does not contain it.
    expect(verdict(flat, { margin: 0.05 })).toBe('inconclusive');
    expect(verdict(flat)).toBe('inconclusive'); // no margin stated: no equivalence verdict
  });
  it('the interval for equivalence is the Holm-corrected one', () => {
    // mean 0.02, se ≈ 0.017, p ≈ 0.3: the 95% interval (−0.026 to +0.066) lies inside ±0.07; ranked
    // first of two it is judged at 2.5%, −0.038 to +0.078, which does not.
    const small = [0.05, -0.03, 0.06, 0.02, 0];
    expect(verdict(small, { margin: 0.07 })).toBe('no effect larger than the margin');
    const [s] = familyVerdicts([{ effects: small, margin: 0.07 }, { effects: flat }]);
    expect(s.level).toBeCloseTo(0.025);
    expect(s.holmInterval![1]).toBeGreaterThan(0.07);
    expect(s.verdict).toBe('inconclusive');
  });
  it('MDE = (t(1 − level/2) + t(0.8)) · sd / √n', () => {
    const [s] = familyVerdicts([{ effects: [1, 2, 3, 4, 5] }]);
    expect(s.mde).toBeCloseTo(((2.7764451 + 0.9409646) * Math.sqrt(2.5)) / Math.sqrt(5), 5);
  });
});

describe('sign test (bimodal or censored effects)', () => {
  const bimodal = [85, 7, 13, 5, 85];
  it('5 of 5 seeds one way is p = 0.0625: inconclusive, with the seeds a decision would need', () => {
    const [s] = familyVerdicts([{ effects: bimodal, test: 'sign' }]);
    expect(s.p).toBeCloseTo(0.0625, 12);
    expect(s).toMatchObject({ verdict: 'inconclusive', seedsNeeded: 6, mde: null });
    expect(verdict([...bimodal, 9], { test: 'sign' })).toBe('reproduced'); // 6 of 6: p = 0.031
  });
  it('never says "no effect": a sign test does not size an effect', () => {
    expect(verdict([0.1, -0.1, 0.05, -0.05, 0.01], { test: 'sign', margin: 100 })).toBe('inconclusive');
  });
});
