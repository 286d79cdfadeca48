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

describe('percentiles', () => {
  it('normalisation picks the same cut points as a full sort', () => {
    const x = Float32Array.from({ length: 5001 }, (_, i) => hash2(i, 3, 4) * 10 - 3);
    const sorted = Float32Array.from(x).sort();
    const lo = sorted[Math.floor(0.1 * 5000)];
    const hi = sorted[Math.ceil(0.9 * 5000)];
    const [n] = normalizeForDisplay([x], 0.1, 0.9);
    for (let i = 0; i < x.length; i += 97) {
      expect(n[i]).toBeCloseTo(Math.min(1, Math.max(0, (x[i] - lo) / (hi - lo))), 6);
    }
  });
});

describe('ssim against its definition', () => {
  it('matches a direct per-pixel evaluation with a 2-D Gaussian window (clamped edges)', () => {
    const n = 20;
    const a = Float32Array.from({ length: n * n }, (_, i) => hash2(i, 5, 6));
    const b = Float32Array.from(a, (v, i) => 0.6 * v + 0.3 * hash2(i, 7, 8));
    const g = (d: number) => Math.exp(-(d * d) / (2 * 1.5 * 1.5));
    let norm = 0;
    for (let d = -5; d <= 5; d++) norm += g(d);
    const at = (img: Float32Array, y: number, x: number) =>
      img[Math.min(n - 1, Math.max(0, y)) * n + Math.min(n - 1, Math.max(0, x))];
    let total = 0;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        let ma = 0;
        let mb = 0;
        let saa = 0;
        let sbb = 0;
        let sab = 0;
        for (let dy = -5; dy <= 5; dy++) {
          for (let dx = -5; dx <= 5; dx++) {
            const w = (g(dy) * g(dx)) / (norm * norm);
            const va = at(a, y + dy, x + dx);
            const vb = at(b, y + dy, x + dx);
            ma += w * va;
            mb += w * vb;
            saa += w * va * va;
            sbb += w * vb * vb;
            sab += w * va * vb;
          }
        }
        const c1 = 0.01 ** 2;
        const c2 = 0.03 ** 2;
        total +=
          ((2 * ma * mb + c1) * (2 * (sab - ma * mb) + c2)) /
          ((ma * ma + mb * mb + c1) * (saa - ma * ma + sbb - mb * mb + c2));
      }
    }
    expect(ssim(a, b, n)).toBeCloseTo(total / (n * n), 9);
  });
});
