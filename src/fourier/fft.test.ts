import { describe, expect, it } from 'vitest';
import { type ComplexImage, fftshift } from './complex';
import { fft2d, ifft2d } from './fft';

/** Straight from the definition, in double precision: O(N⁴), fine for 16×16. */
function naiveDft2d(
  re: Float32Array,
  im: Float32Array,
  size: number,
): { re: Float64Array; im: Float64Array } {
  const outRe = new Float64Array(size * size);
  const outIm = new Float64Array(size * size);
  for (let u = 0; u < size; u++) {
    for (let v = 0; v < size; v++) {
      let sr = 0;
      let si = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const ang = (-2 * Math.PI * (u * y + v * x)) / size;
          const c = Math.cos(ang);
          const s = Math.sin(ang);
          const a = re[y * size + x];
          const b = im[y * size + x];
          sr += a * c - b * s;
          si += a * s + b * c;
        }
      }
      outRe[u * size + v] = sr;
      outIm[u * size + v] = si;
    }
  }
  return { re: outRe, im: outIm };
}

function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomPlane(size: number, rand: () => number): Float32Array {
  return Float32Array.from({ length: size * size }, () => rand() * 2 - 1);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('fft2d', () => {
  for (const size of [8, 16]) {
    it(`matches a naive DFT on random real ${size}×${size} input to 1e-4`, () => {
      const x = randomPlane(size, seededRandom(size));
      const want = naiveDft2d(x, new Float32Array(size * size), size);
      const got = fft2d(x, size);
      expect(maxDiff(got.re, want.re)).toBeLessThan(1e-4);
      expect(maxDiff(got.im, want.im)).toBeLessThan(1e-4);
    });

    it(`matches a naive DFT on random complex ${size}×${size} input to 1e-4`, () => {
      const rand = seededRandom(100 + size);
      const x: ComplexImage = { re: randomPlane(size, rand), im: randomPlane(size, rand) };
      const want = naiveDft2d(x.re, x.im, size);
      const got = fft2d(x, size);
      expect(maxDiff(got.re, want.re)).toBeLessThan(1e-4);
      expect(maxDiff(got.im, want.im)).toBeLessThan(1e-4);
    });
  }

  it('puts the sum of the image at the zero frequency', () => {
    const x = randomPlane(32, seededRandom(3));
    const sum = x.reduce((s, v) => s + v, 0);
    expect(fft2d(x, 32).re[0]).toBeCloseTo(sum, 3);
  });

  it('rejects sizes that are not a power of two and arrays of the wrong length', () => {
    expect(() => fft2d(new Float32Array(36), 6)).toThrow(/power of two/);
    expect(() => fft2d(new Float32Array(60), 8)).toThrow(/8×8/);
  });
});

describe('ifft2d', () => {
  for (const size of [8, 64, 256]) {
    it(`inverts fft2d on ${size}×${size} (ifft2d(fft2d(x)) = x)`, () => {
      const x = randomPlane(size, seededRandom(7 * size));
      const back = ifft2d(fft2d(x, size), size);
      expect(maxDiff(back.re, x)).toBeLessThan(1e-5);
      expect(maxDiff(back.im, new Float32Array(size * size))).toBeLessThan(1e-5);
    });
  }
});

describe('fftshift', () => {
  it('moves index (0,0) to the centre and is its own inverse for even sizes', () => {
    const x = Float32Array.from({ length: 16 }, (_, i) => i);
    const shifted = fftshift(x, 4);
    expect(shifted[2 * 4 + 2]).toBe(0);
    expect(fftshift(shifted, 4)).toEqual(x);
  });
});
