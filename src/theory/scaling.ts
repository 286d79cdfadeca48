/**
 * Lemmas 1–2 measured: at the rescaled optimum (cU*, V* / c), how the curvature of G and of G_S
 * depends on c, and how many (Riemannian) gradient-descent steps each needs from the rescaled start.
 */
import {
  dimOf,
  gradG,
  hessianG,
  hessianGS,
  lossG,
  normalizeRows,
  residual,
  riemannianHessianGS,
  type Shape,
} from './factorization';
import { numericalRank, restrictedCondition, symmetricEigenvalues } from './jacobi';

export interface ScalingProblem {
  shape: Shape;
  /** F = U*V*ᵀ (n×m). */
  target: Float64Array;
  /** The optimum (U*, V*): rows uniformly random on the unit sphere, so it minimizes G and G_S alike. */
  optimum: Float64Array;
  /** A fixed start near the optimum: (U*, V*) plus a small random offset. Rescaled with c like the optimum. */
  start: Float64Array;
}

export const DEFAULT_SHAPE: Shape = { n: 5, m: 4, k: 2 };

/** mulberry32 + Box–Muller: a seeded normal sampler (same seed, same problem, in any browser). */
export function seededNormal(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function makeProblem(seed: number, shape: Shape = DEFAULT_SHAPE, startOffset = 0.1): ScalingProblem {
  const { n, m } = shape;
  const normal = seededNormal(seed);
  const optimum = normalizeRows(shape, Float64Array.from({ length: dimOf(shape) }, normal));
  const start = optimum.map((v) => v + startOffset * normal());
  const target = residual(shape, new Float64Array(n * m), optimum);
  return { shape, target, optimum, start };
}

/** (cU, V/c): the rescaling that leaves UVᵀ, and so G, unchanged. */
export function rescale(shape: Shape, x: Float64Array, c: number): Float64Array {
  const split = shape.n * shape.k;
  return x.map((v, i) => (i < split ? v * c : v / c));
}

export interface Curvature {
  /** Restricted condition number of ∇²G at (cU*, V* / c): Lemma 1 says it grows as Ω(c²). */
  standard: number;
  /** Same for the Euclidean Hessian of G_S: not invariant (its blocks scale as 1/c² and c²). */
  sphereEuclidean: number;
  /** Same for the Riemannian Hessian of G_S on the product of spheres: independent of c. */
  sphereRiemannian: number;
  /** Largest eigenvalues, the step-size scales 1/L for GD and Riemannian GD. */
  lipschitzStandard: number;
  lipschitzSphere: number;
}

type HessianFn = (s: Shape, f: Float64Array, x: Float64Array) => Float64Array;
const ranks = new WeakMap<ScalingProblem, number[]>();

/**
 * Rescaling is a linear change of variables, so it maps each Hessian to a congruent one (same
 * rank, by Sylvester's law): the rank is measured once at c = 1, where the spectrum is well
 * separated, and reused at large c, where the smallest non-zero eigenvalue can fall below any
 * fixed relative threshold.
 */
function ranksOf(p: ScalingProblem, fns: HessianFn[]): number[] {
  let r = ranks.get(p);
  if (!r) {
    r = fns.map((fn) =>
      numericalRank(symmetricEigenvalues(fn(p.shape, p.target, p.optimum), dimOf(p.shape))),
    );
    ranks.set(p, r);
  }
  return r;
}

export function curvatureAt(p: ScalingProblem, c: number): Curvature {
  const fns: HessianFn[] = [hessianG, hessianGS, riemannianHessianGS];
  const rank = ranksOf(p, fns);
  const x = rescale(p.shape, p.optimum, c);
  const spectra = fns.map((fn) => symmetricEigenvalues(fn(p.shape, p.target, x), dimOf(p.shape)));
  return {
    standard: restrictedCondition(spectra[0], rank[0]),
    sphereEuclidean: restrictedCondition(spectra[1], rank[1]),
    sphereRiemannian: restrictedCondition(spectra[2], rank[2]),
    lipschitzStandard: spectra[0][0],
    lipschitzSphere: spectra[2][0],
  };
}

export interface DescentResult {
  iterations: number;
  /** False when maxIterations ran out first: then `iterations` is only a lower bound. */
  converged: boolean;
}

export interface DescentOptions {
  /** Stop once the loss is this fraction of the starting loss. */
  relTol?: number;
  maxIterations?: number;
}

/** Gradient descent on G with step 1/L from the rescaled start (cU₀, V₀/c). */
export function gdIterations(p: ScalingProblem, c: number, lipschitz: number, opts: DescentOptions = {}) {
  const { relTol = 1e-8, maxIterations = 20_000 } = opts;
  const x = rescale(p.shape, p.start, c);
  return descend(p, x, 1 / lipschitz, relTol, maxIterations, false);
}

/**
 * Riemannian gradient descent on G_S in sphere coordinates, step 1/L, retraction by row
 * normalization, from the sphere point of the same rescaled start (cU₀, V₀/c).
 */
export function rgdIterations(p: ScalingProblem, c: number, lipschitz: number, opts: DescentOptions = {}) {
  const { relTol = 1e-8, maxIterations = 20_000 } = opts;
  const x = normalizeRows(p.shape, rescale(p.shape, p.start, c));
  return descend(p, x, 1 / lipschitz, relTol, maxIterations, true);
}

function descend(
  p: ScalingProblem,
  x: Float64Array,
  step: number,
  relTol: number,
  maxIterations: number,
  onSpheres: boolean,
): DescentResult {
  const { shape, target } = p;
  const { k } = shape;
  const r = new Float64Array(shape.n * shape.m);
  const g = new Float64Array(x.length);
  const goal = relTol * lossG(shape, target, x);
  for (let it = 0; it <= maxIterations; it++) {
    residual(shape, target, x, r);
    let loss = 0;
    for (let i = 0; i < r.length; i++) loss += r[i] * r[i];
    if (loss / 2 <= goal) return { iterations: it, converged: true };
    if (!Number.isFinite(loss) || it === maxIterations) break;
    gradG(shape, target, x, g, r);
    if (onSpheres) {
      // Riemannian gradient: drop each row's radial part, step, then retract onto the sphere.
      for (let row = 0; row < x.length / k; row++) {
        let radial = 0;
        for (let q = 0; q < k; q++) radial += x[row * k + q] * g[row * k + q];
        for (let q = 0; q < k; q++) x[row * k + q] -= step * (g[row * k + q] - radial * x[row * k + q]);
      }
      normalizeRows(shape, x, x);
    } else {
      for (let i = 0; i < x.length; i++) x[i] -= step * g[i];
    }
  }
  return { iterations: maxIterations, converged: false };
}

export interface ScalingPoint extends Curvature {
  c: number;
  gd: DescentResult;
  rgd: DescentResult;
}

export function scalingPoint(p: ScalingProblem, c: number, opts: DescentOptions = {}): ScalingPoint {
  const curv = curvatureAt(p, c);
  return {
    c,
    ...curv,
    gd: gdIterations(p, c, curv.lipschitzStandard, opts),
    rgd: rgdIterations(p, c, curv.lipschitzSphere, opts),
  };
}

/** `count` values of c spaced evenly on a log axis from 1 to 100. */
export function logGrid(count: number, from = 1, to = 100): number[] {
  const a = Math.log10(from);
  const b = Math.log10(to);
  return Array.from({ length: count }, (_, i) => 10 ** (a + ((b - a) * i) / (count - 1)));
}
