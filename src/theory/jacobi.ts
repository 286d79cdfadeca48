/**
 * Symmetric eigenvalues by the cyclic Jacobi method. The matrices in the Lemma 1–2 demo are at
 * most a few dozen rows, where Jacobi is simple, robust and accurate to a few ulps of ‖A‖.
 * Matrices are dense row-major Float64Array (n×n).
 */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: number[];
  /** Column j of this row-major n×n matrix is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

function offDiagonalNorm2(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += 2 * a[i * n + j] * a[i * n + j];
  return s;
}

/** Eigen-decomposition of the symmetric n×n matrix `m` (only read, never written). */
export function jacobiEigen(m: Float64Array, n: number, maxSweeps = 60): SymmetricEigen {
  if (m.length !== n * n) throw new Error(`jacobiEigen: expected ${n * n} entries, got ${m.length}`);
  const a = Float64Array.from(m);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += a[i] * a[i];
  const stop = (Number.EPSILON * Number.EPSILON * total) / 4;

  for (let sweep = 0; sweep < maxSweeps && offDiagonalNorm2(a, n) > stop; sweep++) {
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        // Rotation angle that zeroes a[p][q] (Golub & Van Loan, sym.schur2), the stable small-t root.
        const tau = (aqq - app) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src];
  });
  return { values: order.map((i) => a[i * n + i]), vectors };
}

/** Eigenvalues only, largest first. */
export function symmetricEigenvalues(m: Float64Array, n: number): number[] {
  return jacobiEigen(m, n).values;
}

/**
 * Number of eigenvalues above `relTol` times the largest magnitude: the rank of a PSD Hessian.
 * Used once at c = 1, where the spectrum is well separated (see scaling.ts for why once).
 */
export function numericalRank(values: number[], relTol = 1e-8): number {
  const top = Math.max(...values.map(Math.abs));
  return values.filter((x) => x > relTol * top).length;
}

/** Largest over the `rank`-th largest eigenvalue: the condition number restricted to the non-null space. */
export function restrictedCondition(values: number[], rank: number): number {
  const sorted = [...values].sort((x, y) => y - x);
  return sorted[0] / sorted[rank - 1];
}
