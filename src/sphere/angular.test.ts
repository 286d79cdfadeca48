import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import * as tf from '../tfjs';
import { angularFn, tanhFromExp } from './angular';
import { angularFromCos, extendedAngular } from './angularTensor';
import { fusedAngular } from './fusedAngular';
import { paperOperator } from './testing/testReference';

beforeAll(initWasmBackend);

const ks = [0.05, 0.1, 0.3, 0.7, 2, 10];
/** 41 angles over [0, π] (the endpoints and 39 inside). */
const angles = Array.from({ length: 41 }, (_, i) => (i / 40) * Math.PI);

describe('the operators against the paper’s formulas (written independently in testReference)', () => {
  it('exponential-form sigmoid, linear −2θ/π + 1 and cosine at 41 angles and 6 k, to 1e-12', () => {
    for (const theta of angles) {
      for (const k of ks) {
        for (const op of ['sigmoid', 'learnable-sigmoid'] as const) {
          expect(Math.abs(angularFn(op, theta, k) - paperOperator('sigmoid', theta, k))).toBeLessThan(1e-12);
        }
      }
      expect(Math.abs(angularFn('linear', theta) - (-(2 * theta) / Math.PI + 1))).toBeLessThan(1e-12);
      expect(angularFn('cosine', theta)).toBe(Math.cos(theta));
    }
  });

  it('hand values: sigmoid k = 0.3 at θ = π/4 is tanh(5π/12)/tanh(5π/6) ≈ 0.87327', () => {
    // (1 − e^{−π/1.2}) / (1 + e^{−π/1.2}) = tanh(π/2.4); the prefactor is 1/tanh(π/1.2).
    const expected = Math.tanh(Math.PI / 2.4) / Math.tanh(Math.PI / 1.2);
    expect(expected).toBeCloseTo(0.87327, 5);
    expect(angularFn('sigmoid', Math.PI / 4, 0.3)).toBeCloseTo(expected, 12);
    expect(angularFn('sigmoid', Math.PI / 4, 0.15)).not.toBeCloseTo(expected, 2);
  });

  it('tensor operator (fused and composite) matches the formulas at 41 angles and 6 k', () => {
    // Away from the clamp (θ ≥ 0.01): inside, the fused table is good to 1e-5 at k = 0.05.
    const inner = angles.map((t) => Math.min(Math.max(t, 0.01), Math.PI - 0.01));
    const cos = tf.tensor1d(inner.map(Math.cos));
    for (const impl of ['fused', 'composite'] as const) {
      for (const k of ks) {
        const g = angularFromCos(cos, 'sigmoid', k, { impl }).dataSync();
        inner.forEach((theta, i) => {
          expect(Math.abs(g[i] - paperOperator('sigmoid', theta, k))).toBeLessThan(k < 0.1 ? 2e-5 : 2e-6);
        });
      }
      const lin = angularFromCos(cos, 'linear', 1, { impl }).dataSync();
      inner.forEach((theta, i) => {
        expect(Math.abs(lin[i] - paperOperator('linear', theta, 1))).toBeLessThan(2e-6);
      });
    }
  });
});

describe('angularFn (numbers)', () => {
  it('g(0) = 1, g(π/2) = 0, g(π) = −1 for linear and sigmoid at any k', () => {
    for (const op of ['linear', 'sigmoid', 'learnable-sigmoid'] as const) {
      for (const k of ks) {
        expect(angularFn(op, 0, k)).toBeCloseTo(1, 12);
        expect(angularFn(op, Math.PI / 2, k)).toBeCloseTo(0, 12);
        expect(angularFn(op, Math.PI, k)).toBeCloseTo(-1, 12);
      }
    }
    expect(angularFn('cosine', Math.PI)).toBeCloseTo(-1, 12);
  });

  it('sigmoid tends to a step as k → 0 and to the linear operator as k grows', () => {
    const theta = Math.PI / 2 - 0.2;
    const values = [1, 0.3, 0.1, 0.03, 0.01].map((k) => angularFn('sigmoid', theta, k));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    expect(values[values.length - 1]).toBeGreaterThan(0.999);
    expect(angularFn('sigmoid', Math.PI / 2 + 0.2, 0.01)).toBeLessThan(-0.999);
    expect(angularFn('sigmoid', 1, 100)).toBeCloseTo(angularFn('linear', 1), 4);
  });
});

describe('angularFromCos (tensors, fused on wasm)', () => {
  it('matches angularFn at the endpoints and inside, for every k', () => {
    const thetas = [0, 0.1, 0.7, Math.PI / 2, 2, 3, Math.PI];
    const cos = tf.tensor1d(thetas.map(Math.cos));
    for (const op of ['linear', 'sigmoid'] as const) {
      for (const k of ks) {
        const g = angularFromCos(cos, op, k).dataSync();
        thetas.forEach((theta, i) => {
          // The clamp moves θ = 0 and π by ≈ 1.4e-3; g's slope there is tiny for these k.
          const tol = theta === 0 || theta === Math.PI ? 3e-3 : 1e-5;
          expect(Math.abs(g[i] - paperOperator(op, theta, k))).toBeLessThan(tol);
        });
      }
    }
  });

  it('fused table error stays within the bounds fusedAngular.ts states (4·10⁵ cosines)', () => {
    const n = 400001;
    const c = Float32Array.from({ length: n }, (_, i) => -0.999998 + (1.999996 * i) / (n - 1));
    // [k, bound with one shared table (float32 loop), bound with per-channel tables (float64
    // loop over float32 table values)]
    const bounds: [number, number, number][] = [
      [0.05, 1e-5, 9.5e-6],
      [0.1, 2.6e-6, 2.4e-6],
      [0.3, 3.9e-7, 3.1e-7],
      [0.7, 1.5e-7, 1.1e-7],
      [2, 1.05e-7, 7.7e-8],
    ];
    for (const [k, sharedBound, perChannelBound] of bounds) {
      // One shared table (fixed k) and the per-channel tables of learnable k.
      for (const kArg of [k, Float32Array.of(k)]) {
        const kUsed = typeof kArg === 'number' ? k : kArg[0];
        const bound = typeof kArg === 'number' ? sharedBound : perChannelBound;
        const g = fusedAngular(c, 'sigmoid', kArg, 1, typeof kArg !== 'number').g;
        let worst = 0;
        for (let i = 0; i < n; i++) {
          worst = Math.max(worst, Math.abs(g[i] - paperOperator('sigmoid', Math.acos(c[i]), kUsed)));
        }
        expect(worst).toBeLessThan(bound);
        expect(worst).toBeGreaterThan(bound / 3); // the stated figure is the measured one, not a loose cap
      }
    }
  });

  it.each(['fused', 'composite'] as const)('clamps cos at exactly ±(1 − 1e-6) (%s): g and dg/dc', (impl) => {
    // 1 − 1.5e-6 is inside the limit (g and dg/dc from the formula), 1 − 0.5e-6 beyond (dg/dc = 0).
    const inside = Math.fround(1 - 1.5e-6);
    const beyond = Math.fround(1 - 0.5e-6);
    const cos = tf.tensor1d([inside, -inside, beyond, -beyond]);
    const g = angularFromCos(cos, 'linear', 1, { impl }).dataSync();
    const dg = tf
      .grad((c: tf.Tensor) => tf.sum(angularFromCos(c, 'linear', 1, { impl })))(cos)
      .dataSync();
    const theta = Math.acos(inside);
    // tf's float32 asin is good to ~6e-6 this close to 1; clamping at 1 − 2e-6 would be off by 1.7e-4.
    const tol = impl === 'fused' ? 2e-6 : 2e-5;
    expect(Math.abs(g[0] - paperOperator('linear', theta, 1))).toBeLessThan(tol);
    expect(Math.abs(g[1] - paperOperator('linear', Math.PI - theta, 1))).toBeLessThan(tol);
    // dg/dc = (2/π)/sin θ ≈ 368 here.
    const slope = 2 / Math.PI / Math.sin(theta);
    for (const i of [0, 1]) expect(Math.abs(dg[i] - slope)).toBeLessThan(1e-3 * slope);
    expect(Math.abs(g[2] - paperOperator('linear', Math.acos(1 - 1e-6), 1))).toBeLessThan(tol);
    expect(Array.from(dg.slice(2))).toEqual([0, 0]);
  });

  it('fused relu at c = 0 exactly: g = 0 with the gradient of tf.relu (0), fixed and per-channel k', () => {
    const cos = tf.tensor2d([0, 0.5, -0.5, 0], [2, 2]);
    const k = tf.tensor1d([0.3, 0.7]);
    for (const kArg of [0.3, k]) {
      const f = (c: tf.Tensor) => angularFromCos(c, 'sigmoid', kArg, { relu: true, impl: 'fused' });
      expect(f(cos).dataSync()[0]).toBe(0);
      const dg = tf
        .grad((c: tf.Tensor) => tf.sum(f(c)))(cos)
        .dataSync();
      expect([dg[0], dg[2], dg[3]]).toEqual([0, 0, 0]);
      expect(dg[1]).toBeGreaterThan(0);
    }
  });

  it('cosine returns cos itself (no acos, no clamp)', () => {
    const cos = tf.tensor1d([-1, -0.5, 0, 0.999999, 1]);
    expect(Array.from(angularFromCos(cos, 'cosine').dataSync())).toEqual(Array.from(cos.dataSync()));
  });

  it('rejects a non-positive sigmoid k', () => {
    expect(() => angularFromCos(tf.tensor1d([0.5]), 'sigmoid', 0)).toThrow(/k > 0/);
  });
});

describe('extendedAngular (GA-Softmax ψ)', () => {
  it('equals g on [0, π] and is continuous and decreasing beyond', () => {
    const phis = Array.from({ length: 801 }, (_, i) => (i / 800) * 4 * Math.PI);
    for (const op of ['linear', 'cosine', 'sigmoid'] as const) {
      const psi = extendedAngular(tf.tensor1d(phis), op, 0.3).dataSync();
      phis.forEach((phi, i) => {
        if (phi <= Math.PI - 1e-9) expect(psi[i]).toBeCloseTo(paperOperator(op, phi, 0.3), 5);
        if (i > 0) {
          expect(psi[i]).toBeLessThanOrEqual(psi[i - 1] + 1e-6);
          expect(psi[i - 1] - psi[i]).toBeLessThan(0.1); // no jumps
        }
      });
      expect(psi[800]).toBeCloseTo(-7, 4); // ψ(4π) = g(0) − 2·4
    }
  });

  it('sigmoid ψ with one k per class (a learnable head) is the paper’s g per column, extended', () => {
    const ks = [0.05, 0.3, 0.75, 2];
    const phis = [0.2, 1, 1.5, 2.5, 3, 4, 6, 9];
    const phi = tf.tensor2d(
      phis.flatMap((p) => ks.map(() => p)),
      [phis.length, ks.length],
    );
    const psi = extendedAngular(phi, 'sigmoid', tf.tensor1d(ks)).dataSync();
    phis.forEach((p, i) => {
      const q = Math.floor(p / Math.PI);
      ks.forEach((k, j) => {
        expect(psi[i * ks.length + j]).toBeCloseTo(paperOperator('sigmoid', p - q * Math.PI, k) - 2 * q, 5);
      });
    });
  });

  it('cosine ψ is A-Softmax’s (−1)^q cos(φ) − 2q', () => {
    const phis = [0.3, 2, 3.5, 5, 7, 9.9];
    const psi = extendedAngular(tf.tensor1d(phis), 'cosine').dataSync();
    phis.forEach((phi, i) => {
      const q = Math.floor(phi / Math.PI);
      expect(psi[i]).toBeCloseTo((-1) ** q * Math.cos(phi) - 2 * q, 5);
    });
  });
});

describe('tanhFromExp (the tables’ tanh, the same bits in JS and wasm)', () => {
  it('is Math.tanh within 4e-16 absolute, 6e-15 relative from 0.01 up (1 − e cancels), odd, ±1 far out', () => {
    let worstAbs = 0;
    let worstRel = 0;
    for (let i = 0; i <= 20000; i++) {
      // 0 … 40 (the table's a·u reaches π/2 · 10 at k = 0.05), denser near 0.
      const x = 40 * (i / 20000) ** 2;
      const err = Math.abs(tanhFromExp(x) - Math.tanh(x));
      worstAbs = Math.max(worstAbs, err);
      if (x >= 0.01) worstRel = Math.max(worstRel, err / Math.tanh(x));
      expect(tanhFromExp(-x)).toBeCloseTo(-Math.tanh(x), 15);
    }
    expect(worstAbs).toBeLessThan(4e-16);
    expect(worstRel).toBeLessThan(6e-15);
    expect(worstAbs).toBeGreaterThan(0); // not Math.tanh itself
    expect([tanhFromExp(0), tanhFromExp(400), tanhFromExp(1e6), tanhFromExp(-1e6)]).toEqual([0, 1, 1, -1]);
  });
});
