import type { WindowGeometry } from './windowGeometry';

/** A conv's patches: the shared window geometry (NHWC input, dilation 1). */
export type PatchGeometry = WindowGeometry;

/**
 * im2col, transposed: out[(i·kw + j)·cin + c][(b·oh + p)·ow + q] = x[c, b, p·sh + i − top, q·sw + j − left]
 * (0 outside the input), from x in channel-major layout [cin, b, h, w] so that each output row
 * reads one channel plane in order (an NHWC input is transposed first; with cin = 1 both layouts
 * are the same). With dy as [b·oh·ow, cout], the conv's weight gradient is then one plain matrix
 * product out · dy, already in the filter's [kh, kw, cin, cout] order.
 */
export function patchesTransposedInto(
  xChannelMajor: Float32Array,
  g: PatchGeometry,
  out: Float32Array,
): void {
  if (g.strideHeight === 1 && g.strideWidth === 1 && g.outHeight === g.inHeight && g.outWidth === g.inWidth)
    shiftedPlanesInto(xChannelMajor, g, out);
  else tablePatchesInto(xChannelMajor, g, out);
}

/**
 * Stride 1, output as large as the input ('same'): a filter tap (i, j) reads each channel plane
 * [b, h, w] shifted by d = (i − top)·w + (j − left) as a whole, so each output row is one block
 * copy (memcpy speed; plain JavaScript loops cost ~1–3 ns an element here), after which the
 * positions whose read crossed an image's edge (a row above or below it, a column wrapping into
 * the next row) are zeroed.
 */
function shiftedPlanesInto(x: Float32Array, g: PatchGeometry, out: Float32Array): void {
  const { inHeight: h, inWidth: w, inChannels: cin } = g;
  const n = g.batch * h * w;
  let at = 0;
  for (let i = 0; i < g.filterHeight; i++)
    for (let j = 0; j < g.filterWidth; j++) {
      const di = i - g.padTop;
      const dj = j - g.padLeft;
      const d = di * w + dj;
      for (let c = 0; c < cin; c++, at += n) {
        const src = c * n;
        if (Math.abs(d) >= n) out.fill(0, at, at + n);
        else if (d >= 0) {
          out.set(x.subarray(src + d, src + n), at);
          out.fill(0, at + n - d, at + n);
        } else {
          out.fill(0, at, at - d);
          out.set(x.subarray(src, src + n + d), at - d);
        }
        // Plain writes, not fill(): a call costs more than the one or two elements it zeroes.
        const lo = dj < 0 ? Math.min(w, -dj) : 0;
        const hi = dj > 0 ? Math.max(0, w - dj) : w;
        for (let b = 0; b < g.batch; b++)
          for (let p = 0; p < h; p++) {
            const row = at + (b * h + p) * w;
            if (p + di < 0 || p + di >= h) for (let q = 0; q < w; q++) out[row + q] = 0;
            else {
              for (let q = 0; q < lo; q++) out[row + q] = 0;
              for (let q = hi; q < w; q++) out[row + q] = 0;
            }
          }
      }
    }
}

/** Any stride and padding: per filter tap, a table of where each output position reads (−1: padding). */
function tablePatchesInto(x: Float32Array, g: PatchGeometry, out: Float32Array): void {
  const { inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow } = g;
  const image = h * w;
  const plane = g.batch * image;
  const cells = oh * ow;
  const source = new Int32Array(cells);
  let at = 0;
  for (let i = 0; i < g.filterHeight; i++)
    for (let j = 0; j < g.filterWidth; j++) {
      for (let p = 0, k = 0; p < oh; p++) {
        const r = p * g.strideHeight + i - g.padTop;
        for (let q = 0; q < ow; q++, k++) {
          const col = q * g.strideWidth + j - g.padLeft;
          source[k] = r >= 0 && r < h && col >= 0 && col < w ? r * w + col : -1;
        }
      }
      for (let c = 0; c < cin; c++)
        for (let b = 0, base = c * plane; b < g.batch; b++, base += image)
          for (let k = 0; k < cells; k++) {
            const from = source[k];
            out[at++] = from < 0 ? 0 : x[base + from];
          }
    }
}
