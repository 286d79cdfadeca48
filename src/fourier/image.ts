/** Pixel conversions between decoded images and the float planes the transforms use. No DOM. */

import type { ColourMode } from './names';

export type { ColourMode };

/** Rec. 601 luma: what "grayscale" means here. */
export function luminance(planes: readonly Float32Array[]): Float32Array {
  if (planes.length === 1) return planes[0];
  const [r, g, b] = planes;
  const out = new Float32Array(r.length);
  for (let i = 0; i < out.length; i++) out[i] = 0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i];
  return out;
}

/** One plane in gray mode, three in colour mode. */
export function planesFor(rgb: readonly Float32Array[], mode: ColourMode): Float32Array[] {
  if (mode === 'gray') return [luminance(rgb)];
  return rgb.length === 3 ? [...rgb] : [rgb[0], rgb[0], rgb[0]];
}

/**
 * Samples the centred square crop of a width×height single-channel image at size×size.
 * Downscaling averages the source box under each output pixel (no aliasing from big photos);
 * upscaling (e.g. a 28×28 digit) interpolates bilinearly.
 */
export function resampleSquare(
  src: ArrayLike<number>,
  width: number,
  height: number,
  size: number,
  scale = 1,
): Float32Array {
  const side = Math.min(width, height);
  const x0 = (width - side) / 2;
  const y0 = (height - side) / 2;
  const step = side / size;
  const out = new Float32Array(size * size);
  if (step > 1) {
    for (let y = 0; y < size; y++) {
      const ya = Math.floor(y0 + y * step);
      const yb = Math.max(ya + 1, Math.floor(y0 + (y + 1) * step));
      for (let x = 0; x < size; x++) {
        const xa = Math.floor(x0 + x * step);
        const xb = Math.max(xa + 1, Math.floor(x0 + (x + 1) * step));
        let s = 0;
        for (let yy = ya; yy < yb; yy++) for (let xx = xa; xx < xb; xx++) s += src[yy * width + xx];
        out[y * size + x] = (s * scale) / ((yb - ya) * (xb - xa));
      }
    }
    return out;
  }
  for (let y = 0; y < size; y++) {
    const sy = Math.min(height - 1, Math.max(0, y0 + (y + 0.5) * step - 0.5));
    const iy = Math.min(height - 2, Math.floor(sy));
    const fy = height > 1 ? sy - iy : 0;
    for (let x = 0; x < size; x++) {
      const sx = Math.min(width - 1, Math.max(0, x0 + (x + 0.5) * step - 0.5));
      const ix = Math.min(width - 2, Math.floor(sx));
      const fx = width > 1 ? sx - ix : 0;
      const at = (yy: number, xx: number) => src[Math.max(0, yy) * width + Math.max(0, xx)];
      const top = at(iy, ix) * (1 - fx) + at(iy, ix + 1) * fx;
      const bottom = at(iy + 1, ix) * (1 - fx) + at(iy + 1, ix + 1) * fx;
      out[y * size + x] = (top * (1 - fy) + bottom * fy) * scale;
    }
  }
  return out;
}

/** RGBA bytes (a decoded upload) → three planes in [0, 1], centre-cropped and resampled. */
export function rgbaToPlanes(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  size: number,
): Float32Array[] {
  const n = width * height;
  if (rgba.length !== n * 4)
    throw new Error(`rgbaToPlanes: ${rgba.length} bytes is not ${width}×${height} RGBA.`);
  return [0, 1, 2].map((c) => {
    const channel = new Float32Array(n);
    // Transparent pixels read as white, as the page behind an image would show them.
    for (let i = 0; i < n; i++) {
      const alpha = rgba[i * 4 + 3] / 255;
      channel[i] = (rgba[i * 4 + c] / 255) * alpha + (1 - alpha);
    }
    return resampleSquare(channel, width, height, size);
  });
}

/** A gray 8-bit image (an MNIST digit) → one plane in [0, 1] at size×size. */
export function grayBytesToPlane(
  bytes: Uint8Array,
  width: number,
  height: number,
  size: number,
): Float32Array {
  return resampleSquare(bytes, width, height, size, 1 / 255);
}

/** Circularly shifts a row-major size×size plane by (dx, dy) pixels. */
export function circularShift(plane: Float32Array, size: number, dx: number, dy: number): Float32Array {
  const out = new Float32Array(plane.length);
  const m = (k: number) => ((k % size) + size) % size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) out[m(y + dy) * size + m(x + dx)] = plane[y * size + x];
  }
  return out;
}
