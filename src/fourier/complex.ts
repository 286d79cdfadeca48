/**
 * A complex image: two planes, row-major size×size. Separate planes (not interleaved) so each
 * can be handed to a canvas, a metric or a tf.complex() without copying.
 */
export interface ComplexImage {
  re: Float32Array;
  im: Float32Array;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

export function checkSquare(length: number, size: number, what: string): void {
  if (!isPowerOfTwo(size)) throw new Error(`${what}: size ${size} is not a power of two ≥ 2.`);
  if (length !== size * size) {
    throw new Error(`${what}: ${length} values do not make a ${size}×${size} image (need ${size * size}).`);
  }
}

/** |F| per element. */
export function magnitude(f: ComplexImage): Float32Array {
  const out = new Float32Array(f.re.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(f.re[i], f.im[i]);
  return out;
}

/** ∠F per element, in (−π, π]. */
export function phase(f: ComplexImage): Float32Array {
  const out = new Float32Array(f.re.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.atan2(f.im[i], f.re[i]);
  return out;
}

/**
 * Moves the zero frequency from index (0,0) to the centre (size/2, size/2), as numpy's fftshift.
 * For even sizes the shift is its own inverse.
 */
export function fftshift(plane: Float32Array, size: number): Float32Array {
  const out = new Float32Array(plane.length);
  const h = size >> 1;
  for (let y = 0; y < size; y++) {
    const sy = (y + h) % size;
    for (let x = 0; x < size; x++) out[sy * size + ((x + h) % size)] = plane[y * size + x];
  }
  return out;
}
