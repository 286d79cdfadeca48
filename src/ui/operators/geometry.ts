/** Plain 2-D helpers for the Operators view (no React): vectors given as angle (degrees) and length. */
import { angularFn, SPHERE_OPERATORS, type SphereOperator } from '../../sphere/angular';

export interface PolarVector {
  angleDeg: number;
  length: number;
}

/** The angle between two vectors, in radians, in [0, π]. */
export function angleBetween(a: PolarVector, b: PolarVector): number {
  const diff = Math.abs(a.angleDeg - b.angleDeg) % 360;
  return ((diff > 180 ? 360 - diff : diff) * Math.PI) / 180;
}

/** Wraps any angle in degrees into (−180, 180]. */
export function wrapDegrees(deg: number): number {
  const w = ((((deg + 180) % 360) + 360) % 360) - 180;
  return w === -180 ? 180 : w;
}

export function toCartesian(v: PolarVector): { x: number; y: number } {
  const rad = (v.angleDeg * Math.PI) / 180;
  return { x: v.length * Math.cos(rad), y: v.length * Math.sin(rad) };
}

/** A point (math orientation, y up) to a vector rounded for short links: 1° and 0.05 in length. */
export function fromCartesian(x: number, y: number, minLength: number, maxLength: number): PolarVector {
  const angleDeg = wrapDegrees(Math.round((Math.atan2(y, x) * 180) / Math.PI));
  const length = Math.min(maxLength, Math.max(minLength, Math.round(Math.hypot(x, y) * 20) / 20));
  return { angleDeg, length };
}

export interface CurveParams {
  k: number;
  learnableK: number;
  /** ‖w‖‖x‖, the scale of the plain inner product shown for contrast. */
  normProduct: number;
}

/** g(θ) of one operator with this view's k values. */
export function operatorValue(op: SphereOperator, theta: number, p: CurveParams): number {
  return angularFn(op, theta, op === 'learnable-sigmoid' ? p.learnableK : p.k);
}

export type CurveRow = { deg: number } & Record<SphereOperator | 'inner', number>;

/** Rows for the chart: every operator and ‖w‖‖x‖cos θ at `count` angles over [0°, 180°]. */
export function curveRows(p: CurveParams, count = 181): CurveRow[] {
  return Array.from({ length: count }, (_, i) => {
    const deg = (180 * i) / (count - 1);
    const theta = (deg * Math.PI) / 180;
    const row = { deg, inner: p.normProduct * Math.cos(theta) } as CurveRow;
    for (const op of SPHERE_OPERATORS) row[op] = operatorValue(op, theta, p);
    return row;
  });
}
