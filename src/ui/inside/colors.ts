/**
 * Colour scales for the Inside view's maps, written straight into ImageData (no DOM per pixel).
 * Signed values: blue below 0, orange above, near-black at 0 (the page is dark); unsigned ones
 * (activations, ‖x‖, pixels): black to white, like the digits themselves.
 */
export type Scale = { kind: 'signed' | 'unsigned'; max: number };

const POS = [255, 150, 92];
const NEG = [108, 180, 255];
const ZERO = [18, 22, 32];

/** Writes the colour of `v` on `scale` into rgba[at..at+3]. */
export function paint(rgba: Uint8ClampedArray, at: number, v: number, scale: Scale): void {
  const m = scale.max > 0 ? scale.max : 1;
  if (!Number.isFinite(v)) {
    rgba.set([255, 0, 255, 255], at); // magenta: a NaN or ∞ must never pass for a value
    return;
  }
  if (scale.kind === 'unsigned') {
    const g = Math.round(255 * Math.min(1, Math.max(0, v / m)));
    rgba.set([g, g, g, 255], at);
    return;
  }
  const t = Math.min(1, Math.abs(v) / m);
  const to = v >= 0 ? POS : NEG;
  rgba[at] = ZERO[0] + (to[0] - ZERO[0]) * t;
  rgba[at + 1] = ZERO[1] + (to[1] - ZERO[1]) * t;
  rgba[at + 2] = ZERO[2] + (to[2] - ZERO[2]) * t;
  rgba[at + 3] = 255;
}

/** Largest |v| (0 for an empty or all-zero array): the scale that uses every colour. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m && Number.isFinite(a)) m = a;
  }
  return m;
}

/** A CSS gradient of the scale, for the legend next to a map. */
export function legendGradient(scale: Scale): string {
  const rgb = (c: number[]) => `rgb(${c.join(',')})`;
  return scale.kind === 'unsigned'
    ? 'linear-gradient(to right, #000, #fff)'
    : `linear-gradient(to right, ${rgb(NEG)}, ${rgb(ZERO)}, ${rgb(POS)})`;
}

export const fmt = (v: number | undefined, digits = 3): string =>
  v === undefined || Number.isNaN(v)
    ? '—'
    : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0)
      ? v.toExponential(2)
      : v.toFixed(digits);
