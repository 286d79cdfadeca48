import FFT from 'fft.js';
import { type ComplexImage, checkSquare } from './complex';

/** fft.js instances hold twiddle tables; one per size is enough. */
const plans = new Map<number, FFT>();
function planFor(size: number): FFT {
  let plan = plans.get(size);
  if (!plan) {
    plan = new FFT(size);
    plans.set(size, plan);
  }
  return plan;
}

/**
 * Separable 2-D transform: 1-D FFTs over every row, then every column. fft.js works on
 * interleaved [re, im, re, im, …] Float64 buffers, so each line is copied in and out; the
 * scratch stays in double precision and only the result is rounded to Float32.
 */
function transform2d(re: Float32Array, im: Float32Array | undefined, size: number, inverse: boolean) {
  const plan = planFor(size);
  const input = plan.createComplexArray() as number[];
  const output = plan.createComplexArray() as number[];
  const n = size * size;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  const run = inverse
    ? (o: number[], d: number[]) => plan.inverseTransform(o, d)
    : (o: number[], d: number[]) => plan.transform(o, d);
  for (let y = 0; y < size; y++) {
    const row = y * size;
    for (let x = 0; x < size; x++) {
      input[2 * x] = re[row + x];
      input[2 * x + 1] = im ? im[row + x] : 0;
    }
    run(output, input);
    for (let x = 0; x < size; x++) {
      outRe[row + x] = output[2 * x];
      outIm[row + x] = output[2 * x + 1];
    }
  }
  const result: ComplexImage = { re: new Float32Array(n), im: new Float32Array(n) };
  for (let x = 0; x < size; x++) {
    for (let y = 0; y < size; y++) {
      input[2 * y] = outRe[y * size + x];
      input[2 * y + 1] = outIm[y * size + x];
    }
    run(output, input);
    for (let y = 0; y < size; y++) {
      result.re[y * size + x] = output[2 * y];
      result.im[y * size + x] = output[2 * y + 1];
    }
  }
  return result;
}

/**
 * F[u,v] = Σ_{y,x} f[y,x]·e^{−2πi(uy + vx)/N}, unnormalised (numpy's convention).
 * `input` is a real image or a complex one; row-major, size×size, size a power of two.
 */
export function fft2d(input: Float32Array | ComplexImage, size: number): ComplexImage {
  const re = input instanceof Float32Array ? input : input.re;
  const im = input instanceof Float32Array ? undefined : input.im;
  checkSquare(re.length, size, 'fft2d');
  if (im) checkSquare(im.length, size, 'fft2d (imaginary part)');
  return transform2d(re, im, size, false);
}

/** The inverse of fft2d, with the 1/N² factor: ifft2d(fft2d(x)) = x. */
export function ifft2d(spectrum: ComplexImage, size: number): ComplexImage {
  checkSquare(spectrum.re.length, size, 'ifft2d');
  checkSquare(spectrum.im.length, size, 'ifft2d (imaginary part)');
  return transform2d(spectrum.re, spectrum.im, size, true);
}
