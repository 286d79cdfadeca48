import { describe, expect, it } from 'vitest';
import { makeProblem, scalingPoint } from '../theory/scaling';
import { conditioningSentence } from './theory';

describe('the tour’s conditioning sentence', () => {
  it('states the measured growth of the plain condition number and the unchanged spherical one', () => {
    const problem = makeProblem(1);
    const base = scalingPoint(problem, 1, { maxIterations: 200_000 });
    const at = scalingPoint(problem, 10, { maxIterations: 200_000 });
    const s = conditioningSentence(base, at);
    const grew = at.standard / base.standard;
    // Lemma 1: at least c²; the sentence carries the measured factor.
    expect(grew).toBeGreaterThan(100);
    expect(s).toContain(`by ${grew >= 1e4 ? grew.toExponential(1) : grew.toFixed(1)}`);
    expect(s).toContain(`factor of ${(at.sphereRiemannian / base.sphereRiemannian).toFixed(3)}`);
    expect(Math.abs(at.sphereRiemannian / base.sphereRiemannian - 1)).toBeLessThan(1e-6);
    expect(s).toContain(at.gd.iterations.toLocaleString('en'));
    expect(s).toContain('c = 10');
  });
});
