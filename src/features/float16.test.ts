import { describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Bits } from './float16';

describe('float16', () => {
  it('round-trips every finite half exactly', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue; // Inf / NaN
      const v = fromFloat16Bits(bits);
      const back = toFloat16Bits(v);
      // −0 and +0 keep their sign bit.
      expect(back).toBe(bits);
    }
  });

  it('matches known encodings and rounds to nearest even', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(70000)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(toFloat16Bits(2 ** -26)).toBe(0);
    // 1 + 2⁻¹¹ lies halfway between 1 and 1 + 2⁻¹⁰: ties go to the even mantissa (1).
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN)))).toBe(true);
  });

  it('keeps the relative error of normal values within 2⁻¹¹', () => {
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      const v = Math.fround((Math.random() - 0.5) * 10 ** (Math.random() * 8 - 4));
      if (Math.abs(v) < 6.2e-5) continue; // below the smallest normal half
      worst = Math.max(worst, Math.abs(fromFloat16Bits(toFloat16Bits(v)) - v) / Math.abs(v));
    }
    expect(worst).toBeLessThanOrEqual(2 ** -11);
    expect(worst).toBeGreaterThan(0);
  });
});
