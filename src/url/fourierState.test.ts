import { describe, expect, it } from 'vitest';
import { digitIndexOf, fourierSchema } from './fourierState';

describe('Fourier URL fields', () => {
  it('reads built-in names and digit references, refusing anything else', () => {
    const f = fourierSchema.imageA;
    expect(f.parse('city')).toBe('city');
    expect(f.parse('digit-0')).toBe('digit-0');
    expect(f.parse('digit-9999')).toBe('digit-9999');
    for (const bad of ['digit-10000', 'digit-01', 'digit--1', 'digit-1.5', 'upload', 'City', '']) {
      expect(f.parse(bad), bad).toBeUndefined();
    }
    expect(digitIndexOf('digit-42')).toBe(42);
    expect(digitIndexOf('rings')).toBeUndefined();
  });

  it('accepts only the offered power-of-two sizes', () => {
    expect(fourierSchema.size.parse('128')).toBe(128);
    for (const bad of ['100', '1024', '256.0', '']) expect(fourierSchema.size.parse(bad)).toBeUndefined();
  });
});
