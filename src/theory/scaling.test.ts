import { describe, expect, it } from 'vitest';
import { curvatureAt, logGrid, makeProblem, scalingPoint } from './scaling';

describe('Lemmas 1–2 measured', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: standard condition number grows ≥ 50x from c = 1 to 10, the sphere one < 1%`, () => {
      const p = makeProblem(seed);
      const at1 = curvatureAt(p, 1);
      const at10 = curvatureAt(p, 10);
      expect(at10.standard / at1.standard).toBeGreaterThanOrEqual(50);
      expect(Math.abs(at10.sphereRiemannian / at1.sphereRiemannian - 1)).toBeLessThan(0.01);
      // The Euclidean Hessian of G_S is not what stays invariant.
      expect(at10.sphereEuclidean / at1.sphereEuclidean).toBeGreaterThanOrEqual(50);
    });
  }

  it('grows at least as fast as c² across the whole slider range (Lemma 1: Ω(c²))', () => {
    const p = makeProblem(5);
    const base = curvatureAt(p, 1).standard;
    for (const c of logGrid(9).slice(1))
      expect(curvatureAt(p, c).standard / base).toBeGreaterThanOrEqual(c * c);
  });

  it('GD needs more iterations as c grows; Riemannian GD on the spheres needs the same number', () => {
    const p = makeProblem(2);
    const opts = { maxIterations: 100_000 };
    const points = [1, 2, 4].map((c) => scalingPoint(p, c, opts));
    for (const pt of points) expect(pt.gd.converged && pt.rgd.converged).toBe(true);
    expect(points[1].gd.iterations).toBeGreaterThan(3 * points[0].gd.iterations);
    expect(points[2].gd.iterations).toBeGreaterThan(3 * points[1].gd.iterations);
    expect(new Set(points.map((pt) => pt.rgd.iterations)).size).toBe(1);
  });

  it('reports a capped run as not converged', () => {
    const pt = scalingPoint(makeProblem(1), 30, { maxIterations: 500 });
    expect(pt.gd).toEqual({ iterations: 500, converged: false });
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(makeProblem(9).target).toEqual(makeProblem(9).target);
    expect(makeProblem(9).target).not.toEqual(makeProblem(10).target);
  });
});
