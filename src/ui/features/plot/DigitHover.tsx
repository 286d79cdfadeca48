import { useEffect, useRef } from 'react';

export interface TestDigits {
  /** Grayscale pixels in [0, 1], [n×28×28]. */
  pixels: Float32Array;
  labels: number[];
  size: [number, number];
}

/** The hovered test digit: its image, true label, and each model's prediction. */
export function DigitHover(props: {
  index: number;
  digits?: TestDigits;
  label?: number;
  predictions: { title: string; predicted?: number }[];
}) {
  const { index, digits, label } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const [h, w] = digits?.size ?? [28, 28];

  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !digits || index < 0) return;
    const img = ctx.createImageData(w, h);
    const base = index * w * h;
    for (let p = 0; p < w * h; p++) {
      const v = Math.round(255 * digits.pixels[base + p]);
      img.data[4 * p] = v;
      img.data[4 * p + 1] = v;
      img.data[4 * p + 2] = v;
      img.data[4 * p + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [digits, index, w, h]);

  if (index < 0) {
    return (
      <aside className="digit-hover panel" aria-live="polite">
        <p className="hint">Hover a point to see its digit and both predictions.</p>
      </aside>
    );
  }
  return (
    <aside className="digit-hover panel" aria-live="polite" data-testid="digit-hover">
      {digits ? (
        <canvas ref={ref} width={w} height={h} role="img" aria-label={`Test digit ${index}`} />
      ) : (
        <p className="hint">Loading the digit image…</p>
      )}
      <dl>
        <dt>Test digit</dt>
        <dd>#{index}</dd>
        <dt>Label</dt>
        <dd data-testid="hover-label">{label ?? '—'}</dd>
        {props.predictions.map((p) => (
          <div key={p.title}>
            <dt>{p.title}</dt>
            <dd className={p.predicted === undefined ? '' : p.predicted === label ? 'right' : 'wrong'}>
              {p.predicted ?? '—'}
            </dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
