import { describe, expect, it } from 'vitest';
import { angleBetween, curveRows, fromCartesian, toCartesian, wrapDegrees } from './geometry';

describe('operator view geometry', () => {
  it('angleBetween is the smaller angle, in [0, π]', () => {
    expect(angleBetween({ angleDeg: 10, length: 1 }, { angleDeg: 100, length: 2 })).toBeCloseTo(
      Math.PI / 2,
      12,
    );
    expect(angleBetween({ angleDeg: 170, length: 1 }, { angleDeg: -170, length: 1 })).toBeCloseTo(
      Math.PI / 9,
      12,
    );
    expect(angleBetween({ angleDeg: 0, length: 1 }, { angleDeg: 180, length: 1 })).toBeCloseTo(Math.PI, 12);
  });

  it('wrapDegrees maps into (−180, 180]', () => {
    expect(wrapDegrees(190)).toBe(-170);
    expect(wrapDegrees(-180)).toBe(180);
    expect(wrapDegrees(720 + 45)).toBe(45);
  });

  it('fromCartesian inverts toCartesian up to the link rounding, and clamps the length', () => {
    const v = { angleDeg: -135, length: 1.25 };
    const { x, y } = toCartesian(v);
    expect(fromCartesian(x, y, 0.1, 2)).toEqual(v);
    expect(fromCartesian(10, 0, 0.1, 2)).toEqual({ angleDeg: 0, length: 2 });
  });

  it('curve rows: operators from 1 to −1 (cosine −1 at π), inner product scaled by ‖w‖‖x‖', () => {
    const rows = curveRows({ k: 0.3, learnableK: 0.75, normProduct: 3 }, 5);
    expect(rows.map((r) => r.deg)).toEqual([0, 45, 90, 135, 180]);
    for (const op of ['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'] as const) {
      expect(rows[0][op]).toBeCloseTo(1, 12);
      expect(rows[4][op]).toBeCloseTo(-1, 12);
      expect(rows[2][op]).toBeCloseTo(0, 12);
    }
    expect(rows[0].inner).toBeCloseTo(3, 12);
    // A smaller k gives a steeper sigmoid: nearer to 1 at 45°.
    expect(curveRows({ k: 0.1, learnableK: 0.75, normProduct: 1 }, 5)[1].sigmoid).toBeGreaterThan(
      rows[1].sigmoid,
    );
  });
});
