import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { phaseColour } from '../../fourier/display';
import { isSampleName } from '../../fourier/samples';
import { digitIndexOf } from '../../url/fourierState';
import { Hideable } from '../components/Hideable';
import { FourierControls, MODE_TITLES } from '../fourier/FourierControls';
import { Figure } from '../fourier/ImageCanvas';
import { ImagePicker } from '../fourier/ImagePicker';
import { loadImageFile, type UploadedImage } from '../fourier/loadImageFile';
import { ResultPanel } from '../fourier/ResultPanel';
import { type ImageSource, useFourier } from '../fourier/useFourier';
import '../fourier/fourier.css';
import type { AppStateApi } from '../useAppState';

type Slot = 'A' | 'B';
const FIELD = { A: 'imageA', B: 'imageB' } as const;

function sourceOf(image: string, upload: UploadedImage | undefined): ImageSource {
  if (upload) return { kind: 'upload', image: upload };
  const digit = digitIndexOf(image);
  if (digit !== undefined) return { kind: 'digit', index: digit };
  return { kind: 'sample', name: isSampleName(image) ? image : 'landscape' };
}

/** −π … π in the phase panels' cyclic colour map, for the legend. */
const PHASE_GRADIENT = `linear-gradient(90deg, ${Array.from({ length: 13 }, (_, i) => {
  const [r, g, b] = phaseColour(-Math.PI + (i * Math.PI) / 6);
  return `rgb(${r * 255} ${g * 255} ${b * 255})`;
}).join(', ')})`;

export default function FourierView({ app }: { app: AppStateApi }) {
  const s = app.state.states.fourier;
  const [uploads, setUploads] = useState<Partial<Record<Slot, UploadedImage>>>({});
  const [uploadErrors, setUploadErrors] = useState<Partial<Record<Slot, string>>>({});
  const pasteSlot = useRef<Slot>('A');
  const a = useMemo(() => sourceOf(s.imageA, uploads.A), [s.imageA, uploads.A]);
  const b = useMemo(() => sourceOf(s.imageB, uploads.B), [s.imageB, uploads.B]);
  const { display, error, note, busy } = useFourier({
    a,
    b,
    size: s.size,
    colour: s.colour,
    mode: s.mode,
    alpha: s.alpha,
    engine: s.engine,
    backend: app.state.backend,
  });

  const onFile = useCallback(async (slot: Slot, file: File) => {
    pasteSlot.current = slot;
    try {
      const image = await loadImageFile(file);
      setUploads((u) => ({ ...u, [slot]: image }));
      setUploadErrors((e) => ({ ...e, [slot]: undefined }));
    } catch (err) {
      setUploadErrors((e) => ({ ...e, [slot]: err instanceof Error ? err.message : String(err) }));
    }
  }, []);

  const onImage = (slot: Slot, image: string) => {
    pasteSlot.current = slot;
    setUploads((u) => ({ ...u, [slot]: undefined }));
    setUploadErrors((e) => ({ ...e, [slot]: undefined }));
    app.updateView('fourier', { [FIELD[slot]]: image });
  };

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const item = [...(e.clipboardData?.items ?? [])].find((i) => i.kind === 'file');
      const file = item?.getAsFile();
      if (!file) return;
      e.preventDefault();
      void onFile(pasteSlot.current, file);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [onFile]);

  const inputRow = (slot: Slot, index: 0 | 1) => {
    const shown = display?.inputs[index];
    return (
      <fieldset
        key={slot}
        className="panel fourier-input"
        data-testid={`input-${slot}`}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          const file = e.dataTransfer.files[0];
          if (file) void onFile(slot, file);
        }}
      >
        <legend>Input {slot} (drop an image here)</legend>
        <Hideable app={app} name={FIELD[slot]}>
          <ImagePicker
            slot={slot}
            image={s[FIELD[slot]]}
            uploadedName={uploads[slot]?.name}
            onImage={(image) => onImage(slot, image)}
            onFile={(file) => void onFile(slot, file)}
          />
        </Hideable>
        {uploadErrors[slot] && (
          <p className="error" role="alert" data-testid={`upload-error-${slot}`}>
            {uploadErrors[slot]}
          </p>
        )}
        {shown && display && (
          <div className="fourier-figures">
            <Figure
              testId={`panel-image-${slot}`}
              title={`Image ${slot}`}
              rgba={shown.image}
              size={display.size}
            >
              <span className="fourier-caption">{shown.description}</span>
            </Figure>
            <Figure
              testId={`panel-magnitude-${slot}`}
              title={`log(1+|F_${slot}|)`}
              rgba={shown.magnitude}
              size={display.size}
            >
              <span className="fourier-caption">Magnitude, zero frequency centred</span>
            </Figure>
            <Figure
              testId={`panel-phase-${slot}`}
              title={`∠F_${slot}`}
              rgba={shown.phase}
              size={display.size}
            >
              <span className="fourier-caption">
                Phase{s.colour === 'rgb' ? ' (of the luminance)' : ''}
                <span className="phase-legend" style={{ background: PHASE_GRADIENT }} aria-hidden="true" />
                <span className="phase-legend-ends">
                  <span>−π</span>
                  <span>π</span>
                </span>
              </span>
            </Figure>
          </div>
        )}
      </fieldset>
    );
  };

  return (
    <section aria-labelledby="fourier-title" className="view fourier-view">
      <h2 id="fourier-title">Fourier: phase carries the structure</h2>
      <p>
        Every image is a sum of waves: the magnitude |F| says how strong each frequency is, the phase ∠F where
        its crests lie. Give one image's magnitudes the other's phases and see which one you recognise. Drop,
        paste (Ctrl+V) or upload your own images; the similarity under each result is measured, not asserted.
      </p>
      <div className="panel">
        <FourierControls app={app} />
      </div>
      {error && (
        <p className="error" role="alert" data-testid="fourier-error">
          {error}
        </p>
      )}
      {note && <p className="notice">{note}</p>}
      <div className="fourier-inputs">
        {inputRow('A', 0)}
        {inputRow('B', 1)}
      </div>
      <div className="panel fourier-results" data-testid="fourier-results" aria-busy={busy}>
        <h3>{MODE_TITLES[s.mode]}</h3>
        {display ? (
          <>
            <div className="fourier-figures">
              {display.results.map((r, i) => (
                <ResultPanel key={r.title} result={r} size={display.size} index={i} />
              ))}
            </div>
            <p className="fourier-timing" data-testid="fourier-timing">
              {busy ? 'Computing… · ' : ''}Transforms and recombination: {display.computeMs.toFixed(0)} ms
              with {display.engineLabel} at {display.size}×{display.size},{' '}
              {s.colour === 'rgb' ? '3 channels' : 'grayscale'}. Similarity: Pearson correlation and mean SSIM
              (Gaussian window σ = 1.5) of the shown result, scaled to [0, 1] by its 0.5–99.5th percentiles,
              against each input.
            </p>
          </>
        ) : (
          <p className="loading">Computing…</p>
        )}
      </div>
    </section>
  );
}
