import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../../sphere/buildModel';
import {
  KERNELS,
  orthoPenaltyFused,
  orthoPenaltyFusedAvailable,
  unitFilters,
  unitFiltersAvailable,
} from '../../../../sphere/fusedSphereOps';
import { NORM_EPS } from '../../../../sphere/sphereConv';
import { checkCustomOp } from '../../../../sphere/testing/gradientCheck';
import { seededRandom } from '../../../../sphere/testing/testReference';
import * as tf from '../../../../tfjs';
import { initWasmBackend } from '../../../backends/testBackend';

/**
 * The filter terms as one kernel each way (./filterNorms.ts) against tf.js' ops and float64:
 * the unit filter w/‖w‖ per unit (last axis) and the orthogonality penalty ‖WᵀW − I‖².
 */

function weights(shape: number[], seed: number): tf.Tensor {
  const rand = seededRandom(seed);
  const n = shape.reduce((p, s) => p * s, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => 2 * rand() - 1 + 0.1),
    shape,
  );
}

/** The plain formulations, in tf.js ops (the reference) and float64 (the paper's formulas). */
const plainUnit = (w: tf.Tensor) => {
  const axes = w.shape.slice(0, -1).map((_, i) => i);
  return tf.mul(w, tf.rsqrt(tf.add(tf.sum(tf.square(w), axes, true), NORM_EPS)));
};
const plainOrtho = (w: tf.Tensor) => {
  const units = w.shape[w.rank - 1];
  const mat = tf.reshape(w, [-1, units]) as tf.Tensor2D;
  return tf.sum(tf.square(tf.sub(tf.matMul(mat, mat, true, false), tf.eye(units))));
};

function unitFloat64(w: Float64Array, units: number): Float64Array {
  const out = new Float64Array(w.length);
  for (let o = 0; o < units; o++) {
    let s = NORM_EPS;
    for (let i = o; i < w.length; i += units) s += w[i] ** 2;
    for (let i = o; i < w.length; i += units) out[i] = w[i] / Math.sqrt(s);
  }
  return out;
}

function orthoFloat64(w: Float64Array, units: number): Float64Array {
  let total = 0;
  for (let p = 0; p < units; p++)
    for (let o = 0; o < units; o++) {
      let g = p === o ? -1 : 0;
      for (let i = 0; i < w.length; i += units) g += w[i + p] * w[i + o];
      total += g * g;
    }
  return Float64Array.of(total);
}

describe('filter-term kernels (wasm and cpu)', () => {
  beforeAll(initWasmBackend);
  afterAll(() => tf.setBackend('wasm'));

  // Units 1, 3 (odd: the gram's four-column blocks leave a remainder), 32 (the Lab's second
  // layer); a dense [din, units] weight too.
  const shapes = [
    [3, 3, 1, 16],
    [3, 3, 16, 32],
    [2, 2, 3, 3],
    [5, 1],
    [7, 10],
  ];
  for (const backend of ['wasm', 'cpu'])
    for (const shape of shapes)
      it(`w/‖w‖ and ‖WᵀW − I‖², with gradients, as tf.js' ops and float64 (${backend}, ${shape.join('×')})`, async () => {
        await tf.setBackend(backend);
        expect(unitFiltersAvailable()).toBe(true);
        expect(orthoPenaltyFusedAvailable()).toBe(true);
        const units = shape[shape.length - 1];
        const w = weights(
          shape,
          shape.reduce((a, b) => a + b, 0),
        );
        await checkCustomOp({
          name: `unit filters ${backend}`,
          inputs: [w],
          custom: ([a]) => unitFilters(a),
          reference: ([a]) => plainUnit(a),
          float64: ([a]) => unitFloat64(a, units),
          rtol: 1e-5,
          fdStep: 1e-4,
        });
        await checkCustomOp({
          name: `orthogonality penalty ${backend}`,
          inputs: [w],
          custom: ([a]) => orthoPenaltyFused(a),
          reference: ([a]) => plainOrtho(a),
          float64: ([a]) => orthoFloat64(a, units),
          rtol: 1e-5,
          fdStep: 1e-4,
        });
        w.dispose();
      });

  it('a zero filter stays finite: w/‖w‖ = 0 with the ε under the root, and so does its gradient', async () => {
    await tf.setBackend('wasm');
    const w = tf.zeros([3, 3, 2, 4]);
    const [u, g] = tf.tidy(() => [unitFilters(w), tf.grad((a: tf.Tensor) => tf.sum(unitFilters(a)))(w)]);
    expect(Array.from(u.dataSync()).every((v) => v === 0)).toBe(true);
    // d(w/sqrt(Σw²+ε))/dw at 0 is 1/sqrt(ε) = 100 along the diagonal.
    expect(Array.from(g.dataSync()).every((v) => Math.abs(v - 1 / Math.sqrt(NORM_EPS)) < 1e-3)).toBe(true);
    tf.dispose([w, u, g]);
  });

  it("a SphereNet's step runs the filter kernels, not tf.js' square/sum/rsqrt chain per layer", async () => {
    await tf.setBackend('wasm');
    const net = buildModel({
      kind: 'sphere',
      operator: 'sigmoid',
      widths: [4, 6],
      depth: 1,
      norm: 'none',
      inputShape: [8, 8, 1],
      numClasses: 3,
      orthogonality: 1e-3,
    });
    const xs = weights([2, 8, 8, 1], 9) as tf.Tensor4D;
    const labels = tf.tensor1d([0, 2], 'int32');
    const info = await tf.profile(() => tf.tidy(() => tf.variableGrads(() => net.loss(xs, labels)).value));
    const names = info.kernels.map((k) => k.name);
    const count = (name: string) => names.filter((n) => n === name).length;
    expect(count(KERNELS.unit)).toBeGreaterThanOrEqual(2);
    expect(count(KERNELS.unitGrad)).toBe(count(KERNELS.unit));
    expect(count(KERNELS.ortho)).toBeGreaterThanOrEqual(2);
    expect(count(KERNELS.orthoGram)).toBe(count(KERNELS.ortho));
    expect(names.filter((n) => /^(Rsqrt|Pow|Square|Eye)$/.test(n))).toEqual([]);
    tf.dispose([xs, labels]);
    net.dispose();
  });
});
