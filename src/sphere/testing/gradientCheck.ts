/**
 * The one gradient check every custom op's tests use (test support, not shipped code).
 *
 * For L = Σ R ⊙ op(inputs) with a fixed random R, it checks the op's value and its gradient
 * against
 *   1. tf.js's own ops doing the same thing (optionally on another backend, e.g. tfjs-cpu),
 *   2. a plain float64 JS function written in the test (the paper's formulas, no code under test),
 *      differentiated by central finite differences in float64, element by element,
 * each to rtol ≤ 1e-3 of the larger magnitude. Gradients must also be non-zero, so a check on a
 * dead path cannot pass vacuously.
 */
import { expect } from 'vitest';
import * as tf from '../../tfjs';
import { seededRandom } from './testReference';

export interface CustomOpCheck {
  name: string;
  /** The op's inputs: tensors, or variables the op reads (a layer's weights). */
  inputs: tf.Tensor[];
  /** The code under test. */
  custom: (inputs: tf.Tensor[]) => tf.Tensor;
  /** The same map from tf.js's own ops. */
  reference: (inputs: tf.Tensor[]) => tf.Tensor;
  /** Where `reference` runs (default: the current backend); inputs are re-created there. */
  referenceBackend?: string;
  /** The same map in plain float64 JS, output flattened in the op's order. */
  float64: (inputs: Float64Array[]) => Float64Array;
  /** Which inputs to differentiate (default: all). */
  wrt?: number[];
  /** Default 1e-3. */
  rtol?: number;
  /** Finite-difference step (default 1e-6, relative to max(1, |value|)). */
  fdStep?: number;
  seed?: number;
}

export interface CustomOpReport {
  valueVsReference: number;
  valueVsFloat64: number;
  gradVsReference: number[];
  gradVsFiniteDiff: number[];
}

/** max |a − b| / max |b| (the error relative to the larger values' size). */
export function relativeMaxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    const d = Math.abs(a[i] - b[i]);
    worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(worst, d);
  }
  return worst / Math.max(scale, 1e-30);
}

interface Evaluated {
  value: Float32Array;
  shape: number[];
  grads: Float32Array[];
}

function evaluate(
  op: (inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  wrt: number[],
  cotangent: (shape: number[]) => tf.Tensor,
): Evaluated {
  return tf.tidy(() => {
    const out = op(inputs);
    const r = cotangent(out.shape);
    const { grads } = tf.engine().gradients(
      () => tf.sum(tf.mul(op(inputs), r)) as tf.Scalar,
      wrt.map((i) => inputs[i]),
    );
    return {
      value: out.dataSync() as Float32Array,
      shape: out.shape,
      grads: grads.map((g) => {
        expect(g, 'a gradient did not reach an input').toBeDefined();
        return g.dataSync() as Float32Array;
      }),
    };
  });
}

/** Runs the three comparisons (see the file's comment); returns the measured errors. */
export async function checkCustomOp(c: CustomOpCheck): Promise<CustomOpReport> {
  const rtol = c.rtol ?? 1e-3;
  const wrt = c.wrt ?? c.inputs.map((_, i) => i);
  const values = c.inputs.map((t) => Float64Array.from(t.dataSync()));
  const shapes = c.inputs.map((t) => t.shape);
  const rand = seededRandom(c.seed ?? 1);
  let rValues: Float64Array | undefined;
  const cotangent = (shape: number[]) => {
    const n = shape.reduce((p, v) => p * v, 1);
    rValues ??= Float64Array.from({ length: n }, () => 2 * rand() - 1);
    return tf.tensor(Float32Array.from(rValues), shape);
  };
  const mine = evaluate(c.custom, c.inputs, wrt, cotangent);
  const R = rValues as unknown as Float64Array;

  let ref: Evaluated;
  if (c.referenceBackend && c.referenceBackend !== tf.getBackend()) {
    const home = tf.getBackend();
    await tf.setBackend(c.referenceBackend);
    const fresh = values.map((v, i) => tf.tensor(Float32Array.from(v), shapes[i]));
    ref = evaluate(c.reference, fresh, wrt, cotangent);
    tf.dispose(fresh);
    await tf.setBackend(home);
  } else {
    ref = evaluate(c.reference, c.inputs, wrt, cotangent);
  }
  expect(mine.shape, `${c.name}: output shape`).toEqual(ref.shape);

  const exact = c.float64(values);
  const report: CustomOpReport = {
    valueVsReference: relativeMaxError(mine.value, ref.value),
    valueVsFloat64: relativeMaxError(mine.value, exact),
    gradVsReference: [],
    gradVsFiniteDiff: [],
  };
  const loss = (v: Float64Array[]) => {
    const out = c.float64(v);
    let s = 0;
    for (let i = 0; i < out.length; i++) s += R[i] * out[i];
    return s;
  };
  wrt.forEach((which, gi) => {
    const v = values.map((a) => a.slice());
    const fd = new Float64Array(v[which].length);
    for (let i = 0; i < fd.length; i++) {
      const x0 = v[which][i];
      const h = (c.fdStep ?? 1e-6) * Math.max(1, Math.abs(x0));
      v[which][i] = x0 + h;
      const up = loss(v);
      v[which][i] = x0 - h;
      const down = loss(v);
      v[which][i] = x0;
      fd[i] = (up - down) / (2 * h);
    }
    expect(Math.max(...Array.from(fd, Math.abs)), `${c.name}: gradient ${which} is all zero`).toBeGreaterThan(
      1e-6,
    );
    report.gradVsReference.push(relativeMaxError(mine.grads[gi], ref.grads[gi]));
    report.gradVsFiniteDiff.push(relativeMaxError(mine.grads[gi], fd));
  });
  const tag = (what: string) => `${c.name}: ${what} (rtol ${rtol})`;
  expect(report.valueVsReference, tag('value vs tf.js ops')).toBeLessThanOrEqual(rtol);
  expect(report.valueVsFloat64, tag('value vs float64 formula')).toBeLessThanOrEqual(rtol);
  wrt.forEach((which, i) => {
    expect(report.gradVsReference[i], tag(`gradient ${which} vs tf.js ops`)).toBeLessThanOrEqual(rtol);
    expect(
      report.gradVsFiniteDiff[i],
      tag(`gradient ${which} vs float64 finite differences`),
    ).toBeLessThanOrEqual(rtol);
  });
  return report;
}
