/**
 * Training-time augmentation: each image of a batch moves by a seeded random whole-pixel offset
 * in [−shift, shift] on both axes, zero-filled at the edges. The Features nets see only 8,000
 * training digits; without it they fit those and stop near 96.5% on the test digits.
 */

import type { Rand } from './rng';

/**
 * Shifts every image of `x` (NHWC floats, `n` images of h×w×c) in place by its own offset, drawn
 * from `rand` (two draws per image, so the seed fixes every offset). shift = 0 leaves x unchanged.
 */
export function shiftBatchInPlace(
  x: Float32Array,
  shape: readonly [n: number, h: number, w: number, c: number],
  shift: number,
  rand: Rand,
): void {
  const [n, h, w, c] = shape;
  if (!(shift > 0)) return;
  const size = h * w * c;
  if (x.length !== n * size) throw new Error(`shiftBatchInPlace: ${x.length} values for shape ${shape}`);
  const copy = new Float32Array(size);
  const span = 2 * shift + 1;
  for (let i = 0; i < n; i++) {
    const dy = Math.floor(rand() * span) - shift;
    const dx = Math.floor(rand() * span) - shift;
    if (dy === 0 && dx === 0) continue;
    const base = i * size;
    copy.set(x.subarray(base, base + size));
    for (let row = 0; row < h; row++) {
      const from = row - dy;
      for (let col = 0; col < w; col++) {
        const src = col - dx;
        const at = base + (row * w + col) * c;
        if (from < 0 || from >= h || src < 0 || src >= w) x.fill(0, at, at + c);
        else for (let ch = 0; ch < c; ch++) x[at + ch] = copy[(from * w + src) * c + ch];
      }
    }
  }
}
