import { type KeyboardEvent, type PointerEvent, useRef } from 'react';
import { fromCartesian, type PolarVector, toCartesian, wrapDegrees } from './geometry';

export interface PadVector extends PolarVector {
  name: string;
  color: string;
  /** Classroom links can lock a vector (its controls hidden): it is drawn but not draggable. */
  locked: boolean;
  onChange(v: PolarVector): void;
}

const EXTENT = 2.3;
const MIN_LENGTH = 0.1;
const MAX_LENGTH = 2;

/**
 * Two draggable 2-D vectors on a plane (SVG, pointer events). Each arrow head is also a
 * keyboard slider: ←/→ turn it (Shift: 1°, else 5°), ↑/↓ change its length.
 */
export function VectorPad({ vectors, thetaDeg }: { vectors: PadVector[]; thetaDeg: number }) {
  const svg = useRef<SVGSVGElement>(null);
  const dragging = useRef<number | null>(null);

  const toPlane = (e: PointerEvent) => {
    const el = svg.current;
    const ctm = el?.getScreenCTM();
    if (!el || !ctm) return null;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    return fromCartesian(p.x, -p.y, MIN_LENGTH, MAX_LENGTH);
  };
  const onPointerDown = (i: number) => (e: PointerEvent<SVGGElement>) => {
    if (vectors[i].locked) return;
    dragging.current = i;
    e.currentTarget.setPointerCapture(e.pointerId);
    // Focus for the arrow keys, without the browser scrolling the handle into view mid-drag.
    e.currentTarget.focus({ preventScroll: true });
    e.preventDefault();
  };
  const onPointerMove = (i: number) => (e: PointerEvent<SVGGElement>) => {
    if (dragging.current !== i) return;
    const v = toPlane(e);
    if (v) vectors[i].onChange(v);
  };
  const onPointerUp = () => {
    dragging.current = null;
  };
  const onKeyDown = (i: number) => (e: KeyboardEvent<SVGGElement>) => {
    const v = vectors[i];
    if (v.locked) return;
    const turn = e.shiftKey ? 1 : 5;
    const next = { angleDeg: v.angleDeg, length: v.length };
    if (e.key === 'ArrowLeft') next.angleDeg = wrapDegrees(v.angleDeg + turn);
    else if (e.key === 'ArrowRight') next.angleDeg = wrapDegrees(v.angleDeg - turn);
    else if (e.key === 'ArrowUp') next.length = Math.min(MAX_LENGTH, Math.round((v.length + 0.05) * 20) / 20);
    else if (e.key === 'ArrowDown')
      next.length = Math.max(MIN_LENGTH, Math.round((v.length - 0.05) * 20) / 20);
    else return;
    e.preventDefault();
    v.onChange(next);
  };

  // The arc marking θ between the two vectors, drawn at radius 0.45.
  const [a, b] = vectors;
  const start = Math.min(a.angleDeg, b.angleDeg);
  const end = Math.max(a.angleDeg, b.angleDeg);
  const [from, sweep] = end - start <= 180 ? [start, end - start] : [end, 360 - (end - start)];
  const arcPoint = (deg: number) => {
    const r = (deg * Math.PI) / 180;
    return `${0.45 * Math.cos(r)} ${-0.45 * Math.sin(r)}`;
  };
  const mid = ((from + sweep / 2) * Math.PI) / 180;

  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; the group names the pad
    <svg
      ref={svg}
      className="vector-pad"
      viewBox={`${-EXTENT} ${-EXTENT} ${2 * EXTENT} ${2 * EXTENT}`}
      role="group"
      aria-label="Vectors w and x; drag the arrow heads or focus them and use the arrow keys"
    >
      <circle r={1} className="pad-unit" />
      <circle r={2} className="pad-ring" />
      <line x1={-EXTENT} x2={EXTENT} y1={0} y2={0} className="pad-axis" />
      <line y1={-EXTENT} y2={EXTENT} x1={0} x2={0} className="pad-axis" />
      <path
        d={`M 0 0 L ${arcPoint(from)} A 0.45 0.45 0 0 0 ${arcPoint(from + sweep)} Z`}
        className="pad-arc"
      />
      <text x={0.62 * Math.cos(mid)} y={-0.62 * Math.sin(mid) + 0.06} className="pad-theta">
        θ = {thetaDeg.toFixed(0)}°
      </text>
      {vectors.map((v, i) => {
        const { x, y } = toCartesian(v);
        return (
          <g key={v.name} style={{ color: v.color }}>
            <line x1={0} y1={0} x2={x} y2={-y} className="pad-vector" />
            <text x={x * 1.12} y={-y * 1.12 + 0.07} className="pad-label">
              {v.name}
            </text>
            <g
              role="slider"
              tabIndex={v.locked ? -1 : 0}
              aria-label={`vector ${v.name}`}
              aria-valuemin={-180}
              aria-valuemax={180}
              aria-valuenow={v.angleDeg}
              aria-valuetext={`direction ${v.angleDeg}°, length ${v.length}`}
              aria-disabled={v.locked}
              className={v.locked ? 'pad-handle locked' : 'pad-handle'}
              onPointerDown={onPointerDown(i)}
              onMouseDown={(e) => e.preventDefault()}
              onPointerMove={onPointerMove(i)}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
              onKeyDown={onKeyDown(i)}
            >
              <circle cx={x} cy={-y} r={0.16} className="pad-hit" />
              <circle cx={x} cy={-y} r={0.08} className="pad-head" />
            </g>
          </g>
        );
      })}
    </svg>
  );
}
