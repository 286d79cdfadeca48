import { describe, expect, it } from 'vitest';
import { classSectors, minAngularMargin } from './spread';

function atAngles(angles: number[], r = 1): number[] {
  return angles.flatMap((a) => [r * Math.cos(a), r * Math.sin(a)]);
}

/** n points spread evenly over [centre − half, centre + half]. */
function sector(centre: number, half: number, n = 21): number[] {
  return Array.from({ length: n }, (_, i) => centre - half + (2 * half * i) / (n - 1));
}

describe('minimum angular margin between class sectors', () => {
  it('equals the empty angle between neighbouring sectors, including across the ±π seam', () => {
    // Three classes centred at 0, 2π/3, −2π/3 (the last straddles nothing; the seam lies between 1 and 2).
    const centres = [0, (2 * Math.PI) / 3, (-2 * Math.PI) / 3];
    const halves = [0.2, 0.3, 0.1];
    const features: number[] = [];
    const labels: number[] = [];
    centres.forEach((c, cls) => {
      const a = sector(c, halves[cls]);
      features.push(...atAngles(a, 1 + cls));
      labels.push(...a.map(() => cls));
    });
    // No trimming: sectors are exactly [c − half, c + half]; gaps are 2π/3 − half_a − half_b.
    const gaps = [
      (2 * Math.PI) / 3 - 0.2 - 0.3,
      (2 * Math.PI) / 3 - 0.3 - 0.1,
      (2 * Math.PI) / 3 - 0.1 - 0.2,
    ];
    expect(minAngularMargin(features, labels, 3, 0)).toBeCloseTo(Math.min(...gaps), 6);
    const s = classSectors(features, labels, 3, 0);
    expect(s.map((x) => x.cls)).toEqual([2, 0, 1]);
    expect(s[1].hi).toBeCloseTo(0.2, 6);
    expect(s[1].lo).toBeCloseTo(-0.2, 6);
  });

  it('is negative when sectors overlap, and trimming ignores a few stray points', () => {
    const a = sector(0, 0.5);
    const b = sector(0.8, 0.5);
    const labels = [...a.map(() => 0), ...b.map(() => 1)];
    expect(minAngularMargin(atAngles([...a, ...b]), labels, 2, 0)).toBeCloseTo(-0.2, 6);
    // 40 tight points at 0 and π/2 plus one stray of class 0 at π/2: trimmed away at 5%.
    const tight0 = Array.from({ length: 40 }, () => 0);
    const tight1 = Array.from({ length: 40 }, () => Math.PI / 2);
    const f = atAngles([...tight0, Math.PI / 2, ...tight1]);
    const l = [...tight0.map(() => 0), 0, ...tight1.map(() => 1)];
    expect(minAngularMargin(f, l, 2, 0.05)).toBeCloseTo(Math.PI / 2, 2);
    expect(minAngularMargin(f, l, 2, 0)).toBeLessThan(0.05);
  });

  it('is NaN with fewer than two classes', () => {
    expect(Number.isNaN(minAngularMargin(atAngles([0, 0.1]), [3, 3], 5))).toBe(true);
  });
});
