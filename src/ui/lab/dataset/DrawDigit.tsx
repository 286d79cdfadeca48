import { useRef, useState } from 'react';
import type { SeriesStyle } from '../charts/RunCharts';
import { drawingToMnist } from './drawToMnist';

const SIZE = 196;

/** Draw a digit; both models classify it (MNIST only: 28×28 grayscale). */
export function DrawDigit(props: {
  styles: SeriesStyle[];
  /** undefined: no answer for this drawing (a newer stroke replaced it, or no models yet). */
  predict(pixels: Float32Array): Promise<Record<string, number[][]> | undefined>;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [result, setResult] = useState<Record<string, number[]> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const ctx = () => canvas.current?.getContext('2d', { willReadFrequently: true }) ?? null;
  const clear = () => {
    const c = ctx();
    if (!c) return;
    c.fillStyle = '#000';
    c.fillRect(0, 0, SIZE, SIZE);
    setResult(null);
  };
  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) * SIZE) / r.width, ((e.clientY - r.top) * SIZE) / r.height] as const;
  };
  const stroke = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const c = ctx();
    if (!c || !drawing.current) return;
    const [x, y] = point(e);
    c.fillStyle = '#fff';
    c.beginPath();
    c.arc(x, y, 8, 0, Math.PI * 2);
    c.fill();
  };
  const classify = async () => {
    const c = ctx();
    if (!c) return;
    const pixels = drawingToMnist(c.getImageData(0, 0, SIZE, SIZE).data, SIZE);
    if (!pixels) return setResult(null);
    try {
      const byModel = await props.predict(pixels);
      if (!byModel) return;
      setResult(Object.fromEntries(Object.entries(byModel).map(([id, rows]) => [id, rows[0]])));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="draw-digit">
      <canvas
        ref={(el) => {
          canvas.current = el;
          if (el && !el.dataset.ready) {
            el.dataset.ready = '1';
            const c = el.getContext('2d');
            if (c) {
              c.fillStyle = '#000';
              c.fillRect(0, 0, SIZE, SIZE);
            }
          }
        }}
        width={SIZE}
        height={SIZE}
        aria-label="Drawing pad: draw a digit"
        onPointerDown={(e) => {
          drawing.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          stroke(e);
        }}
        onPointerMove={stroke}
        onPointerUp={() => {
          drawing.current = false;
          void classify();
        }}
      />
      <div>
        <button type="button" className="btn" onClick={clear}>
          Clear drawing
        </button>
        {error && <p className="error">{error}</p>}
        {result && (
          <ul className="draw-preds" aria-label="Predictions for your drawing">
            {props.styles.map((s) => {
              const row = result[s.id];
              if (!row) return null;
              const best = row.indexOf(Math.max(...row));
              return (
                <li key={s.id} style={{ color: s.color }}>
                  {s.label}: <strong>{best}</strong> ({(row[best] * 100).toFixed(0)}%)
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
