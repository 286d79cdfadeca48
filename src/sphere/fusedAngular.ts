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
 * g (float32 output vs the float64 formula, 4·10⁵ cosines) is, computed in float64 over float32
 * table values (per-channel tables), 9.0e-6 at k = 0.05, 2.3e-6 at 0.1, 3.0e-7 at 0.3, 1.0e-7 at
 * 0.7, 7.3e-8 at 2 (float32 rounding alone is up to 6e-8), and computed in float32 (one shared
 * table, the Lab's fixed k) 9.6e-6, 2.5e-6, 3.7e-7, 1.4e-7, 9.9e-8; it grows like 1/k² as k
 * shrinks. angular.test.ts holds these bounds. g is odd in c and dg/dc even, so one table covers
 * c < 0. With 1 − c² = v²(2 − v²),
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

/**
 * COS_LIMIT and V_MIN as float32: the shared-table loop below runs in float32. The limit is the
 * least float32 ≥ COS_LIMIT (float32's nearest lies below it), so that exactly the float32
 * cosines with |c| ≥ COS_LIMIT are clamped, as in float64.
 */
export const COS_LIMIT_F32 = leastFloat32AtLeast(COS_LIMIT);
export const V_MIN_F32 = Math.fround(V_MIN);
/** Nodes the shared-table loop can index: i0 ≤ TABLE_INTERVALS (v ≤ 1). */
export const SHARED_NODES = TABLE_INTERVALS + 1;

function leastFloat32AtLeast(x: number): number {
  const f = new Float32Array([x]);
  if (f[0] < x) new Int32Array(f.buffer)[0] += 1; // x > 0: the next float32 up
  return f[0];
}

const float32Rows = new WeakMap<AngularTable, Float32Array>();

/**
 * A shared table as the float32 loop reads it, 16 bytes a node: G[i], G[i+1] − G[i], H[i],
 * H[i+1] − H[i], each formed in float64 and rounded once (src/engine/kernels/wasm/simd/
 * angularFixed.wat reads the same array). Kept while fusedAngular's cache keeps the table.
 */
export function sharedTableRows(table: AngularTable): Float32Array {
  let rows = float32Rows.get(table);
  if (!rows) {
    const { g, h } = table;
    rows = new Float32Array(4 * SHARED_NODES);
    for (let i = 0; i < SHARED_NODES; i++) {
      rows[4 * i] = g[i];
      rows[4 * i + 1] = g[i + 1] - g[i];
      rows[4 * i + 2] = h[i];
      rows[4 * i + 3] = h[i + 1] - h[i];
    }
    float32Rows.set(table, rows);
  }
  return rows;
}

/**
 * Fills g and dg/dc from one shared table (fixed k, or linear), every element (the outputs may
 * be uninitialised memory, e.g. fresh wasm heap). In float32, each operation rounded as
 * Math.fround does, in the order of the wasm SIMD loop (./simd/angularFixed.wat), so both give
 * the same bits: four float32 lanes a SIMD step instead of two float64 ones, and float32's
 * square root and division (the loop's cost) on four at once. The float32 rounding (~6e-8
 * relative) is far below the table's interpolation error (see the top of this file).
 *   v = sqrt(1 − |c|) (V_MIN where |c| ≥ limit), p = v·intervals, i = trunc(p), f = p − i,
 *   g = ±(G[i] + f·ΔG[i]), dg/dc = (H[i] + f·ΔH[i]) / v (0 where clamped); relu: 0, 0 where c ≤ 0.
 */
function applySharedTable(
  cos: Float32Array,
  table: AngularTable,
  relu: boolean,
  out: FusedAngularResult,
): void {
  const rows = sharedTableRows(table);
  const { g, dgdc } = out;
  const fr = Math.fround;
  for (let i = 0; i < cos.length; i++) {
    const c = cos[i];
    if (relu && c <= 0) {
      g[i] = 0;
      dgdc[i] = 0;
      continue;
    }
    const ac = Math.abs(c);
    const clamped = ac >= COS_LIMIT_F32;
    const v = clamped ? V_MIN_F32 : fr(Math.sqrt(fr(1 - ac)));
    const p = fr(v * TABLE_INTERVALS);
    const i0 = p | 0;
    const f = fr(p - i0);
    const r = 4 * i0;
    const gv = fr(rows[r] + fr(f * rows[r + 1]));
    g[i] = c < 0 ? -gv : gv;
    dgdc[i] = clamped ? 0 : fr(fr(rows[r + 2] + fr(f * rows[r + 3])) / v);
  }
}

/**
 * Fills g, dg/dc and dg/dk from per-channel tables stacked in one array (learnable k). The table
 * values and their differences are used rounded to float32 (the wasm tables store them so: half
 * the cache footprint), the arithmetic is float64, as in ./simd/angularPerChannel.wat.
 */
function applyChannelTables(
  cos: Float32Array,
  table: Required<AngularTable>,
  channels: number,
  relu: boolean,
  out: Required<FusedAngularResult>,
): void {
  const { g: G, h: H, dk: K } = table;
  const { g, dgdc, dgdk } = out;
  const fr = Math.fround;
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
    const gv = fr(G[at]) + f * fr(G[at + 1] - G[at]);
    g[i] = c < 0 ? -gv : gv;
    if (clamped) dgdc[i] = 0;
    else {
      dgdc[i] = (fr(H[at]) + f * fr(H[at + 1] - H[at])) / v;
    }
    const kv = fr(K[at]) + f * fr(K[at + 1] - K[at]);
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
