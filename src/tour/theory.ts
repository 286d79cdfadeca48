/**
 * The tour's conditioning sentence. Not from results.json (no replication claim measures the
 * lemmas): both points are computed on the page by src/theory/scaling.ts, and the sentence says so.
 */
import type { ScalingPoint } from '../theory/scaling';

const big = (v: number) => (v >= 1e4 ? v.toExponential(1) : v.toFixed(1));
const steps = (r: { iterations: number; converged: boolean }) =>
  `${r.converged ? '' : 'more than '}${r.iterations.toLocaleString('en')}`;

/** What rescaling by `at.c` did to the problem, against c = 1 (`base`). */
export function conditioningSentence(base: ScalingPoint, at: ScalingPoint): string {
  const grew = at.standard / base.standard;
  const sphere = at.sphereRiemannian / base.sphereRiemannian;
  return (
    `Computed in your browser just now: rescaling by c = ${at.c} multiplies the plain problem’s condition ` +
    `number by ${big(grew)} (from ${big(base.standard)} to ${big(at.standard)}), and plain gradient descent ` +
    `needs ${steps(at.gd)} steps instead of ${steps(base.gd)}. On the unit spheres SphereConv works on, the ` +
    `condition number changes by a factor of ${sphere.toFixed(3)} and Riemannian descent takes ` +
    `${steps(at.rgd)} steps (${steps(base.rgd)} at c = 1).`
  );
}
