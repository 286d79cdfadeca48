import { describe, expect, it } from 'vitest';
import { nearestPoint, plotExtent, projectFeatures, toScreen } from './plotGeometry';

describe('plot geometry', () => {
  it('projects on the unit circle with a small, stable radial jitter and keeps raw features as they are', () => {
    const f = [3, 4, -10, 0, 0, 0.5];
    expect(Array.from(projectFeatures(f, 'raw'))).toEqual(f);
    const unit = projectFeatures(f, 'unit');
    for (let i = 0; i < 3; i++) {
      const r = Math.hypot(unit[2 * i], unit[2 * i + 1]);
      expect(r).toBeGreaterThan(0.96);
      expect(r).toBeLessThan(1.04);
      expect(Math.atan2(unit[2 * i + 1], unit[2 * i])).toBeCloseTo(Math.atan2(f[2 * i + 1], f[2 * i]), 5);
    }
    expect(Array.from(projectFeatures(f, 'unit'))).toEqual(Array.from(unit));
  });

  it('sizes the view to the bulk of the points, not to one outlier', () => {
    const pts: number[] = [];
    for (let i = 0; i < 200; i++) pts.push((i % 10) - 5, 2);
    pts.push(1000, -1000);
    const extent = plotExtent(pts, 'raw');
    expect(extent).toBeGreaterThanOrEqual(5);
    expect(extent).toBeLessThan(10);
    expect(plotExtent([], 'raw')).toBe(1);
  });

  it('maps to pixels with y up and finds the nearest point within reach', () => {
    const screen = toScreen([0, 0, 1, 1, -1, -1], 2, 100);
    expect(Array.from(screen)).toEqual([50, 50, 75, 25, 25, 75]);
    expect(nearestPoint(screen, 73, 27, 5)).toBe(1);
    expect(nearestPoint(screen, 51, 50, 5)).toBe(0);
    expect(nearestPoint(screen, 10, 10, 5)).toBe(-1);
  });
});
