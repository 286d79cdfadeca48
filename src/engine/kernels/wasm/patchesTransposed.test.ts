import { describe, expect, it } from 'vitest';
import { type PatchGeometry, patchesTransposedInto } from './patchesTransposed';

/** The definition, element by element: out[(i·kw + j)·cin + c][(b·oh + p)·ow + q] = x[c, b, r, col] or 0. */
function reference(x: Float32Array, g: PatchGeometry): Float32Array {
  const cols = g.batch * g.outHeight * g.outWidth;
  const out = new Float32Array(g.filterHeight * g.filterWidth * g.inChannels * cols);
  for (let i = 0; i < g.filterHeight; i++)
    for (let j = 0; j < g.filterWidth; j++)
      for (let c = 0; c < g.inChannels; c++)
        for (let b = 0; b < g.batch; b++)
          for (let p = 0; p < g.outHeight; p++)
            for (let q = 0; q < g.outWidth; q++) {
              const r = p * g.strideHeight + i - g.padTop;
              const col = q * g.strideWidth + j - g.padLeft;
              const inside = r >= 0 && r < g.inHeight && col >= 0 && col < g.inWidth;
              const row = (i * g.filterWidth + j) * g.inChannels + c;
              out[row * cols + (b * g.outHeight + p) * g.outWidth + q] = inside
                ? x[((c * g.batch + b) * g.inHeight + r) * g.inWidth + col]
                : 0;
            }
  return out;
}

function geometry(
  [batch, inHeight, inWidth, inChannels]: number[],
  [filterHeight, filterWidth]: number[],
  stride: number,
  pad: 'same' | 'valid',
): PatchGeometry {
  const outHeight =
    pad === 'same' ? Math.ceil(inHeight / stride) : Math.floor((inHeight - filterHeight) / stride) + 1;
  const outWidth =
    pad === 'same' ? Math.ceil(inWidth / stride) : Math.floor((inWidth - filterWidth) / stride) + 1;
  const padH = pad === 'same' ? Math.max(0, (outHeight - 1) * stride + filterHeight - inHeight) : 0;
  const padW = pad === 'same' ? Math.max(0, (outWidth - 1) * stride + filterWidth - inWidth) : 0;
  return {
    batch,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight: stride,
    strideWidth: stride,
    padTop: Math.floor(padH / 2),
    padLeft: Math.floor(padW / 2),
  };
}

describe('patchesTransposedInto (im2col, transposed, from channel-major x)', () => {
  const cases: [number[], number[], number, 'same' | 'valid'][] = [
    // Stride 1, 'same': the shifted-plane block copies.
    [[2, 14, 14, 3], [3, 3], 1, 'same'],
    [[3, 5, 7, 2], [2, 4], 1, 'same'],
    [[2, 6, 6, 1], [5, 5], 1, 'same'],
    [[1, 1, 1, 2], [3, 3], 1, 'same'],
    [[2, 2, 3, 1], [1, 1], 1, 'same'],
    // Everything else: the per-tap table.
    [[2, 9, 7, 3], [3, 3], 1, 'valid'],
    [[2, 9, 9, 2], [3, 3], 2, 'same'],
    [[2, 11, 10, 2], [5, 5], 3, 'same'],
    [[3, 7, 7, 2], [2, 2], 2, 'valid'],
  ];
  for (const [shape, filter, stride, pad] of cases) {
    it(`x${shape} filter ${filter} stride ${stride} ${pad}`, () => {
      const g = geometry(shape, filter, stride, pad);
      const n = shape.reduce((a, v) => a * v, 1);
      const x = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 97) / 7 - 6);
      const expected = reference(x, g);
      // Garbage first: every element must be written.
      const out = new Float32Array(expected.length).fill(Number.NaN);
      patchesTransposedInto(x, g, out);
      expect(Array.from(out)).toEqual(Array.from(expected));
      expect(expected.some((v) => v !== 0)).toBe(true);
    });
  }
});
