import { describe, expect, it } from 'vitest';
import { mulberry32, normalSampler, SeededBatchOrder, seededPermutation, shuffleInPlace } from './rng';

describe('seeded randomness', () => {
  it('mulberry32 repeats per seed, differs across seeds, stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('seeded shuffle is deterministic, a permutation, and seed-dependent', () => {
    const p1 = seededPermutation(500, 7);
    const p2 = seededPermutation(500, 7);
    const p3 = seededPermutation(500, 8);
    expect(Array.from(p1)).toEqual(Array.from(p2));
    expect(Array.from(p1)).not.toEqual(Array.from(p3));
    expect(Array.from(p1).sort((x, y) => x - y)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    // Not the identity: a real shuffle moves most items.
    const fixed = Array.from(p1).filter((v, i) => v === i).length;
    expect(fixed).toBeLessThan(20);
    const words = shuffleInPlace(['a', 'b', 'c', 'd', 'e', 'f'], mulberry32(1));
    expect(words.slice().sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('normal sampler has mean ≈ 0 and variance ≈ 1, deterministic per seed', () => {
    const n1 = normalSampler(mulberry32(3));
    const xs = Array.from({ length: 20000 }, () => n1());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(xs.every(Number.isFinite)).toBe(true);
    const n2 = normalSampler(mulberry32(3));
    expect(Array.from({ length: 10 }, () => n2())).toEqual(xs.slice(0, 10));
  });

  it('batch order covers each example once per epoch and repeats per seed', () => {
    const order = new SeededBatchOrder(10, 5);
    const epoch1 = [...order.next(4), ...order.next(4), ...order.next(2)];
    expect(epoch1.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order.epoch).toBe(0);
    const crossing = order.next(3);
    expect(order.epoch).toBe(1);
    expect(crossing.length).toBe(3);
    const again = new SeededBatchOrder(10, 5);
    expect(Array.from(again.next(10))).toEqual(epoch1);
    expect(Array.from(new SeededBatchOrder(10, 6).next(10))).not.toEqual(epoch1);
    expect(() => new SeededBatchOrder(0, 1)).toThrow(/at least one/);
  });
});
