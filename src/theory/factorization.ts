/**
 * The poster's toy problem (PAPER.md, "Theory"): G(U, V) = ½‖F − UVᵀ‖²_F and its SphereConv
 * version G_S(U, V) = ½‖F − D_U U Vᵀ D_V‖²_F (rows of U and V normalized), with gradients and
 * exact Hessians. A point is one vector x = [vec(U); vec(V)], U n×k and V m×k, both row-major.
 */
export interface Shape {
  n: number;
  m: number;
  k: number;
}

export const dimOf = (s: Shape) => (s.n + s.m) * s.k;

/** Rows are the n + m length-k vectors of U then V; they are laid out back to back in x. */
export const rowCount = (s: Shape) => s.n + s.m;

/** Residual R = UVᵀ − F (n×m, row-major). */
export function residual(
  s: Shape,
  f: Float64Array,
  x: Float64Array,
  out: Float64Array = new Float64Array(s.n * s.m),
) {
  const { n, m, k } = s;
  const vOff = n * k;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < m; a++) {
      let dot = 0;
      for (let p = 0; p < k; p++) dot += x[i * k + p] * x[vOff + a * k + p];
      out[i * m + a] = dot - f[i * m + a];
    }
  }
  return out;
}

/** G(U, V) = ½‖F − UVᵀ‖². */
export function lossG(s: Shape, f: Float64Array, x: Float64Array): number {
  const r = residual(s, f, x);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += r[i] * r[i];
  return sum / 2;
}

/** ∇G: ∂/∂U = R V, ∂/∂V = Rᵀ U. `r` may be passed in to reuse a residual already computed. */
export function gradG(
  s: Shape,
  f: Float64Array,
  x: Float64Array,
  out = new Float64Array(dimOf(s)),
  r = residual(s, f, x),
): Float64Array {
  const { n, m, k } = s;
  const vOff = n * k;
  out.fill(0);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < m; a++) {
      const ria = r[i * m + a];
      for (let p = 0; p < k; p++) {
        out[i * k + p] += ria * x[vOff + a * k + p];
        out[vOff + a * k + p] += ria * x[i * k + p];
      }
    }
  }
  return out;
}

/**
 * Exact Hessian of G (dim×dim, row-major):
 *   ∂²/∂U_ip∂U_jq = δ_ij (VᵀV)_pq,  ∂²/∂V_ap∂V_bq = δ_ab (UᵀU)_pq,
 *   ∂²/∂U_ip∂V_aq = U_iq V_ap + R_ia δ_pq.
 */
export function hessianG(s: Shape, f: Float64Array, x: Float64Array): Float64Array {
  const { n, m, k } = s;
  const d = dimOf(s);
  const vOff = n * k;
  const h = new Float64Array(d * d);
  const r = residual(s, f, x);
  const gram = (off: number, rows: number, p: number, q: number) => {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += x[off + i * k + p] * x[off + i * k + q];
    return sum;
  };
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) {
      const vtv = gram(vOff, m, p, q);
      const utu = gram(0, n, p, q);
      for (let i = 0; i < n; i++) h[(i * k + p) * d + i * k + q] = vtv;
      for (let a = 0; a < m; a++) h[(vOff + a * k + p) * d + vOff + a * k + q] = utu;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < m; a++) {
      for (let p = 0; p < k; p++) {
        for (let q = 0; q < k; q++) {
          const value = x[i * k + q] * x[vOff + a * k + p] + (p === q ? r[i * m + a] : 0);
          const row = i * k + p;
          const col = vOff + a * k + q;
          h[row * d + col] = value;
          h[col * d + row] = value;
        }
      }
    }
  }
  return h;
}

/** Every row of U and V scaled to unit length (the point SphereConv sees). */
export function normalizeRows(
  s: Shape,
  x: Float64Array,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  const { k } = s;
  for (let row = 0; row < rowCount(s); row++) {
    let norm = 0;
    for (let p = 0; p < k; p++) norm += x[row * k + p] ** 2;
    norm = Math.sqrt(norm);
    for (let p = 0; p < k; p++) out[row * k + p] = x[row * k + p] / norm;
  }
  return out;
}

function rowNorms(s: Shape, x: Float64Array): Float64Array {
  const norms = new Float64Array(rowCount(s));
  for (let row = 0; row < norms.length; row++) {
    let sum = 0;
    for (let p = 0; p < s.k; p++) sum += x[row * s.k + p] ** 2;
    norms[row] = Math.sqrt(sum);
  }
  return norms;
}

/** G_S(U, V) = G(N(U), N(V)): the loss a cosine SphereConv factorization minimizes. */
export function lossGS(s: Shape, f: Float64Array, x: Float64Array): number {
  return lossG(s, f, normalizeRows(s, x));
}

/** ∇G_S: per row, (I − ûûᵀ) g / ‖u‖, where g is ∇G at the normalized point. */
export function gradGS(s: Shape, f: Float64Array, x: Float64Array): Float64Array {
  const { k } = s;
  const unit = normalizeRows(s, x);
  const g = gradG(s, f, unit);
  const norms = rowNorms(s, x);
  const out = new Float64Array(x.length);
  for (let row = 0; row < norms.length; row++) {
    let radial = 0;
    for (let p = 0; p < k; p++) radial += unit[row * k + p] * g[row * k + p];
    for (let p = 0; p < k; p++) out[row * k + p] = (g[row * k + p] - radial * unit[row * k + p]) / norms[row];
  }
  return out;
}

/**
 * Exact Euclidean Hessian of G_S: J ∇²G J + Σ_rows ∇²(gᵀ u/‖u‖), with J = blockdiag((I − ûûᵀ)/‖u‖)
 * and, per row, ∇²(gᵀu/‖u‖) = −[g ûᵀ + û gᵀ + (gᵀû)(I − 3ûûᵀ)] / ‖u‖².
 * It is not invariant under (cU, V/c): G_S is 0-homogeneous per row, so U's block scales as 1/c².
 */
export function hessianGS(s: Shape, f: Float64Array, x: Float64Array): Float64Array {
  const { k } = s;
  const d = dimOf(s);
  const unit = normalizeRows(s, x);
  const g = gradG(s, f, unit);
  const hUnit = hessianG(s, f, unit);
  const norms = rowNorms(s, x);
  // J is block diagonal, so (J H J)_ij = Σ_a Σ_b J_{i,a} H_ab J_{b,j} with a, b inside i's and j's rows.
  const jac = (row: number, p: number, q: number) =>
    ((p === q ? 1 : 0) - unit[row * k + p] * unit[row * k + q]) / norms[row];
  const h = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const ri = Math.floor(i / k);
    const pi = i % k;
    for (let j = 0; j < d; j++) {
      const rj = Math.floor(j / k);
      const pj = j % k;
      let sum = 0;
      for (let a = 0; a < k; a++) {
        const jia = jac(ri, pi, a);
        if (jia === 0) continue;
        for (let b = 0; b < k; b++) sum += jia * hUnit[(ri * k + a) * d + rj * k + b] * jac(rj, b, pj);
      }
      h[i * d + j] = sum;
    }
  }
  for (let row = 0; row < rowCount(s); row++) {
    let gu = 0;
    for (let p = 0; p < k; p++) gu += g[row * k + p] * unit[row * k + p];
    const r2 = norms[row] ** 2;
    for (let p = 0; p < k; p++) {
      for (let q = 0; q < k; q++) {
        const up = unit[row * k + p];
        const uq = unit[row * k + q];
        const term = g[row * k + p] * uq + up * g[row * k + q] + gu * ((p === q ? 1 : 0) - 3 * up * uq);
        h[(row * k + p) * d + row * k + q] -= term / r2;
      }
    }
  }
  return h;
}

/**
 * Riemannian Hessian of G_S on the product of unit spheres (one sphere per row), at the sphere
 * point N(x), as a dim×dim matrix acting on tangent vectors: P ∇²G P − blockdiag((ûᵀg) P_row),
 * P = blockdiag(I − ûûᵀ). Normal directions map to 0. Depends on x only through N(x).
 */
export function riemannianHessianGS(s: Shape, f: Float64Array, x: Float64Array): Float64Array {
  const { k } = s;
  const d = dimOf(s);
  const unit = normalizeRows(s, x);
  const g = gradG(s, f, unit);
  const hUnit = hessianG(s, f, unit);
  const proj = (row: number, p: number, q: number) =>
    (p === q ? 1 : 0) - unit[row * k + p] * unit[row * k + q];
  const h = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const ri = Math.floor(i / k);
    for (let j = 0; j < d; j++) {
      const rj = Math.floor(j / k);
      let sum = 0;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++)
          sum += proj(ri, i % k, a) * hUnit[(ri * k + a) * d + rj * k + b] * proj(rj, b, j % k);
      }
      h[i * d + j] = sum;
    }
  }
  for (let row = 0; row < rowCount(s); row++) {
    let radial = 0;
    for (let p = 0; p < k; p++) radial += unit[row * k + p] * g[row * k + p];
    for (let p = 0; p < k; p++) {
      for (let q = 0; q < k; q++) h[(row * k + p) * d + row * k + q] -= radial * proj(row, p, q);
    }
  }
  return h;
}
