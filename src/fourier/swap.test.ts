import { describe, expect, it } from 'vitest';
import { magnitude } from './complex';
import { fft2d, ifft2d } from './fft';
import { circularShift, luminance } from './image';
import { correlation } from './metrics';
import { NATURAL_SAMPLES, renderSample } from './samples';
import {
  combineMagnitudePhase,
  mixSpectra,
  phaseOnlySpectrum,
  randomPhaseSpectrum,
  swapMagnitudePhase,
} from './swap';

const SIZE = 64;
const gray = (name: (typeof NATURAL_SAMPLES)[number]) => luminance(renderSample(name, SIZE));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('swapMagnitudePhase', () => {
  it('keeps a circular shift of the phase donor in the result, and ignores one of the magnitude donor', () => {
    const a = gray('landscape');
    const b = gray('city');
    const shiftedB = circularShift(b, SIZE, 11, -5);
    const plain = swapMagnitudePhase(a, b, SIZE);
    const shifted = swapMagnitudePhase(a, shiftedB, SIZE);
    // A shift multiplies the spectrum by a phase ramp: the phase donor's shift moves the result…
    expect(
      maxDiff(shifted.magnitudeAPhaseB, circularShift(plain.magnitudeAPhaseB, SIZE, 11, -5)),
    ).toBeLessThan(1e-4);
    // …and the magnitude donor's shift changes nothing (|F| is shift-invariant).
    expect(maxDiff(shifted.magnitudeBPhaseA, plain.magnitudeBPhaseA)).toBeLessThan(1e-4);
    expect(correlation(shifted.magnitudeAPhaseB, plain.magnitudeAPhaseB)).toBeLessThan(0.9);
  });

  it('gives back the inputs when an image is swapped with itself', () => {
    const a = gray('fruit');
    const { magnitudeAPhaseB } = swapMagnitudePhase(a, a, SIZE);
    expect(maxDiff(magnitudeAPhaseB, a)).toBeLessThan(1e-4);
  });

  for (let i = 0; i < NATURAL_SAMPLES.length; i++) {
    for (let j = i + 1; j < NATURAL_SAMPLES.length; j++) {
      const [na, nb] = [NATURAL_SAMPLES[i], NATURAL_SAMPLES[j]];
      it(`each swap of ${na} and ${nb} correlates more with its phase donor`, () => {
        const a = gray(na);
        const b = gray(nb);
        const s = swapMagnitudePhase(a, b, SIZE);
        const ab = { toA: correlation(s.magnitudeAPhaseB, a), toB: correlation(s.magnitudeAPhaseB, b) };
        const ba = { toA: correlation(s.magnitudeBPhaseA, a), toB: correlation(s.magnitudeBPhaseA, b) };
        expect(ab.toB).toBeGreaterThan(ab.toA);
        expect(ba.toA).toBeGreaterThan(ba.toB);
        // Not by a hair: the phase donor is clearly what the result looks like.
        expect(ab.toB).toBeGreaterThan(0.5);
        expect(ba.toA).toBeGreaterThan(0.5);
      });
    }
  }

  it('produces real images: the inverse transform of a swapped real pair has no imaginary part', () => {
    const fa = fft2d(gray('landscape'), SIZE);
    const fb = fft2d(gray('city'), SIZE);
    const back = ifft2d(combineMagnitudePhase(fa, fb), SIZE);
    const peak = back.re.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(maxDiff(back.im, new Float32Array(SIZE * SIZE))).toBeLessThan(1e-5 * Math.max(1, peak));
  });
});

describe('spectrum recombinations', () => {
  const fa = fft2d(gray('landscape'), SIZE);
  const fb = fft2d(gray('fruit'), SIZE);

  it('mix at α = 0 is A; phase mix at α = 1 is the swap |F_A|·e^{i∠F_B}', () => {
    expect(maxDiff(ifft2d(mixSpectra(fa, fb, 0, 0), SIZE).re, gray('landscape'))).toBeLessThan(1e-4);
    const swap = ifft2d(combineMagnitudePhase(fa, fb), SIZE).re;
    expect(maxDiff(ifft2d(mixSpectra(fa, fb, 0, 1), SIZE).re, swap)).toBeLessThan(1e-4);
  });

  it('magnitude mix blends |F| linearly and keeps the phase', () => {
    const m = magnitude(mixSpectra(fa, fb, 0.25, 0));
    const ma = magnitude(fa);
    const mb = magnitude(fb);
    for (const i of [1, 100, 2000]) expect(m[i]).toBeCloseTo(0.75 * ma[i] + 0.25 * mb[i], 2);
  });

  it('phase-only has unit magnitude; random phase keeps the magnitude', () => {
    const unit = magnitude(phaseOnlySpectrum(fa));
    expect(maxDiff(unit, new Float32Array(unit.length).fill(1))).toBeLessThan(1e-5);
    const kept = magnitude(combineMagnitudePhase(fa, randomPhaseSpectrum(SIZE, 3)));
    const ma = magnitude(fa);
    expect(maxDiff(kept, ma) / ma[0]).toBeLessThan(1e-5);
  });

  it('random phase is seeded: same seed same spectrum, other seed another', () => {
    expect(randomPhaseSpectrum(16, 5).re).toEqual(randomPhaseSpectrum(16, 5).re);
    expect(randomPhaseSpectrum(16, 5).re).not.toEqual(randomPhaseSpectrum(16, 6).re);
  });
});
