/**
 * Bit-level comparison of float32 arrays for the tests that hold two paths to the same bits (a
 * wasm SIMD kernel against its JavaScript loop): test support, not shipped code.
 */

/** Bit patterns, with every NaN as one marker (the JS loop's NaN bits are V8's business). */
export function bits(a: Float32Array): number[] {
  const words = new Uint32Array(a.buffer, a.byteOffset, a.length);
  return Array.from(words, (w, i) => (Number.isNaN(a[i]) ? -1 : w));
}

/** The first element whose bits differ ("none" if the same), faster than toEqual on 8·10⁵ values. */
export function firstDifference(a: Float32Array, b: Float32Array): string {
  if (a.length !== b.length) return `lengths ${a.length} ≠ ${b.length}`;
  const [wa, wb] = [bits(a), bits(b)];
  const i = wa.findIndex((w, j) => w !== wb[j]);
  return i < 0 ? 'none' : `at ${i}: ${a[i]} ≠ ${b[i]}`;
}
