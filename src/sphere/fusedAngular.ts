/**
 * The angular maps g(θ(c)) of the linear and sigmoid operators as one fused loop over plain
 * arrays: clamp, angle, g and its derivatives in a single pass.
 *
 * Why: on wasm and cpu, tf.js runs asin, tanh, the clamp and each of their gradients as separate
 * kernels (~10 passes over the largest activation of the net, asin and tanh at ~12 ns/element
 * each). Here g is read from a table with linear interpolation (~5 ns/element) and the loop also
 * returns dg/dc, so the backward pass is a single multiply.
 *
 * The table variable is v = sqrt(1 − |c|) ∈ [0, 1], not c: g has infinite slope in c at c → ±1
 * but is smooth in v (θ = acos(1 − v²) ≈ √2·v). With 2048 intervals the measured max |error| of
 * g (float32 output vs the float64 formula, 4·10⁵ cosines) is 9.0e-6 at k = 0.05, 2.2e-6 at 0.1,
 * 2.6e-7 at 0.3, 7.7e-8 at 0.7, 4.4e-8 at 2 (float32 rounding alone is up to 6e-8); it grows
 * like 1/k² as k shrinks. angular.test.ts holds these bounds. g is odd in c and dg/dc even, so
 * one table covers c < 0. With 1 − c² = v²(2 − v²),
 * dg/dc = H(v)/v where H(v) = s·a·(1 − t²)/√(2 − v²) is smooth too.
 *
 * Angles: with u = asin(c) = π/2 − θ,
 *   linear:  g = 1 − 2θ/π = (2/π)·u
 *   sigmoid: g = −tanh((θ − π/2)/(2k)) / tanh(π/(4k)) = tanh(a·u)·s,  a = 1/(2k), s = 1/tanh(π/(4k))
 *
 * With relu, g is followed by max(0, ·): g(c) ≤ 0 exactly where c ≤ 0 (g increases with c and
 * g(π/2) = 0), so those elements are 0 with zero gradient and skip the work — about half of them.
 */

import { tanhFromExp } from './angular';

/** cos is clamped to [−LIMIT, LIMIT] before the angle (acos' gradient is infinite at ±1). */
export const COS_LIMIT = 1 - 1e-6;

export const TABLE_INTERVALS = 2048;
export const V_MIN = Math.sqrt(1 - COS_LIMIT);

/** u = asin(1 − v²) and 1/√(2 − v²) at the table's nodes (one entry past the end for i0 + 1). */
export const NODE_U = new Float64Array(TABLE_INTERVALS + 2);
export const NODE_ROOT = new Float64Array(TABLE_INTERVALS + 2);
for (let i = 0; i < NODE_U.length; i++) {
  const v = Math.min(i / TABLE_INTERVALS, 1);
  NODE_U[i] = Math.asin(1 - v * v);
  NODE_ROOT[i] = 1 / Math.sqrt(2 - v * v);
}

export interface AngularTable {
  g: Float64Array;
  h: Float64Array;
  dk?: Float64Array;
}

function buildTable(operator: 'linear' | 'sigmoid', k: number, wantDk: boolean): AngularTable {
  const len = NODE_U.length;
  const g = new Float64Array(len);
  const h = new Float64Array(len);
  if (operator === 'linear') {
    for (let i = 0; i < len; i++) {
      g[i] = (2 / Math.PI) * NODE_U[i];
      h[i] = (2 / Math.PI) * NODE_ROOT[i];
    }
    return { g, h };
  }
  const a = 1 / (2 * k);
  const s = 1 / Math.tanh(Math.PI / (4 * k));
  const dk = wantDk ? new Float64Array(len) : undefined;
  for (let i = 0; i < len; i++) {
    const u = NODE_U[i];
    const t = tanhFromExp(a * u);
    const sech2 = 1 - t * t;
    g[i] = t * s;
    h[i] = s * a * sech2 * NODE_ROOT[i];
    // da/dk = −2a², ds/dk = (s² − 1)·π·a²  (from s = 1/tanh(aπ/2)).
    if (dk) dk[i] = -2 * a * a * s * sech2 * u + t * (s * s - 1) * Math.PI * a * a;
  }
  return { g, h, dk };
}

/** Fixed-k tables are reused across steps (a handful of distinct k values in practice). */
const tableCache = new Map<string, AngularTable>();

export function cachedTable(operator: 'linear' | 'sigmoid', k: number): AngularTable {
  const key = operator === 'linear' ? 'linear' : `sigmoid:${k}`;
  let table = tableCache.get(key);
  if (!table) {
    if (tableCache.size > 64) tableCache.clear();
    table = buildTable(operator, k, false);
    tableCache.set(key, table);
  }
  return table;
}

export interface FusedAngularResult {
  g: Float32Array;
  /** dg/dc (0 where c was clamped, as tf's clipByValue gradient). */
  dgdc: Float32Array;
  /** dg/dk per element (per-channel k only), to be summed per channel. */
  dgdk?: Float32Array;
}

/** g at a clamped cosine (|c| ≥ COS_LIMIT, v = V_MIN), interpolated as the loop below would. */
function clampedG(G: Float64Array): number {
  const p = V_MIN * TABLE_INTERVALS;
  const i0 = p | 0;
  const f = p - i0;
  return G[i0] + f * (G[i0 + 1] - G[i0]);
}

/**
 * Fills g and dg/dc from one shared table (fixed k, or linear). Every element is written (the
 * outputs may be uninitialised memory, e.g. fresh wasm heap). Two loops, with and without the
 * relu, and the rare clamped case as an early exit: the single loop with those tests inside
 * measured ~30% slower in Node.
 */
function applySharedTable(
  cos: Float32Array,
  table: AngularTable,
  relu: boolean,
  out: FusedAngularResult,
): void {
  const G = table.g;
  const H = table.h;
  const { g, dgdc } = out;
  const n = cos.length;
  const gClamped = clampedG(G);
  if (relu) {
    for (let i = 0; i < n; i++) {
      const c = cos[i];
      if (c <= 0) {
        g[i] = 0;
        dgdc[i] = 0;
        continue;
      }
      if (c >= COS_LIMIT) {
        g[i] = gClamped;
        dgdc[i] = 0;
        continue;
      }
      const v = Math.sqrt(1 - c);
      const p = v * TABLE_INTERVALS;
      const i0 = p | 0;
      const f = p - i0;
      const g0 = G[i0];
      g[i] = g0 + f * (G[i0 + 1] - g0);
      const h0 = H[i0];
      dgdc[i] = (h0 + f * (H[i0 + 1] - h0)) / v;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const c = cos[i];
    const ac = Math.abs(c);
    if (ac >= COS_LIMIT) {
      g[i] = c < 0 ? -gClamped : gClamped;
      dgdc[i] = 0;
      continue;
    }
    const v = Math.sqrt(1 - ac);
    const p = v * TABLE_INTERVALS;
    const i0 = p | 0;
    const f = p - i0;
    const g0 = G[i0];
    const gv = g0 + f * (G[i0 + 1] - g0);
    g[i] = c < 0 ? -gv : gv;
    const h0 = H[i0];
    dgdc[i] = (h0 + f * (H[i0 + 1] - h0)) / v;
  }
}

/** Fills g, dg/dc and dg/dk from per-channel tables stacked in one array (learnable k). */
function applyChannelTables(
  cos: Float32Array,
  table: Required<AngularTable>,
  channels: number,
  relu: boolean,
  out: Required<FusedAngularResult>,
): void {
  const { g: G, h: H, dk: K } = table;
  const { g, dgdc, dgdk } = out;
  const n = cos.length;
  const len = NODE_U.length;
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === channels ? 0 : j + 1) {
    const c = cos[i];
    if (relu && c <= 0) {
      g[i] = 0;
      dgdc[i] = 0;
      dgdk[i] = 0;
      continue;
    }
    const ac = c < 0 ? -c : c;
    const clamped = ac >= COS_LIMIT;
    const v = clamped ? V_MIN : Math.sqrt(1 - ac);
    const p = v * TABLE_INTERVALS;
    const i0 = p | 0;
    const f = p - i0;
    const at = j * len + i0;
    const g0 = G[at];
    const gv = g0 + f * (G[at + 1] - g0);
    g[i] = c < 0 ? -gv : gv;
    if (clamped) dgdc[i] = 0;
    else {
      const h0 = H[at];
      dgdc[i] = (h0 + f * (H[at + 1] - h0)) / v;
    }
    const k0 = K[at];
    const kv = k0 + f * (K[at + 1] - k0);
    dgdk[i] = c < 0 ? -kv : kv;
  }
}

function stackedTables(k: Float32Array): Required<AngularTable> {
  const len = NODE_U.length;
  const stacked = {
    g: new Float64Array(len * k.length),
    h: new Float64Array(len * k.length),
    dk: new Float64Array(len * k.length),
  };
  for (let j = 0; j < k.length; j++) {
    const t = buildTable('sigmoid', k[j], true);
    stacked.g.set(t.g, j * len);
    stacked.h.set(t.h, j * len);
    stacked.dk.set(t.dk!, j * len);
  }
  return stacked;
}

/**
 * g(c) for the array `cos` whose last axis has `channels` entries, written into `out` (every
 * element; g, dg/dc and, with per-channel k, dg/dk the same length as cos).
 * k: the sigmoid's k, one number or one per channel (ignored for linear).
 */
export function fusedAngularInto(
  cos: Float32Array,
  operator: 'linear' | 'sigmoid',
  k: number | Float32Array,
  channels: number,
  relu: boolean,
  out: FusedAngularResult,
): void {
  if (operator === 'linear' || typeof k === 'number') {
    applySharedTable(cos, cachedTable(operator, typeof k === 'number' ? k : 1), relu, out);
    return;
  }
  if (k.length !== channels) throw new Error(`k has ${k.length} values for ${channels} channels`);
  if (!out.dgdk) throw new Error('per-channel k needs an output for dg/dk');
  applyChannelTables(cos, stackedTables(k), channels, relu, out as Required<FusedAngularResult>);
}

/**
 * g(c) for the array `cos` whose last axis has `channels` entries, in fresh arrays.
 * k: the sigmoid's k, one number or one per channel (ignored for linear). wantDk needs per-channel k.
 */
export function fusedAngular(
  cos: Float32Array,
  operator: 'linear' | 'sigmoid',
  k: number | Float32Array,
  channels: number,
  wantDk: boolean,
  relu = false,
): FusedAngularResult {
  const n = cos.length;
  const shared = operator === 'linear' || typeof k === 'number';
  if (shared && wantDk) throw new Error('dg/dk needs one k per channel');
  // dg/dk is always computed for per-channel k (cheap); callers that do not want it ignore it.
  const out = {
    g: new Float32Array(n),
    dgdc: new Float32Array(n),
    dgdk: shared ? undefined : new Float32Array(n),
  };
  fusedAngularInto(cos, operator, k, channels, relu, out);
  return out;
}
