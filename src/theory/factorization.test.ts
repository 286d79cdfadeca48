import { describe, expect, it } from 'vitest';
import {
  dimOf,
  gradG,
  gradGS,
  hessianG,
  hessianGS,
  lossG,
  lossGS,
  normalizeRows,
  riemannianHessianGS,
  type Shape,
} from './factorization';
import { makeProblem, rescale, seededNormal } from './scaling';

const shape: Shape = { n: 4, m: 3, k: 2 };
const d = dimOf(shape);

/** A generic point (not an optimum), so every term of each Hessian matters. */
function genericPoint(seed: number) {
  const normal = seededNormal(seed);
  const f = Float64Array.from({ length: shape.n * shape.m }, normal);
  const x = Float64Array.from({ length: d }, () => 0.5 + normal());
  return { f, x };
}

const bump = (x: Float64Array, i: number, h: number) => {
  const y = Float64Array.from(x);
  y[i] += h;
  return y;
};

/** Central differences of `grad` give the Hessian column by column. */
function fdHessian(grad: (x: Float64Array) => Float64Array, x: Float64Array, h = 1e-5): Float64Array {
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const gp = grad(bump(x, j, h));
    const gm = grad(bump(x, j, -h));
    for (let i = 0; i < d; i++) out[i * d + j] = (gp[i] - gm[i]) / (2 * h);
  }
  return out;
}

function maxAbsDiff(a: Float64Array, b: Float64Array) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('G(U, V) = ½‖F − UVᵀ‖²', () => {
  it('gradient matches central differences of the loss', () => {
    const { f, x } = genericPoint(1);
    const g = gradG(shape, f, x);
    for (let i = 0; i < d; i++) {
      const fd = (lossG(shape, f, bump(x, i, 1e-6)) - lossG(shape, f, bump(x, i, -1e-6))) / 2e-6;
      expect(Math.abs(g[i] - fd)).toBeLessThan(1e-6);
    }
  });

  it('Hessian matches finite differences of the gradient', () => {
    const { f, x } = genericPoint(2);
    const fd = fdHessian((y) => gradG(shape, f, y), x);
    expect(maxAbsDiff(hessianG(shape, f, x), fd)).toBeLessThan(1e-6);
  });
});

describe('G_S: the rows normalized', () => {
  it('takes the same value at (cU, V/c) for every c', () => {
    const { f, x } = genericPoint(3);
    const base = lossGS(shape, f, x);
    for (const c of [0.5, 3, 40]) expect(lossGS(shape, f, rescale(shape, x, c))).toBeCloseTo(base, 10);
  });

  it('gradient matches central differences of the loss', () => {
    const { f, x } = genericPoint(4);
    const g = gradGS(shape, f, x);
    for (let i = 0; i < d; i++) {
      const fd = (lossGS(shape, f, bump(x, i, 1e-6)) - lossGS(shape, f, bump(x, i, -1e-6))) / 2e-6;
      expect(Math.abs(g[i] - fd)).toBeLessThan(1e-6);
    }
  });

  it('Euclidean Hessian matches finite differences of the gradient', () => {
    const { f, x } = genericPoint(5);
    const fd = fdHessian((y) => gradGS(shape, f, y), x);
    expect(maxAbsDiff(hessianGS(shape, f, x), fd)).toBeLessThan(1e-6);
  });

  it('Riemannian Hessian matches the second difference along retracted tangent curves', () => {
    const { f, x } = genericPoint(6);
    const unit = normalizeRows(shape, x);
    const hess = riemannianHessianGS(shape, f, x);
    const normal = seededNormal(60);
    for (let trial = 0; trial < 8; trial++) {
      // A random tangent vector: each row's component along its unit row removed.
      const xi = Float64Array.from({ length: d }, normal);
      for (let row = 0; row < d / shape.k; row++) {
        let dot = 0;
        for (let p = 0; p < shape.k; p++) dot += xi[row * shape.k + p] * unit[row * shape.k + p];
        for (let p = 0; p < shape.k; p++) xi[row * shape.k + p] -= dot * unit[row * shape.k + p];
      }
      const h = 1e-4;
      const along = (t: number) =>
        lossG(
          shape,
          f,
          normalizeRows(
            shape,
            unit.map((u, i) => u + t * xi[i]),
          ),
        );
      const fd = (along(h) - 2 * along(0) + along(-h)) / (h * h);
      let quad = 0;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) quad += xi[i] * hess[i * d + j] * xi[j];
      expect(Math.abs(quad - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
    }
  });

  it('Riemannian Hessian sends normal directions to zero and is symmetric', () => {
    const { f, x } = genericPoint(7);
    const unit = normalizeRows(shape, x);
    const hess = riemannianHessianGS(shape, f, x);
    for (let i = 0; i < d; i++) {
      let out = 0;
      for (let j = 0; j < d; j++) {
        // The normal direction of row 0: its own unit row, zero elsewhere.
        out += hess[i * d + j] * (j < shape.k ? unit[j] : 0);
        expect(hess[i * d + j]).toBeCloseTo(hess[j * d + i], 12);
      }
      expect(Math.abs(out)).toBeLessThan(1e-12);
    }
  });

  it('Euclidean Hessian at the rescaled optimum is not invariant: blocks scale as 1/c² and c²', () => {
    const p = makeProblem(4, shape);
    const at1 = hessianGS(shape, p.target, p.optimum);
    const at3 = hessianGS(shape, p.target, rescale(shape, p.optimum, 3));
    const u = 0; // entry in U's block
    const v = shape.n * shape.k; // entry in V's block
    expect(at3[u * d + u] / at1[u * d + u]).toBeCloseTo(1 / 9, 10);
    expect(at3[v * d + v] / at1[v * d + v]).toBeCloseTo(9, 10);
  });
});
