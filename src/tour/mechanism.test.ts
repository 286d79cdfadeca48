import { describe, expect, it } from 'vitest';
import { SHIPPED } from '../replication/shipped';
import { mechanismFact } from './mechanism';
import { RACE_RUN } from './race';

const results = SHIPPED.results;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One model's stored mechanism per seed, straight from C3's outcomes. */
function perSeed(run: string, model: string, key: 'deadReluShare' | 'kernelNorm' | 'effectiveStep') {
  return results.claims.C3.outcomes.map((o) => o.runs[run][model].mechanism![key]);
}

describe('the race’s “why” is C3’s stored mechanism', () => {
  const fact = mechanismFact(results, RACE_RUN)!;
  const text = fact.sentences.join(' ');

  it('dead ReLUs, kernel norms and the effective step are the per-seed means of the outcomes', () => {
    const dead = mean(perSeed(RACE_RUN, 'baseline', 'deadReluShare'));
    const normB = mean(perSeed(RACE_RUN, 'baseline', 'kernelNorm'));
    const normS = mean(perSeed(RACE_RUN, 'sphere', 'kernelNorm'));
    const step = mean(perSeed(RACE_RUN, 'sphere', 'effectiveStep'));
    expect(fact.deadShare).toBeCloseTo(dead, 6);
    expect(text).toContain(`${(100 * dead).toFixed(1)}% of the CNN’s conv filters were dead`);
    expect(text).toContain(`‖w‖ = ${normB.toFixed(1)} per filter`);
    expect(text).toContain(`to ${normS.toFixed(1)}, but SphereConv divides by ‖w‖`);
    expect(text).toContain(`lr/‖w‖² = ${step.toFixed(2)}, not ${fact.learningRate}`);
    expect(fact.seeds).toBe(results.claims.C3.seeds.length);
  });

  it('the matched-step CNN’s gap is the SphereNet minus that run’s CNN, per seed', () => {
    const c = results.claims.C3;
    const gaps = c.outcomes.map(
      (o) =>
        100 * (o.runs[RACE_RUN].sphere.finalAccuracy - o.runs[`${RACE_RUN}-matched`].baseline.finalAccuracy),
    );
    expect(fact.matched!.mean).toBeCloseTo(mean(gaps), 6);
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
    expect(text).toContain(`smaller step: ${signed(mean(gaps))} pp (95% CI`);
    // Each matched CNN trained at its own seed's SphereNet step (the run stores the rate it used).
    const rates = c.outcomes.map((o) => o.runs[`${RACE_RUN}-matched`].baseline.mechanism!.learningRate);
    expect(rates).toEqual(perSeed(RACE_RUN, 'sphere', 'effectiveStep'));
  });

  it('the CNN + BN control: its mean final accuracy and collapses, from the outcomes', () => {
    const finals = results.claims.C3.outcomes.map((o) => o.runs[RACE_RUN]['bn-baseline'].finalAccuracy);
    const collapsed = finals.filter((a) => a <= 0.11).length;
    expect(text).toContain(
      `ended at ${(100 * mean(finals)).toFixed(1)}% (at chance on ${collapsed} of ${finals.length} seeds)`,
    );
  });

  it('says nothing it cannot back: without the mechanism measures there is no fact', () => {
    const bare = structuredClone(results);
    bare.claims.C3.measures = bare.claims.C3.measures.filter((m) => !m.id.endsWith('-dead'));
    expect(mechanismFact(bare, RACE_RUN)).toBeUndefined();
    const noMatched = structuredClone(results);
    noMatched.claims.C3.measures = noMatched.claims.C3.measures.filter((m) => !m.id.endsWith('-matched'));
    expect(mechanismFact(noMatched, RACE_RUN)!.sentences.join(' ')).not.toContain('smaller step');
  });
});
