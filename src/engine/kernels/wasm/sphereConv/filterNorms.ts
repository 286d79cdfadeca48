import { KERNELS, registerFusedSphereGradients } from '../../../../sphere/fusedSphereOps';
import { NORM_EPS } from '../../../../sphere/sphereConv';
import type * as tf from '../../../../tfjs';
import { checkFloat32, type KernelArgs, type RawAccess, registerOnWasmAndCpu } from '../rawAccess';

/**
 * The SphereConv filters' own terms on wasm and cpu, as loops over the raw data (WebGPU has the
 * same kernel names in ../../webgpu; the gradients are src/sphere/fusedSphereOps.ts'):
 * - the unit filter w/‖w‖ (KERNELS.unit) and its gradient (KERNELS.unitGrad);
 * - the orthogonality penalty's rows Σ_o ((WᵀW − I)_po)² (KERNELS.ortho) and its gradient's
 *   bracket 2(dy_p + dy_o)(WᵀW − I)_po (KERNELS.orthoGram; one matmul by W follows).
 * The tensors are tiny (a 3×3×16×32 filter is 4,608 numbers), but tf.js' formulation of either
 * is ~15 kernels per layer per step, each with its own engine bookkeeping: that, not arithmetic,
 * was what a SphereNet's step paid for them. W is read as [fanIn, units], units the last axis;
 * sums are float64.
 */

/** u = w·r per unit, r = 1/sqrt(Σ_fanIn w² + ε). Loops row by row ([fanIn, units]): no i % units. */
export function unitFiltersInto(w: Float32Array, units: number, u: Float32Array): void {
  const r = inverseNorms(w, units);
  for (let base = 0; base < w.length; base += units)
    for (let o = 0; o < units; o++) u[base + o] = w[base + o] * r[o];
}

/** dw = r·dy − r³·w·Σ_fanIn(dy·w) per unit. */
export function unitFiltersGradInto(
  dy: Float32Array,
  w: Float32Array,
  units: number,
  dw: Float32Array,
): void {
  const r = inverseNorms(w, units);
  const dots = new Float64Array(units);
  for (let base = 0; base < w.length; base += units)
    for (let o = 0; o < units; o++) dots[o] += dy[base + o] * w[base + o];
  // r³·Σ(dy·w), once per unit.
  for (let o = 0; o < units; o++) dots[o] *= r[o] * r[o] * r[o];
  for (let base = 0; base < w.length; base += units)
    for (let o = 0; o < units; o++) dw[base + o] = r[o] * dy[base + o] - w[base + o] * dots[o];
}

function inverseNorms(w: Float32Array, units: number): Float64Array {
  const r = new Float64Array(units);
  for (let base = 0; base < w.length; base += units)
    for (let o = 0; o < units; o++) r[o] += w[base + o] * w[base + o];
  for (let o = 0; o < units; o++) r[o] = 1 / Math.sqrt(r[o] + NORM_EPS);
  return r;
}

/**
 * (WᵀW − I) [units, units], float64: the upper triangle's dot products, four columns at a time
 * (one read of w_p for four products: twice as fast in V8 as one at a time), then mirrored.
 */
function gramMinusIdentity(w: Float32Array, units: number): Float64Array {
  const g = new Float64Array(units * units);
  const n = w.length;
  for (let p = 0; p < units; p++) {
    const row = p * units;
    let o = p;
    for (; o + 3 < units; o += 4) {
      let [s0, s1, s2, s3] = [0, 0, 0, 0];
      for (let i = 0; i < n; i += units) {
        const a = w[i + p];
        s0 += a * w[i + o];
        s1 += a * w[i + o + 1];
        s2 += a * w[i + o + 2];
        s3 += a * w[i + o + 3];
      }
      [g[row + o], g[row + o + 1], g[row + o + 2], g[row + o + 3]] = [s0, s1, s2, s3];
    }
    for (; o < units; o++) {
      let s = 0;
      for (let i = 0; i < n; i += units) s += w[i + p] * w[i + o];
      g[row + o] = s;
    }
    for (let q = p + 1; q < units; q++) g[q * units + p] = g[row + q];
    g[row + p] -= 1;
  }
  return g;
}

/** rows_p = Σ_o ((WᵀW − I)_po)². */
export function orthoRowsInto(w: Float32Array, units: number, rows: Float32Array): void {
  const g = gramMinusIdentity(w, units);
  for (let p = 0; p < units; p++) {
    let s = 0;
    for (let o = 0; o < units; o++) s += g[p * units + o] ** 2;
    rows[p] = s;
  }
}

/** out_po = 2(dy_p + dy_o)(WᵀW − I)_po. */
export function orthoGradGramInto(dy: Float32Array, w: Float32Array, units: number, out: Float32Array): void {
  const g = gramMinusIdentity(w, units);
  for (let p = 0; p < units; p++)
    for (let o = 0; o < units; o++) out[p * units + o] = 2 * (dy[p] + dy[o]) * g[p * units + o];
}

const unitsOf = (w: tf.TensorInfo) => w.shape[w.shape.length - 1];

function unitKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend }: KernelArgs): tf.TensorInfo => {
    checkFloat32(KERNELS.unit, inputs);
    const w = inputs.w as tf.TensorInfo;
    const raw = access(backend);
    const out = raw.alloc(w.shape);
    unitFiltersInto(raw.view(w), unitsOf(w), raw.view(out));
    return out;
  };
}

function unitGradKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend }: KernelArgs): tf.TensorInfo => {
    checkFloat32(KERNELS.unitGrad, inputs);
    const { dy, w } = inputs as Record<'dy' | 'w', tf.TensorInfo>;
    const raw = access(backend);
    const out = raw.alloc(w.shape);
    unitFiltersGradInto(raw.view(dy), raw.view(w), unitsOf(w), raw.view(out));
    return out;
  };
}

function orthoKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend }: KernelArgs): tf.TensorInfo => {
    checkFloat32(KERNELS.ortho, inputs);
    const w = inputs.w as tf.TensorInfo;
    const raw = access(backend);
    const out = raw.alloc([unitsOf(w)]);
    orthoRowsInto(raw.view(w), unitsOf(w), raw.view(out));
    return out;
  };
}

function orthoGramKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend }: KernelArgs): tf.TensorInfo => {
    checkFloat32(KERNELS.orthoGram, inputs);
    const { dy, w } = inputs as Record<'dy' | 'w', tf.TensorInfo>;
    const units = unitsOf(w);
    const raw = access(backend);
    const out = raw.alloc([units, units]);
    orthoGradGramInto(raw.view(dy), raw.view(w), units, raw.view(out));
    return out;
  };
}

let registered = false;

/** Registers the filter terms' kernels on wasm and cpu, and their gradients (once). */
export function registerFilterNormKernels(): void {
  if (registered) return;
  registered = true;
  registerFusedSphereGradients();
  registerOnWasmAndCpu({
    [KERNELS.unit]: unitKernel,
    [KERNELS.unitGrad]: unitGradKernel,
    [KERNELS.ortho]: orthoKernel,
    [KERNELS.orthoGram]: orthoGramKernel,
  });
}
