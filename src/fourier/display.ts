import { type ComplexImage, fftshift, magnitude, phase } from './complex';

/**
 * Turns planes into RGBA bytes for a canvas's ImageData. Pure arrays (no DOM), so it is tested and
 * benchmarked in Node like the rest.
 */

/** One plane → gray; three → RGB. Values are expected in [0, 1] and clipped. */
export function planesToRgba(planes: readonly Float32Array[], size: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(size * size * 4);
  const [r, g, b] = planes.length === 3 ? planes : [planes[0], planes[0], planes[0]];
  for (let i = 0; i < size * size; i++) {
    out[i * 4] = r[i] * 255;
    out[i * 4 + 1] = g[i] * 255;
    out[i * 4 + 2] = b[i] * 255;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/**
 * log(1 + |F|) with the zero frequency centred, scaled by the largest value over all channels (so
 * a colour image's channels stay comparable).
 */
export function logMagnitudePlanes(spectra: readonly ComplexImage[], size: number): Float32Array[] {
  const planes = spectra.map((f) => {
    const m = magnitude(f);
    for (let i = 0; i < m.length; i++) m[i] = Math.log1p(m[i]);
    return fftshift(m, size);
  });
  let max = 0;
  for (const p of planes) for (let i = 0; i < p.length; i++) max = Math.max(max, p[i]);
  if (max > 0) for (const p of planes) for (let i = 0; i < p.length; i++) p[i] /= max;
  return planes;
}

/**
 * A cyclic colour map: −π and π get the same colour. Hue goes round the wheel at constant
 * lightness, so no phase looks "bigger" than another.
 */
export function phaseColour(angle: number): [number, number, number] {
  const t = (angle + Math.PI) / (2 * Math.PI);
  // Three cosines 120° apart: a smooth hue wheel that is exactly periodic in t.
  const c = (k: number) => 0.5 + 0.42 * Math.cos(2 * Math.PI * (t - k / 3));
  return [c(0), c(1), c(2)];
}

/** Phase of one spectrum, zero frequency centred, in the cyclic map. */
export function phaseToRgba(spectrum: ComplexImage, size: number): Uint8ClampedArray {
  const p = fftshift(phase(spectrum), size);
  const out = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < p.length; i++) {
    const [r, g, b] = phaseColour(p[i]);
    out[i * 4] = r * 255;
    out[i * 4 + 1] = g * 255;
    out[i * 4 + 2] = b * 255;
    out[i * 4 + 3] = 255;
  }
  return out;
}
