import { useMemo } from 'react';
import { SHIPPED } from '../../replication/shipped';
import { phaseFact } from '../../tour/facts';
import { fourierLink, TOUR_FOURIER } from '../../tour/links';
import { Figure } from '../fourier/ImageCanvas';
import { ResultPanel } from '../fourier/ResultPanel';
import { type ImageSource, useFourier } from '../fourier/useFourier';
import '../fourier/fourier.css';
import { TourStep } from './TourStep';

/** Step 1: the Fourier view's own pipeline swaps two built-in samples' magnitude and phase, live. */
export function FourierStep({ index, backend }: { index: number; backend: string }) {
  const a: ImageSource = useMemo(() => ({ kind: 'sample', name: TOUR_FOURIER.imageA }), []);
  const b: ImageSource = useMemo(() => ({ kind: 'sample', name: TOUR_FOURIER.imageB }), []);
  const { display, error } = useFourier({
    a,
    b,
    size: TOUR_FOURIER.size,
    colour: TOUR_FOURIER.colour,
    mode: TOUR_FOURIER.mode,
    alpha: 0.5,
    engine: 'fftjs',
    backend,
  });
  const fact = phaseFact(SHIPPED.results);
  return (
    <TourStep
      id="tour-fourier"
      index={index}
      title="Phase carries the structure"
      link={{ href: fourierLink(), text: 'Open this swap in the Fourier view' }}
    >
      <p>
        An image is a sum of waves: each has a strength (magnitude) and a position (phase). Give image A’s
        magnitudes B’s phases and you see B. The paper’s starting point: the angle carries the information,
        the length much less.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="fourier-figures tour-figures" data-testid="tour-fourier-figure">
        {display ? (
          <>
            {display.inputs.map((input, i) => (
              <Figure
                key={input.description + String(i)}
                testId={`tour-input-${i}`}
                title={`Image ${i === 0 ? 'A' : 'B'}`}
                rgba={input.image}
                size={display.size}
              />
            ))}
            {display.results.map((r, i) => (
              <ResultPanel key={r.title} result={r} size={display.size} index={i} />
            ))}
          </>
        ) : (
          <p className="loading">Computing the swap…</p>
        )}
      </div>
      {fact && (
        <p className="tour-fact" data-testid="fourier-fact">
          {fact.sentence}
        </p>
      )}
    </TourStep>
  );
}
