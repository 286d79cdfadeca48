import { type ComplexImage, checkSquare } from './complex';
import { fft2d, ifft2d } from './fft';

/**
 * Below this magnitude a coefficient's phase is numerically meaningless; such a bin takes phase 0,
 * the same choice atan2(0, 0) makes. Conjugate bins fall below it together, so results stay real.
 */
const PHASE_EPS = 1e-12;

/** The spectrum with |magnitudeDonor| and ∠phaseDonor at every frequency. */
export function combineMagnitudePhase(magnitudeDonor: ComplexImage, phaseDonor: ComplexImage): ComplexImage {
  const n = magnitudeDonor.re.length;
  const out: ComplexImage = { re: new Float32Array(n), im: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    const m = Math.hypot(magnitudeDonor.re[i], magnitudeDonor.im[i]);
    const pr = phaseDonor.re[i];
    const pi = phaseDonor.im[i];
    const r = Math.hypot(pr, pi);
    if (r > PHASE_EPS) {
      out.re[i] = (m * pr) / r;
      out.im[i] = (m * pi) / r;
    } else {
      out.re[i] = m;
    }
  }
  return out;
}

/**
 * Magnitude (1−α)|A| + α|B| and phase "between" ∠A and ∠B: the direction of (1−β)·e^{i∠A} +
 * β·e^{i∠B}. Blending unit phasors (not angles) avoids the ±π wrap, and it keeps conjugate
 * symmetry, so the inverse transform of a real pair's mix is real.
 */
export function mixSpectra(
  a: ComplexImage,
  b: ComplexImage,
  magnitudeAlpha: number,
  phaseAlpha: number,
): ComplexImage {
  const n = a.re.length;
  const out: ComplexImage = { re: new Float32Array(n), im: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    const ma = Math.hypot(a.re[i], a.im[i]);
    const mb = Math.hypot(b.re[i], b.im[i]);
    const m = (1 - magnitudeAlpha) * ma + magnitudeAlpha * mb;
    let pr = 0;
    let pi = 0;
    if (ma > PHASE_EPS) {
      pr += ((1 - phaseAlpha) * a.re[i]) / ma;
      pi += ((1 - phaseAlpha) * a.im[i]) / ma;
    } else pr += 1 - phaseAlpha;
    if (mb > PHASE_EPS) {
      pr += (phaseAlpha * b.re[i]) / mb;
      pi += (phaseAlpha * b.im[i]) / mb;
    } else pr += phaseAlpha;
    const r = Math.hypot(pr, pi);
    if (r > PHASE_EPS) {
      out.re[i] = (m * pr) / r;
      out.im[i] = (m * pi) / r;
    } else {
      out.re[i] = m;
    }
  }
  return out;
}

/** Unit magnitude, the given phase: what is left of an image when its magnitude is flattened. */
export function phaseOnlySpectrum(f: ComplexImage): ComplexImage {
  const n = f.re.length;
  const ones = new Float32Array(n).fill(1);
  return combineMagnitudePhase({ re: ones, im: new Float32Array(n) }, f);
}

/**
 * A seeded white-noise image's spectrum. Its phase is uniformly random *and* conjugate-symmetric
 * (it comes from a real image), so |F|·e^{i∠noise} transforms back to a real image.
 */
export function randomPhaseSpectrum(size: number, seed = 1): ComplexImage {
  let s = seed >>> 0 || 1;
  const noise = new Float32Array(size * size);
  for (let i = 0; i < noise.length; i++) {
    // xorshift32: enough for a phase pattern, and reproducible across runs and engines.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    noise[i] = (s >>> 0) / 4294967296 - 0.5;
  }
  return fft2d(noise, size);
}

/** The real part of the inverse transform (the imaginary part is rounding noise for real pairs). */
export function realInverse(spectrum: ComplexImage, size: number): Float32Array {
  return ifft2d(spectrum, size).re;
}

export interface SwapResult {
  /** |F_A|·e^{i∠F_B}: looks like B. */
  magnitudeAPhaseB: Float32Array;
  /** |F_B|·e^{i∠F_A}: looks like A. */
  magnitudeBPhaseA: Float32Array;
}

/** Both magnitude/phase swaps of two real size×size images (row-major Float32Arrays). */
export function swapMagnitudePhase(a: Float32Array, b: Float32Array, size: number): SwapResult {
  checkSquare(a.length, size, 'swapMagnitudePhase (image A)');
  checkSquare(b.length, size, 'swapMagnitudePhase (image B)');
  const fa = fft2d(a, size);
  const fb = fft2d(b, size);
  return {
    magnitudeAPhaseB: realInverse(combineMagnitudePhase(fa, fb), size),
    magnitudeBPhaseA: realInverse(combineMagnitudePhase(fb, fa), size),
  };
}
