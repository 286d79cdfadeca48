import { describe, expect, it } from 'vitest';
import { correlation, normalizeForDisplay, similarity, ssim } from './metrics';
import { hash2 } from './noise';

const SIZE = 32;
const base = Float32Array.from({ length: SIZE * SIZE }, (_, i) =>
  hash2((i % SIZE) >> 2, Math.floor(i / SIZE) >> 2, 9),
);

describe('correlation', () => {
  it('is 1 under gain and offset, −1 for the negative, 0 for a constant', () => {
    expect(
      correlation(
        base,
        base.map((v) => 2 * v + 3),
      ),
    ).toBeCloseTo(1, 6);
    expect(
      correlation(
        base,
        base.map((v) => -v),
      ),
    ).toBeCloseTo(-1, 6);
    expect(correlation(base, new Float32Array(base.length).fill(0.4))).toBe(0);
  });

  it('falls as noise is added', () => {
    const noisy = (amp: number) => base.map((v, i) => v + amp * (hash2(i, 0, 1) - 0.5));
    const c1 = correlation(base, noisy(0.2));
    const c2 = correlation(base, noisy(1));
    expect(c1).toBeLessThan(1);
    expect(c2).toBeLessThan(c1);
  });
});

describe('ssim', () => {
  it('is 1 for identical images and lower for a noisy copy, lower still for a gain change', () => {
    expect(ssim(base, base, SIZE)).toBeCloseTo(1, 6);
    const noisy = base.map((v, i) => Math.min(1, Math.max(0, v + 0.3 * (hash2(i, 1, 2) - 0.5))));
    const s = ssim(base, noisy, SIZE);
    expect(s).toBeLessThan(0.95);
    expect(s).toBeGreaterThan(0);
    // Unlike correlation, SSIM sees a contrast change.
    expect(
      ssim(
        base,
        base.map((v) => 0.5 + 0.2 * (v - 0.5)),
        SIZE,
      ),
    ).toBeLessThan(0.99);
  });

  it('rejects arrays that are not size×size', () => {
    expect(() => ssim(base, base.subarray(1), SIZE)).toThrow(/32×32/);
  });
});

describe('similarity and display normalisation', () => {
  it('averages SSIM over channels and correlates all channels together', () => {
    const r = similarity([base, base, base], [base, base, base], SIZE);
    expect(r.ssim).toBeCloseTo(1, 6);
    expect(r.correlation).toBeCloseTo(1, 6);
  });

  it('maps to [0, 1] by percentiles, clipping outliers, and keeps a constant image mid-gray', () => {
    const x = base.map((v) => 100 * v - 20);
    x[5] = 1e6;
    const [n] = normalizeForDisplay([x]);
    expect(Math.min(...n)).toBe(0);
    expect(Math.max(...n)).toBe(1);
    expect(n[5]).toBe(1);
    // The outlier did not squash everything else to black.
    expect(n.reduce((s, v) => s + v, 0) / n.length).toBeGreaterThan(0.2);
    expect(normalizeForDisplay([new Float32Array(4).fill(3)])[0]).toEqual(new Float32Array(4).fill(0.5));
  });
});
