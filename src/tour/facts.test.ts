import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../replication/claims';
import { SHIPPED } from '../replication/shipped';
import { LR_SCHEDULE } from '../sphere/recipe';
import { parseUrl } from '../url/schema';
import {
  featureLines,
  headlineRate,
  largeRateFacts,
  phaseFact,
  scaleSentence,
  verdictSummary,
} from './facts';
import { fourierLink, largeRateLink, theoryLink } from './links';

const results = SHIPPED.results;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('tour facts are the stored numbers', () => {
  it('the phase sentence carries C6’s mean share, pair count and verdict', () => {
    const c = results.claims.C6;
    const shares = c.outcomes.map((o) => o.phaseShare as number);
    const share = shares.reduce((a, b) => a + b, 0) / shares.length;
    const fact = phaseFact(results)!;
    expect(fact.share).toBeCloseTo(share, 12);
    expect(fact.sentence).toContain(pct(share));
    expect(fact.sentence).toContain(`${c.outcomes[0].pairs} image pairs`);
    expect(fact.sentence).toContain(`${c.seeds.length} seeds`);
    expect(fact.sentence).toContain(c.measures[0].verdict);
  });

  it('each learning-rate sentence carries that run’s per-seed accuracies and verdict', () => {
    const c = results.claims.C3;
    const facts = largeRateFacts(results);
    // One per rate: the matched runs are only ever the b of a measure.
    expect(facts.map((f) => f.runId).sort()).toEqual(
      Object.keys(c.settings)
        .filter((id) => !id.endsWith('-matched'))
        .sort(),
    );
    for (const f of facts) {
      const rows = c.outcomes.map((o) => o.runs[f.runId]);
      const sphere = rows.map((r) => r.sphere.finalAccuracy);
      const base = rows.map((r) => r.baseline.finalAccuracy);
      expect(f.seeds.map((s) => s.sphere)).toEqual(sphere);
      expect(f.seeds.map((s) => s.baseline)).toEqual(base);
      expect(f.sentence).toContain(pct(sphere.reduce((a, b) => a + b, 0) / sphere.length));
      expect(f.sentence).toContain(pct(base.reduce((a, b) => a + b, 0) / base.length));
      expect(f.sentence).toContain(`learning rate ${c.settings[f.runId].learningRate}`);
      const collapsedCnn = base.filter((a) => a <= 0.11).length;
      expect(f.baselineCollapsed).toBe(collapsedCnn);
      const m = c.measures.find((x) => x.id === f.runId)!;
      expect(f.sentence).toContain(m.verdict);
      expect(f.sentence).toContain(m.mean.toFixed(1));
    }
  });

  it('the headline rate is the one where the CNN collapsed most often', () => {
    const facts = largeRateFacts(results);
    const most = Math.max(...facts.map((f) => f.baselineCollapsed));
    expect(headlineRate(facts)!.baselineCollapsed).toBe(most);
    expect(most).toBeGreaterThan(0);
  });

  it('the features lines are C4’s softmax measures, with their means and verdicts', () => {
    const lines = featureLines(results);
    const stored = results.claims.C4.measures.filter((m) => m.id.startsWith('softmax-'));
    expect(lines.map((l) => l.measureId)).toEqual(stored.map((m) => m.id));
    lines.forEach((l, i) => {
      expect(l.sentence).toContain(stored[i].mean.toFixed(1));
      expect(l.sentence).toContain(stored[i].verdict);
    });
  });

  it('the features lines of a GA-Softmax head are that head’s measures only', () => {
    const lines = featureLines(results, 'ga-m4');
    const stored = results.claims.C4.measures.filter((m) => m.id.startsWith('ga-m4-'));
    expect(stored.length).toBeGreaterThan(0);
    expect(lines.map((l) => l.measureId)).toEqual(stored.map((m) => m.id));
    expect(lines.every((l) => l.label.includes('m = 4'))).toBe(true);
  });

  it('the verdict summary counts every measure with a verdict', () => {
    const all = Object.values(results.claims)
      .flatMap((c) => c.measures)
      .filter((m) => m.verdict !== 'diagnostic');
    const s = verdictSummary(results);
    expect(s.reproduced.length + s.notReproduced.length).toBe(all.length);
    expect(s.reproduced.length).toBe(all.filter((m) => m.verdict === 'reproduced').length);
    expect(s.sentence).toContain(`Of ${all.length} measured effects, ${s.reproduced.length} reproduced`);
    expect(s.notReproduced.every((l) => l.verdict !== 'reproduced')).toBe(true);
  });

  it('the scale sentence carries the claims’ own step range and width, and the recipe’s iterations', () => {
    const runs = CLAIMS.flatMap((c) => [...c.runs, ...(c.search?.candidates ?? [])]);
    const steps = runs.map((r) => r.steps);
    const width = Math.max(...runs.map((r) => r.setting.width));
    const s = scaleSentence();
    expect(s).toContain(`${Math.min(...steps)}–${Math.max(...steps)} steps`);
    expect(s).toContain(`${width}/${2 * width} channels`);
    expect(s).toContain(LR_SCHEDULE.iterations.toLocaleString('en'));
  });

  it('an empty results file yields no facts and says it is not measured', () => {
    const empty = { version: 1 as const, claims: {} };
    expect(phaseFact(empty)).toBeUndefined();
    expect(largeRateFacts(empty)).toEqual([]);
    expect(verdictSummary(empty).sentence).toContain('not measured yet');
  });
});

describe('tour links open the exact state', () => {
  it('a large-rate link opens the Lab at that run’s stored setting', () => {
    const c = results.claims.C3;
    for (const runId of Object.keys(c.settings)) {
      const { state, ignored } = parseUrl(largeRateLink(results, runId)!);
      expect(ignored).toEqual([]);
      expect(state.view).toBe('lab');
      const s = c.settings[runId];
      expect(state.states.lab.learningRate).toBe(s.learningRate);
      expect(state.states.lab.optimizer).toBe(s.optimizer);
      expect(state.states.lab.operator).toBe(s.operator);
      expect(state.states.lab.norm).toBe(s.norm);
      expect(state.states.lab.width).toBe(s.width);
      expect(state.states.lab.seed).toBe(c.seeds[0]);
    }
  });

  it('the Fourier and Theory links parse back without a notice', () => {
    const f = parseUrl(fourierLink());
    expect(f.ignored).toEqual([]);
    expect(f.state.states.fourier).toMatchObject({ imageA: 'landscape', imageB: 'city', size: 128 });
    const t = parseUrl(theoryLink(10, 1));
    expect(t.state.view).toBe('theory');
    expect(t.state.states.theory.c).toBe(10);
  });

  it('the root URL opens the tour, an explicit view still opens that view', () => {
    expect(parseUrl('').state.view).toBe('tour');
    expect(parseUrl('?view=lab').state.view).toBe('lab');
  });
});
