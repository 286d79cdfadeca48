import { useEffect, useRef } from 'react';
import type { SeriesStyle } from '../lab/charts/RunCharts';
import { DrawDigit } from '../lab/dataset/DrawDigit';

/** The inspected image, drawn 4× (grayscale, or RGB for CIFAR-10). */
function InputImage(props: { pixels?: Float32Array; shape?: [number, number, number] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [h, w, c] = props.shape ?? [28, 28, 1];
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    const px = props.pixels;
    if (!ctx || !px || px.length !== h * w * c) return;
    const img = ctx.createImageData(w, h);
    for (let i = 0; i < h * w; i++) {
      for (let k = 0; k < 3; k++) img.data[i * 4 + k] = 255 * px[i * c + (c === 3 ? k : 0)];
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [props.pixels, h, w, c]);
  return (
    <canvas
      ref={ref}
      width={w}
      height={h}
      className="input-image"
      role="img"
      aria-label="The inspected input"
    />
  );
}

/** A test digit by index (in the URL), or one the user draws (the drawing pad of the Lab). */
export function InputPicker(props: {
  digit: number;
  testCount?: number;
  drawn: boolean;
  label?: number;
  pixels?: Float32Array;
  shape?: [number, number, number];
  onDigit(index: number): void;
  styles: SeriesStyle[];
  predict(pixels: Float32Array): Promise<Record<string, number[][]>>;
  canDraw: boolean;
}) {
  const max = (props.testCount ?? 1) - 1;
  const pick = (i: number) => props.onDigit(Math.max(0, Math.min(max, i)));
  return (
    <fieldset className="controls input-picker">
      <legend>Input</legend>
      <div className="input-row">
        <InputImage pixels={props.pixels} shape={props.shape} />
        <p data-testid="inside-input">
          {props.drawn ? 'Your drawing' : `Test image #${props.digit}`}
          {props.label !== undefined && !props.drawn ? ` (label ${props.label})` : ''}
        </p>
      </div>
      <div className="buttons">
        <button
          type="button"
          className="btn"
          onClick={() => pick(props.digit - 1)}
          disabled={props.digit <= 0}
        >
          ◀ Previous
        </button>
        <label className="control inline">
          <span>Test digit #</span>
          <input
            type="number"
            aria-label="Test digit index"
            min={0}
            max={max}
            value={props.digit}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v)) pick(v);
            }}
          />
        </label>
        <button
          type="button"
          className="btn"
          onClick={() => pick(props.digit + 1)}
          disabled={props.digit >= max}
        >
          Next ▶
        </button>
        <button type="button" className="btn" onClick={() => pick(Math.floor(Math.random() * (max + 1)))}>
          Random
        </button>
      </div>
      {props.canDraw && (
        <div className="draw-here">
          <p className="hint">Or draw a digit: every panel follows your drawing.</p>
          <DrawDigit styles={props.styles} predict={props.predict} />
        </div>
      )}
    </fieldset>
  );
}
