import { classColor } from './classColors';
import type { Projection } from './plotGeometry';

export interface ScatterFrame {
  /** Canvas pixel coordinates of each point, [n×2] (already mapped by toScreen). */
  screen: Float32Array;
  labels: ArrayLike<number>;
  /** Class weight vectors [classes×2]; only their directions are drawn. */
  classWeights?: ArrayLike<number>;
  /** Half-width of the view in feature units (for the unit circle). */
  extent: number;
  projection: Projection;
  /** Index of the hovered point, or −1. */
  hovered: number;
  /** A class drawn bright and on top while the others fade, or −1. */
  highlighted?: number;
}

/**
 * Draws one frame on a square canvas of `size` CSS pixels; returns how many points it drew.
 * Points are drawn class by class so the fill style changes 10 times, not 2,000.
 */
export function drawScatter(ctx: CanvasRenderingContext2D, size: number, frame: ScatterFrame): number {
  const { screen, labels, classWeights, extent, projection, hovered } = frame;
  const highlighted = frame.highlighted ?? -1;
  const c0 = size / 2;
  ctx.clearRect(0, 0, size, size);
  ctx.fillStyle = '#0b101a';
  ctx.fillRect(0, 0, size, size);

  ctx.strokeStyle = '#263048';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, c0);
  ctx.lineTo(size, c0);
  ctx.moveTo(c0, 0);
  ctx.lineTo(c0, size);
  ctx.stroke();
  if (projection === 'unit') {
    ctx.beginPath();
    ctx.arc(c0, c0, size / (2 * extent), 0, 2 * Math.PI);
    ctx.stroke();
  }

  let drawn = 0;
  const n = Math.min(labels.length, screen.length / 2);
  // The highlighted class last, so it sits on top of the faded others.
  const order = Array.from({ length: 10 }, (_, c) => c).filter((c) => c !== highlighted);
  if (highlighted >= 0 && highlighted < 10) order.push(highlighted);
  for (const c of order) {
    ctx.globalAlpha = highlighted < 0 ? 0.7 : c === highlighted ? 1 : 0.12;
    ctx.fillStyle = classColor(c);
    for (let i = 0; i < n; i++) {
      if (labels[i] !== c) continue;
      const x = screen[2 * i];
      const y = screen[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
      drawn += 1;
    }
  }
  ctx.globalAlpha = 1;

  if (classWeights) drawClassRays(ctx, size, classWeights, highlighted);

  if (hovered >= 0 && hovered < n) {
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(screen[2 * hovered], screen[2 * hovered + 1], 6, 0, 2 * Math.PI);
    ctx.stroke();
  }
  return drawn;
}

/** Each class's weight direction as a ray from the origin to the plot's edge, labelled with its digit. */
function drawClassRays(
  ctx: CanvasRenderingContext2D,
  size: number,
  weights: ArrayLike<number>,
  highlighted: number,
): void {
  const c0 = size / 2;
  const length = size * 0.47;
  ctx.font = 'bold 12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let c = 0; c < weights.length / 2; c++) {
    const wx = weights[2 * c];
    const wy = weights[2 * c + 1];
    const r = Math.hypot(wx, wy);
    if (!(r > 0)) continue;
    ctx.globalAlpha = highlighted < 0 || highlighted === c ? 1 : 0.3;
    const x = c0 + (wx / r) * length;
    const y = c0 - (wy / r) * length;
    for (const [style, width] of [
      ['#0b101a', 4],
      [classColor(c), 2],
    ] as const) {
      ctx.strokeStyle = style;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(c0, c0);
      ctx.lineTo(x, y);
      ctx.stroke();
    }
    ctx.fillStyle = '#0b101a';
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = classColor(c);
    ctx.fillText(String(c), x, y + 0.5);
  }
  ctx.globalAlpha = 1;
}
