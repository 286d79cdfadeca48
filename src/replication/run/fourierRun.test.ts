/**
 * C6's pairs are the seed's own: seeds are independent replicates (issue 25: with the same 6
 * built-in images in every seed, 30 of 50 swaps were identical across seeds and the sd was 0).
 */
import { describe, expect, it } from 'vitest';
import { quadrantData } from '../../engine/train/testData';
import { digitPairs, fourierRun } from './fourierRun';

describe('C6 digit pairs', () => {
  it('are drawn from the seed: the same seed gives the same pairs, another seed other digits', () => {
    expect(digitPairs(101, 50, 2000)).toEqual(digitPairs(101, 50, 2000));
    const a = new Set(digitPairs(101, 50, 2000).flat());
    const b = digitPairs(102, 50, 2000).flat();
    // 100 of 2,000 digits each: two seeds share about 5 by chance, never most of them.
    expect(b.filter((i) => a.has(i)).length).toBeLessThan(20);
  });

  it('use no digit twice within a seed, and every index is a test digit', () => {
    const flat = digitPairs(7, 50, 2000).flat();
    expect(new Set(flat).size).toBe(100);
    expect(flat.every((i) => Number.isInteger(i) && i >= 0 && i < 2000)).toBe(true);
  });

  it('refuses more pairs than there are distinct digits', () => {
    expect(() => digitPairs(1, 6, 10)).toThrow(/needs 12 distinct test digits, but there are 10/);
  });

  it('scores every pair of the seed, both swaps each', () => {
    const data = quadrantData(100); // 20 test images
    const r = fourierRun({ mnistPairs: 8 }, 3, data);
    expect(r.pairs).toBe(8);
    // A share of 16 swaps: a multiple of 1/16 in [0, 1].
    expect(r.phaseShare * 16).toBeCloseTo(Math.round(r.phaseShare * 16), 6);
    expect(r.phaseShare).toBeGreaterThanOrEqual(0);
    expect(r.phaseShare).toBeLessThanOrEqual(1);
  });
});
