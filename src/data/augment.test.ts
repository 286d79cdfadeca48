import { describe, expect, it } from 'vitest';
import { shiftBatchInPlace } from './augment';
import { mulberry32 } from './rng';

/** A 4×4 one-channel image whose pixel (r, c) is 1 + 4r + c. */
const image = () => Float32Array.from({ length: 16 }, (_, i) => 1 + i);

describe('shiftBatchInPlace', () => {
  it('moves each image by a whole-pixel offset within ±shift, zero-filling the edge', () => {
    const n = 50;
    const x = new Float32Array(16 * n);
    for (let i = 0; i < n; i++) x.set(image(), 16 * i);
    shiftBatchInPlace(x, [n, 4, 4, 1], 1, mulberry32(7));
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const img = x.subarray(16 * i, 16 * i + 16);
      // Find the offset from where pixel value 6 (row 1, col 1) went.
      const at = img.indexOf(6);
      const dy = Math.floor(at / 4) - 1;
      const dx = (at % 4) - 1;
      expect(Math.abs(dy)).toBeLessThanOrEqual(1);
      expect(Math.abs(dx)).toBeLessThanOrEqual(1);
      seen.add(`${dy},${dx}`);
      for (let r = 0; r < 4; r++)
        for (let c = 0; c < 4; c++) {
          const sr = r - dy;
          const sc = c - dx;
          const want = sr < 0 || sr > 3 || sc < 0 || sc > 3 ? 0 : 1 + 4 * sr + sc;
          expect(img[4 * r + c]).toBe(want);
        }
    }
    expect(seen.size).toBe(9); // all nine offsets occur in 50 draws
  });

  it('is fixed by the seed, keeps channels together and does nothing at shift 0', () => {
    const rgb = Float32Array.from({ length: 2 * 3 * 3 * 3 }, (_, i) => i + 1);
    const a = rgb.slice();
    const b = rgb.slice();
    shiftBatchInPlace(a, [2, 3, 3, 3], 1, mulberry32(3));
    shiftBatchInPlace(b, [2, 3, 3, 3], 1, mulberry32(3));
    expect(a).toEqual(b);
    for (let p = 0; p < a.length; p += 3) {
      if (a[p] === 0) expect([a[p + 1], a[p + 2]]).toEqual([0, 0]);
      else expect([a[p + 1] - a[p], a[p + 2] - a[p]]).toEqual([1, 2]);
    }
    const c = rgb.slice();
    shiftBatchInPlace(c, [2, 3, 3, 3], 0, mulberry32(3));
    expect(c).toEqual(rgb);
    expect(() => shiftBatchInPlace(c, [3, 3, 3, 3], 1, mulberry32(3))).toThrow(/values for shape/);
  });
});
