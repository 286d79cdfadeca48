import { useEffect, useRef } from 'react';
import type { SeriesStyle } from '../charts/RunCharts';

export interface GridPredictions {
  inputs: Float32Array;
  labels: number[];
  byModel: Record<string, number[][]>;
  shape: [number, number, number];
}

function argmax(row: number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Draws one HWC image (floats in [0, 1], 1 or 3 channels) into a canvas. */
function ImageCanvas({
  pixels,
  shape,
  label,
}: {
  pixels: Float32Array;
  shape: [number, number, number];
  label: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const [h, w, c] = shape;
    const img = ctx.createImageData(w, h);
    for (let p = 0; p < h * w; p++) {
      for (let ch = 0; ch < 3; ch++)
        img.data[p * 4 + ch] = Math.round(255 * pixels[p * c + (c === 3 ? ch : 0)]);
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, shape]);
  return (
    <canvas ref={ref} width={shape[1]} height={shape[0]} className="digit" role="img" aria-label={label} />
  );
}

/** Test digits with both models' predictions: green when right, red when wrong. */
export function DigitGrid({
  data,
  styles,
  classNames,
}: {
  data: GridPredictions;
  styles: SeriesStyle[];
  classNames: string[];
}) {
  const size = data.shape[0] * data.shape[1] * data.shape[2];
  return (
    <ul className="digit-grid" aria-label="Test digits with predictions">
      {data.labels.map((label, i) => {
        const pixels = data.inputs.subarray(i * size, (i + 1) * size);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the grid is a fixed list of test images.
          <li key={i}>
            <ImageCanvas
              pixels={pixels}
              shape={data.shape}
              label={`Test image ${i}, true class ${classNames[label]}`}
            />
            {styles.map((s) => {
              const row = data.byModel[s.id]?.[i];
              if (!row) return null;
              const pred = argmax(row);
              return (
                <span
                  key={s.id}
                  className={pred === label ? 'pred right' : 'pred wrong'}
                  title={s.label}
                  style={{ borderColor: s.color }}
                >
                  {classNames[pred]}
                </span>
              );
            })}
          </li>
        );
      })}
    </ul>
  );
}
