import { describe, expect, it } from 'vitest';
import { fft2d } from './fft';
import { planesFor } from './image';
import { computeFourier, FOURIER_MODES, fftJsEngine, luminanceSpectrum } from './pipeline';
import { renderSample } from './samples';

const SIZE = 64;

describe('computeFourier', () => {
  const rgbA = renderSample('city', SIZE);
  const rgbB = renderSample('fruit', SIZE);

  for (const colour of ['gray', 'rgb'] as const) {
    it(`swap mode in ${colour}: each result is measured closer to its phase donor`, async () => {
      const a = planesFor(rgbA, colour);
      const b = planesFor(rgbB, colour);
      const out = await computeFourier(fftJsEngine, a, b, SIZE, 'swap', 0.5);
      expect(out.spectraA).toHaveLength(a.length);
      const [ab, ba] = out.results;
      expect(ab.planes).toHaveLength(a.length);
      expect(ab.toB.correlation).toBeGreaterThan(ab.toA.correlation);
      expect(ab.toB.ssim).toBeGreaterThan(ab.toA.ssim);
      expect(ba.toA.correlation).toBeGreaterThan(ba.toB.correlation);
      expect(ba.toA.ssim).toBeGreaterThan(ba.toB.ssim);
      expect(out.computeMs).toBeGreaterThan(0);
    });
  }

  it('every mode gives two results in [0, 1] with finite metrics', async () => {
    const a = planesFor(rgbA, 'gray');
    const b = planesFor(rgbB, 'gray');
    for (const mode of FOURIER_MODES) {
      const out = await computeFourier(fftJsEngine, a, b, SIZE, mode, 0.3);
      expect(out.results).toHaveLength(2);
      for (const r of out.results) {
        expect(Math.min(...r.planes[0])).toBeGreaterThanOrEqual(0);
        expect(Math.max(...r.planes[0])).toBeLessThanOrEqual(1);
        for (const v of [r.toA.correlation, r.toA.ssim, r.toB.correlation, r.toB.ssim])
          expect(Number.isFinite(v)).toBe(true);
      }
    }
  });

  it('mix mode at α = 0 returns A in both results', async () => {
    const a = planesFor(rgbA, 'gray');
    const out = await computeFourier(fftJsEngine, a, planesFor(rgbB, 'gray'), SIZE, 'mix', 0);
    for (const r of out.results) expect(r.toA.correlation).toBeGreaterThan(0.999);
  });

  it('luminance spectrum equals the spectrum of the luminance image (linearity)', () => {
    const spectra = rgbA.map((p) => fft2d(p, SIZE));
    const direct = fft2d(planesFor(rgbA, 'gray')[0], SIZE);
    const viaLinearity = luminanceSpectrum(spectra);
    for (const i of [0, 7, 999]) expect(viaLinearity.re[i]).toBeCloseTo(direct.re[i], 2);
  });
});
