/**
 * Float64 references of the recurrent cells (test support): the equations written out element by
 * element from the paper's operator formulas (paperOperator), none of the code under test.
 */
import type { SphereOperator } from '../angular';
import { paperOperator } from './testReference';

export interface RefRecurrentArgs {
  cell: 'elman' | 'gru';
  kind: 'plain' | 'sphere';
  operator: SphereOperator;
  /** [b, T, F], row-major. */
  x: ArrayLike<number>;
  shape: [number, number, number];
  hidden: number;
  /** [F, G·H] and [H, G·H], row-major; G = 3 for the GRU (gates r, z, n), 1 for Elman. */
  wIn: ArrayLike<number>;
  wRec: ArrayLike<number>;
  bIn: ArrayLike<number>;
  bRec: ArrayLike<number>;
  /** Effective k per column of wIn / wRec (sigmoid operators). */
  kIn: number[];
  kRec: number[];
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** ⟨w_j, v⟩ or g(θ(w_j, v)) with θ from the clamped cosine, norms with +1e-4 under the root. */
function transform(
  v: number[],
  w: ArrayLike<number>,
  units: number,
  a: RefRecurrentArgs,
  k: number[],
): number[] {
  const out: number[] = [];
  let vSq = 0;
  for (const e of v) vSq += e * e;
  for (let j = 0; j < units; j++) {
    let dot = 0;
    let wSq = 0;
    for (let i = 0; i < v.length; i++) {
      dot += v[i] * w[i * units + j];
      wSq += w[i * units + j] ** 2;
    }
    if (a.kind === 'plain') {
      out.push(dot);
      continue;
    }
    const c = dot / (Math.sqrt(vSq + 1e-4) * Math.sqrt(wSq + 1e-4));
    if (a.operator === 'cosine') out.push(c);
    else out.push(paperOperator(a.operator, Math.acos(Math.min(1 - 1e-6, Math.max(-1 + 1e-6, c))), k[j]));
  }
  return out;
}

/** Every state h_1 … h_T, flattened as [b, T, H]. */
export function referenceRecurrent(a: RefRecurrentArgs): Float64Array {
  const [b, steps, features] = a.shape;
  const H = a.hidden;
  const G = a.cell === 'gru' ? 3 : 1;
  const out = new Float64Array(b * steps * H);
  for (let n = 0; n < b; n++) {
    let h = new Array<number>(H).fill(0);
    for (let t = 0; t < steps; t++) {
      const xt = Array.from({ length: features }, (_, f) => a.x[(n * steps + t) * features + f]);
      const gx = transform(xt, a.wIn, G * H, a, a.kIn).map((v, j) => v + a.bIn[j]);
      const gh = transform(h, a.wRec, G * H, a, a.kRec).map((v, j) => v + a.bRec[j]);
      const next: number[] = [];
      for (let j = 0; j < H; j++) {
        if (a.cell === 'elman') {
          next.push(Math.tanh(gx[j] + gh[j]));
          continue;
        }
        const r = sigmoid(gx[j] + gh[j]);
        const z = sigmoid(gx[H + j] + gh[H + j]);
        const cand = Math.tanh(gx[2 * H + j] + r * gh[2 * H + j]);
        next.push((1 - z) * cand + z * h[j]);
      }
      h = next;
      for (let j = 0; j < H; j++) out[(n * steps + t) * H + j] = h[j];
    }
  }
  return out;
}
