import { useEffect, useRef, useState } from 'react';
import {
  computeFourier,
  type FftEngine,
  fftJsEngine,
  grayBytesToPlane,
  logMagnitudePlanes,
  luminanceSpectrum,
  phaseToRgba,
  planesFor,
  planesToRgba,
  renderSample,
  rgbaToPlanes,
} from '../../fourier';
import type { ColourMode, FftEngineName, FourierMode, SampleName } from '../../fourier/names';
import type { UploadedImage } from './loadImageFile';
import { loadDigit } from './mnistDigit';

export type ImageSource =
  | { kind: 'sample'; name: SampleName }
  | { kind: 'digit'; index: number }
  | { kind: 'upload'; image: UploadedImage };

export interface InputDisplay {
  image: Uint8ClampedArray;
  magnitude: Uint8ClampedArray;
  phase: Uint8ClampedArray;
  /** E.g. "MNIST digit 12 (label 3)". */
  description: string;
}

export interface ResultDisplay {
  title: string;
  caption: string;
  image: Uint8ClampedArray;
  toA: { correlation: number; ssim: number };
  toB: { correlation: number; ssim: number };
}

export interface FourierDisplay {
  size: number;
  inputs: [InputDisplay, InputDisplay];
  results: ResultDisplay[];
  computeMs: number;
  engineLabel: string;
}

export interface FourierSettings {
  a: ImageSource;
  b: ImageSource;
  size: number;
  colour: ColourMode;
  mode: FourierMode;
  alpha: number;
  engine: FftEngineName;
  /** The app's global backend choice; the tf.js engine honours it when it has an FFT kernel. */
  backend: string;
}

const sampleCache = new Map<string, Float32Array[]>();

async function rgbPlanes(
  source: ImageSource,
  size: number,
): Promise<{ planes: Float32Array[]; description: string }> {
  if (source.kind === 'sample') {
    const key = `${source.name}@${size}`;
    let planes = sampleCache.get(key);
    if (!planes) {
      planes = renderSample(source.name, size);
      sampleCache.set(key, planes);
    }
    return { planes, description: 'built-in sample' };
  }
  if (source.kind === 'digit') {
    const d = await loadDigit(source.index);
    const plane = grayBytesToPlane(d.pixels, d.width, d.height, size);
    return { planes: [plane, plane, plane], description: `MNIST digit ${source.index} (label ${d.label})` };
  }
  const im = source.image;
  return { planes: rgbaToPlanes(im.rgba, im.width, im.height, size), description: `uploaded: ${im.name}` };
}

let tfStart: Promise<{ engine: FftEngine; note?: string }> | undefined;
/** Loads tf.js (its own chunk) and starts a backend with an FFT kernel, once per page. */
function tfEngineFor(backend: string): Promise<{ engine: FftEngine; note?: string }> {
  tfStart ??= import('../../fourier/tfFft').then(async (m) => {
    const started = await m.startFftBackend(backend);
    return { engine: m.tfEngine, note: started.note };
  });
  tfStart.catch(() => {
    tfStart = undefined;
  });
  return tfStart;
}

/**
 * Recomputes the view whenever a setting changes; a newer request supersedes an older one still
 * running (its result is dropped). Errors are returned, never thrown, so the view keeps working.
 */
export function useFourier(settings: FourierSettings) {
  const [display, setDisplay] = useState<FourierDisplay | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);
  const { a, b, size, colour, mode, alpha, engine, backend } = settings;

  useEffect(() => {
    const mine = ++generation.current;
    const current = () => generation.current === mine;
    setBusy(true);
    // A macrotask first, so "Computing…" paints before the main thread is busy.
    const timer = setTimeout(async () => {
      try {
        let fft = fftJsEngine;
        let engineNote: string | undefined;
        if (engine === 'tf') {
          try {
            const started = await tfEngineFor(backend);
            fft = started.engine;
            engineNote = started.note;
          } catch (e) {
            engineNote = `tf.js could not start (${e instanceof Error ? e.message : String(e)}); using fft.js.`;
          }
        }
        const [ia, ib] = await Promise.all([rgbPlanes(a, size), rgbPlanes(b, size)]);
        const pa = planesFor(ia.planes, colour);
        const pb = planesFor(ib.planes, colour);
        const out = await computeFourier(fft, pa, pb, size, mode, alpha);
        if (!current()) return;
        const input = (
          planes: Float32Array[],
          spectra: typeof out.spectraA,
          description: string,
        ): InputDisplay => ({
          image: planesToRgba(planes, size),
          magnitude: planesToRgba(logMagnitudePlanes(spectra, size), size),
          phase: phaseToRgba(luminanceSpectrum(spectra), size),
          description,
        });
        setDisplay({
          size,
          inputs: [input(pa, out.spectraA, ia.description), input(pb, out.spectraB, ib.description)],
          results: out.results.map((r) => ({ ...r, image: planesToRgba(r.planes, size) })),
          computeMs: out.computeMs,
          engineLabel: fft.label,
        });
        setNote(engineNote);
        setError(undefined);
      } catch (e) {
        if (current()) setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (current()) setBusy(false);
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [a, b, size, colour, mode, alpha, engine, backend]);

  return { display, error, note, busy };
}
