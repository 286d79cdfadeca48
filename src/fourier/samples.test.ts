import { describe, expect, it } from 'vitest';
import { circularShift, grayBytesToPlane, luminance, planesFor, resampleSquare, rgbaToPlanes } from './image';
import { correlation } from './metrics';
import { renderSample, SAMPLE_NAMES } from './samples';

describe('built-in samples', () => {
  it('render in [0, 1], deterministic, never flat, and differ from each other', () => {
    const grays = SAMPLE_NAMES.map((name) => {
      const planes = renderSample(name, 64);
      expect(planes).toHaveLength(3);
      for (const p of planes) {
        expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...p)).toBeLessThanOrEqual(1);
      }
      expect(renderSample(name, 64)[1]).toEqual(planes[1]);
      const g = luminance(planes);
      expect(Math.max(...g) - Math.min(...g)).toBeGreaterThan(0.3);
      return g;
    });
    for (let i = 0; i < grays.length; i++) {
      for (let j = i + 1; j < grays.length; j++) expect(correlation(grays[i], grays[j])).toBeLessThan(0.8);
    }
  });

  it('look the same at every size (a 128 render box-downsampled to 64 matches the 64 render)', () => {
    const big = luminance(renderSample('landscape', 128));
    const small = luminance(renderSample('landscape', 64));
    expect(correlation(resampleSquare(big, 128, 128, 64), small)).toBeGreaterThan(0.95);
  });
});

describe('image conversions', () => {
  it('centre-crops a wide image and averages boxes when shrinking', () => {
    // 8×4 image: left and right quarters 0, middle half 1 → the centred 4×4 crop is all 1.
    const src = Float32Array.from({ length: 32 }, (_, i) => (i % 8 >= 2 && i % 8 < 6 ? 1 : 0));
    expect(resampleSquare(src, 8, 4, 2)).toEqual(new Float32Array(4).fill(1));
    const ramp = Float32Array.from({ length: 16 }, (_, i) => i % 4);
    expect(resampleSquare(ramp, 4, 4, 2)).toEqual(Float32Array.from([0.5, 2.5, 0.5, 2.5]));
  });

  it('upscales a digit bilinearly into [0, 1] and reads RGBA with alpha over white', () => {
    const digit = new Uint8Array(28 * 28);
    digit.fill(255, 12 * 28, 16 * 28); // a 4-row bar: some output pixels fall wholly inside it
    const plane = grayBytesToPlane(digit, 28, 28, 64);
    expect(Math.max(...plane)).toBeCloseTo(1, 5);
    expect(plane[0]).toBe(0);
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0, 255]);
    const [r, g, b] = rgbaToPlanes(rgba, 2, 2, 2);
    expect([r[0], g[0], b[0]]).toEqual([1, 0, 0]);
    expect([r[1], g[1], b[1]]).toEqual([1, 1, 1]);
    expect(b[2]).toBe(1);
  });

  it('gives one plane in gray mode and three in colour; shifts wrap around', () => {
    const rgb = renderSample('rings', 16);
    expect(planesFor(rgb, 'gray')).toHaveLength(1);
    expect(planesFor(rgb, 'rgb')).toHaveLength(3);
    const x = Float32Array.from({ length: 16 }, (_, i) => i);
    expect(circularShift(x, 4, 1, 0)[0]).toBe(3);
    expect(circularShift(circularShift(x, 4, 3, 2), 4, 1, 2)).toEqual(x);
  });
});
