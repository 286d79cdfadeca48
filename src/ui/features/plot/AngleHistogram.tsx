import { useEffect, useMemo, useRef } from 'react';
import { angleHistogram, featureAngles } from '../../../features/spread';
import { classColor } from './classColors';

const WIDTH = 360;
const HEIGHT = 110;
const BINS = 72; // 5° each

/**
 * Per-class histogram of feature angles, stacked, over −180°…180°: the sectors each class owns
 * and the empty gaps between them (the angular margin) read directly off it. Class weight
 * directions are the ticks on top. Canvas for the same reason as the scatter plots.
 */
export function AngleHistogram(props: {
  id: string;
  title: string;
  features?: Float32Array;
  labels?: ArrayLike<number>;
  classWeights?: Float32Array;
}) {
  const { features, labels, classWeights } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const counts = useMemo(
    () => (features && labels ? angleHistogram(featureAngles(features), labels, 10, BINS) : undefined),
    [features, labels],
  );

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = WIDTH * dpr;
    canvas.height = HEIGHT * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#0b101a';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    const top = 12;
    const bottom = HEIGHT - 14;
    ctx.fillStyle = '#9aa4b8';
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'alphabetic';
    for (const deg of [-180, -90, 0, 90, 180]) {
      const x = ((deg + 180) / 360) * WIDTH;
      ctx.textAlign = deg === -180 ? 'left' : deg === 180 ? 'right' : 'center';
      ctx.fillText(`${deg}°`, x, HEIGHT - 2);
    }
    if (!counts) return;
    let max = 1;
    for (let b = 0; b < BINS; b++) {
      let total = 0;
      for (let c = 0; c < 10; c++) total += counts[c * BINS + b];
      max = Math.max(max, total);
    }
    const barW = WIDTH / BINS;
    const scale = (bottom - top) / max;
    for (let b = 0; b < BINS; b++) {
      let y = bottom;
      for (let c = 0; c < 10; c++) {
        const h = counts[c * BINS + b] * scale;
        if (h <= 0) continue;
        ctx.fillStyle = classColor(c);
        ctx.fillRect(b * barW, y - h, barW - 0.5, h);
        y -= h;
      }
    }
    if (classWeights) {
      for (let c = 0; c < classWeights.length / 2; c++) {
        const a = Math.atan2(classWeights[2 * c + 1], classWeights[2 * c]);
        const x = ((a + Math.PI) / (2 * Math.PI)) * WIDTH;
        ctx.fillStyle = classColor(c);
        ctx.beginPath();
        ctx.moveTo(x - 4, 0);
        ctx.lineTo(x + 4, 0);
        ctx.lineTo(x, top - 2);
        ctx.fill();
      }
    }
  }, [counts, classWeights]);

  return (
    <canvas
      ref={ref}
      className="angle-histogram"
      style={{ width: WIDTH, aspectRatio: `${WIDTH} / ${HEIGHT}` }}
      data-testid={`angles-${props.id}`}
      role="img"
      aria-label={`${props.title}: histogram of feature angles per class`}
    />
  );
}
