import { useEffect, useRef, useState } from 'react';
import type { TimelinePoint } from '../../inside/timeline';
import { fmt } from './colors';

const W = 180;
const H = 56;

/** Redrawn on every render: a few hundred bars and points, cheaper than tracking what changed. */
function useCanvas(draw: (ctx: CanvasRenderingContext2D) => void) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, W, H);
    draw(ctx);
  });
  return ref;
}

const hoverIndex = (e: React.PointerEvent<HTMLCanvasElement>, n: number) => {
  const r = e.currentTarget.getBoundingClientRect();
  return Math.min(n - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * n)));
};

/** θ between the layer's filters and the batch's non-zero patches, 0 to 180°. */
export function ThetaHistogram(props: { counts: number[]; color: string; label: string }) {
  const { counts, color } = props;
  const total = counts.reduce((a, b) => a + b, 0);
  const [hover, setHover] = useState<string>();
  const ref = useCanvas((ctx) => {
    const max = Math.max(...counts, 1);
    const bw = W / counts.length;
    ctx.fillStyle = color;
    counts.forEach((c, i) => {
      const h = (c / max) * (H - 12);
      ctx.fillRect(i * bw + 0.5, H - 10 - h, bw - 1, h);
    });
    ctx.fillStyle = '#9aa4b8';
    ctx.font = '9px system-ui';
    ctx.fillText('0°', 0, H - 1);
    ctx.fillText('90°', W / 2 - 8, H - 1);
    ctx.fillText('180°', W - 20, H - 1);
  });
  const deg = 180 / counts.length;
  return (
    <figure className="stat-chart">
      <canvas
        ref={ref}
        width={W}
        height={H}
        role="img"
        aria-label={props.label}
        onPointerMove={(e) => {
          const i = hoverIndex(e, counts.length);
          setHover(
            `θ ${i * deg}–${(i + 1) * deg}°: ${total > 0 ? ((100 * counts[i]) / total).toFixed(1) : 0}% of pairs`,
          );
        }}
        onPointerLeave={() => setHover(undefined)}
      />
      <figcaption>
        <output className="hover-value">{hover ?? 'θ (filter, patch) over the batch'}</output>
      </figcaption>
    </figure>
  );
}

/** One statistic of one layer against the training step. */
export function Sparkline(props: {
  points: TimelinePoint[];
  value: (p: TimelinePoint) => number | undefined;
  title: string;
  color: string;
  testId?: string;
}) {
  const { points, value, color } = props;
  const [hover, setHover] = useState<string>();
  const values = points.map(value);
  const finite = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const ref = useCanvas((ctx) => {
    if (finite.length === 0) return;
    const span = hi - lo || Math.abs(hi) || 1;
    const x = (i: number) => (points.length > 1 ? (i / (points.length - 1)) * (W - 4) + 2 : W / 2);
    const y = (v: number) => H - 4 - ((v - lo) / span) * (H - 8);
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    values.forEach((v, i) => {
      if (v === undefined || !Number.isFinite(v)) return;
      if (i === 0) ctx.moveTo(x(i), y(v));
      else ctx.lineTo(x(i), y(v));
    });
    ctx.stroke();
    const last = values.length - 1;
    const lv = values[last];
    if (lv !== undefined && Number.isFinite(lv)) ctx.fillRect(x(last) - 2, y(lv) - 2, 4, 4);
  });
  const now = values.at(-1);
  return (
    <figure className="stat-chart sparkline" data-testid={props.testId}>
      <figcaption>
        {props.title} <strong>{fmt(now)}</strong>
      </figcaption>
      <canvas
        ref={ref}
        width={W}
        height={H}
        role="img"
        aria-label={`${props.title} over training: ${points.length} points, now ${fmt(now)}`}
        onPointerMove={(e) => {
          if (points.length === 0) return;
          const i = hoverIndex(e, points.length);
          setHover(`step ${points[i].step}: ${fmt(values[i])}`);
        }}
        onPointerLeave={() => setHover(undefined)}
      />
      <output className="hover-value">
        {hover ?? (points.length > 0 ? `steps ${points[0].step}–${points.at(-1)!.step}` : '\u00a0')}
      </output>
    </figure>
  );
}
