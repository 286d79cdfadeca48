import { describe, expect, it } from 'vitest';
import { jacobiEigen, numericalRank, restrictedCondition, symmetricEigenvalues } from './jacobi';
import { seededNormal } from './scaling';

/** A random orthogonal matrix (Gram–Schmidt on Gaussian columns), row-major. */
function randomOrthogonal(n: number, seed: number): Float64Array {
  const normal = seededNormal(seed);
  const q = Float64Array.from({ length: n * n }, normal);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += q[r * n + i] * q[r * n + j];
      for (let r = 0; r < n; r++) q[r * n + j] -= dot * q[r * n + i];
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += q[r * n + j] ** 2;
    for (let r = 0; r < n; r++) q[r * n + j] /= Math.sqrt(norm);
  }
  return q;
}

/** Q diag(values) Qᵀ. */
function withSpectrum(values: number[], seed: number): Float64Array {
  const n = values.length;
  const q = randomOrthogonal(n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += q[i * n + t] * values[t] * q[j * n + t];
      a[i * n + j] = s;
    }
  return a;
}

describe('jacobiEigen', () => {
  it('matches the closed form of a 2×2 symmetric matrix', () => {
    const [a, b, d] = [2, -1.5, 0.5];
    const mean = (a + d) / 2;
    const radius = Math.hypot((a - d) / 2, b);
    const values = symmetricEigenvalues(Float64Array.of(a, b, b, d), 2);
    expect(values[0]).toBeCloseTo(mean + radius, 13);
    expect(values[1]).toBeCloseTo(mean - radius, 13);
  });

  it('recovers a planted spectrum (including zeros and negatives) of a 20×20 matrix', () => {
    const planted = [9, 7.5, 3, 3, 1, 0.5, 1e-3, 0, 0, -0.25, -2, 4, 6, 2.5, 0.1, 0.2, 5, 8, 1.5, -1];
    const values = symmetricEigenvalues(withSpectrum(planted, 7), planted.length);
    const expected = [...planted].sort((x, y) => y - x);
    for (const [i, v] of values.entries()) expect(Math.abs(v - expected[i])).toBeLessThan(1e-12);
  });

  it('returns unit eigenvectors with A v = λ v', () => {
    const n = 12;
    const normal = seededNormal(3);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = normal();
    const { values, vectors } = jacobiEigen(a, n);
    for (let col = 0; col < n; col++) {
      let norm = 0;
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[j * n + col];
        expect(Math.abs(av - values[col] * vectors[i * n + col])).toBeLessThan(1e-12);
        norm += vectors[i * n + col] ** 2;
      }
      expect(norm).toBeCloseTo(1, 12);
    }
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => jacobiEigen(new Float64Array(5), 2)).toThrow();
  });
});

describe('rank and restricted condition number', () => {
  it('ignore the null space', () => {
    const values = symmetricEigenvalues(withSpectrum([10, 4, 0.5, 0, 0], 11), 5);
    const rank = numericalRank(values);
    expect(rank).toBe(3);
    expect(restrictedCondition(values, rank)).toBeCloseTo(20, 10);
  });
});
