import type { ComplexImage } from './complex';
import { fft2d, ifft2d } from './fft';
import { normalizeForDisplay, similarity } from './metrics';
import type { FourierMode } from './names';
import { combineMagnitudePhase, mixSpectra, phaseOnlySpectrum, randomPhaseSpectrum } from './swap';

/** Where the transforms run: fft.js on the CPU, or tf.js on its active backend (see tfFft.ts). */
export interface FftEngine {
  /** Shown in the UI next to the timing, e.g. "fft.js (CPU)" or "tf.js webgl". */
  label: string;
  forward(planes: readonly Float32Array[], size: number): Promise<ComplexImage[]>;
  /** Real part of the inverse transform of each spectrum. */
  inverseReal(spectra: readonly ComplexImage[], size: number): Promise<Float32Array[]>;
}

export const fftJsEngine: FftEngine = {
  label: 'fft.js (CPU)',
  forward: async (planes, size) => planes.map((p) => fft2d(p, size)),
  inverseReal: async (spectra, size) => spectra.map((s) => ifft2d(s, size).re),
};

export interface Similarity {
  correlation: number;
  ssim: number;
}

export interface FourierResult {
  /** Short title, e.g. "|F_A| · e^(i∠F_B)". */
  title: string;
  /** One plain sentence: what was combined. */
  caption: string;
  /** Display-ready planes in [0, 1] (percentile-normalised). */
  planes: Float32Array[];
  toA: Similarity;
  toB: Similarity;
}

export interface FourierOutput {
  spectraA: ComplexImage[];
  spectraB: ComplexImage[];
  results: FourierResult[];
  /** Wall time of the transforms and combinations (not the drawing), in ms. */
  computeMs: number;
}

interface Recipe {
  title: string;
  caption: string;
  spectrum(a: ComplexImage, b: ComplexImage, channel: number): ComplexImage;
}

const randomPhases = new Map<number, ComplexImage>();
function randomPhaseFor(size: number): ComplexImage {
  let r = randomPhases.get(size);
  if (!r) {
    r = randomPhaseSpectrum(size, 7);
    randomPhases.set(size, r);
  }
  return r;
}

function recipes(mode: FourierMode, alpha: number, size: number): Recipe[] {
  const a = alpha.toFixed(2);
  switch (mode) {
    case 'swap':
      return [
        {
          title: '|F_A| · e^(i∠F_B)',
          caption: 'Magnitude of A, phase of B.',
          spectrum: (fa, fb) => combineMagnitudePhase(fa, fb),
        },
        {
          title: '|F_B| · e^(i∠F_A)',
          caption: 'Magnitude of B, phase of A.',
          spectrum: (fa, fb) => combineMagnitudePhase(fb, fa),
        },
      ];
    case 'mix':
      return [
        {
          title: `Magnitude mix α = ${a}`,
          caption: `Magnitude (1−α)|F_A| + α|F_B|, phase of A.`,
          spectrum: (fa, fb) => mixSpectra(fa, fb, alpha, 0),
        },
        {
          title: `Phase mix α = ${a}`,
          caption: `Magnitude of A, phase turned from ∠F_A towards ∠F_B by α.`,
          spectrum: (fa, fb) => mixSpectra(fa, fb, 0, alpha),
        },
      ];
    case 'phase':
      return [
        {
          title: 'Phase of A only',
          caption: 'Unit magnitude, phase of A.',
          spectrum: (fa) => phaseOnlySpectrum(fa),
        },
        {
          title: 'Phase of B only',
          caption: 'Unit magnitude, phase of B.',
          spectrum: (_fa, fb) => phaseOnlySpectrum(fb),
        },
      ];
    case 'magnitude':
      return [
        {
          title: 'Magnitude of A only',
          caption: 'Magnitude of A, random phase.',
          spectrum: (fa) => combineMagnitudePhase(fa, randomPhaseFor(size)),
        },
        {
          title: 'Magnitude of B only',
          caption: 'Magnitude of B, random phase.',
          spectrum: (_fa, fb) => combineMagnitudePhase(fb, randomPhaseFor(size)),
        },
      ];
  }
}

/**
 * Transforms both inputs (one plane per channel), builds the mode's two result spectra channel by
 * channel, transforms back and measures each result against A and B (correlation and SSIM on the
 * displayed, normalised result against the inputs in [0, 1]).
 */
export async function computeFourier(
  engine: FftEngine,
  a: readonly Float32Array[],
  b: readonly Float32Array[],
  size: number,
  mode: FourierMode,
  alpha: number,
): Promise<FourierOutput> {
  const t0 = performance.now();
  const [spectraA, spectraB] = [await engine.forward(a, size), await engine.forward(b, size)];
  const list = recipes(mode, alpha, size);
  const combined = list.flatMap((r) => spectraA.map((fa, c) => r.spectrum(fa, spectraB[c], c)));
  const back = await engine.inverseReal(combined, size);
  const computeMs = performance.now() - t0;
  const channels = a.length;
  const results = list.map((r, k) => {
    const planes = normalizeForDisplay(back.slice(k * channels, (k + 1) * channels));
    return {
      title: r.title,
      caption: r.caption,
      planes,
      toA: similarity(planes, a, size),
      toB: similarity(planes, b, size),
    };
  });
  return { spectraA, spectraB, results, computeMs };
}

/** The spectrum of the luminance, by linearity of the transform (no extra FFT). */
export function luminanceSpectrum(spectra: readonly ComplexImage[]): ComplexImage {
  if (spectra.length === 1) return spectra[0];
  const w = [0.299, 0.587, 0.114];
  const n = spectra[0].re.length;
  const out: ComplexImage = { re: new Float32Array(n), im: new Float32Array(n) };
  spectra.forEach((s, c) => {
    for (let i = 0; i < n; i++) {
      out.re[i] += w[c] * s.re[i];
      out.im[i] += w[c] * s.im[i];
    }
  });
  return out;
}

export { FOURIER_MODES, type FourierMode } from './names';
