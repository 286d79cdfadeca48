import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../replication/claims';
import { SHIPPED } from '../replication/shipped';
import type { MeasureResult, ResultsFile } from '../replication/types';
import { claimRunOf, FEATURE_CLAIM, featureFinding, settingWords } from './finding';
import { type FeatureSettings, featureRunKey, SHIPPED_FEATURE_SETTINGS } from './runs';

const results = SHIPPED.results;
const stored = results.claims[FEATURE_CLAIM];
const base: FeatureSettings = { operator: 'cosine', k: 0.3, head: 'softmax', m: 1, seed: 1 };
const heads: FeatureSettings[] = [
  base,
  ...[1, 2, 3, 4].map((m) => ({ ...base, head: 'ga-softmax' as const, m })),
];
/** The mean of the stored per-seed effects, recomputed here, as the page writes it. */
const meanText = (m: MeasureResult) => {
  const xs = m.effects.filter((e): e is number => e !== null);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `${mean > 0 ? '+' : ''}${mean.toFixed(1)}°`;
};

describe('the Features view’s C4 finding is results.json', () => {
  it('has a stored C4 to read (else every line below would say "not measured")', () => {
    expect(SHIPPED.error).toBeUndefined();
    expect(stored?.measures.length).toBeGreaterThan(0);
  });

  for (const s of heads) {
    it(`${s.head} m=${s.m}: one line per measure of its run, with the stored numbers and verdict`, () => {
      const finding = featureFinding(results, s);
      const run = claimRunOf(s)!;
      const measures = stored.measures.filter((m) => m.id.startsWith(`${run}-`));
      expect(finding.lines.map((l) => l.measureId)).toEqual(measures.map((m) => m.id));
      for (const [i, m] of measures.entries()) {
        const line = finding.lines[i];
        expect(line.verdict).toBe(m.verdict);
        expect(line.text).toContain(meanText(m));
        expect(line.text).toContain(`${m.effects.length} seeds`);
        expect(line.text).toContain(`${m.positive}/${m.effects.length} the paper’s way`);
        expect(finding.summary).toContain(line.badge);
      }
      // Its scope is the claim's stored setting, not the pictured run's.
      const setting = stored.settings[run];
      expect(finding.scope).toContain(`${stored.seeds.length} seeds`);
      expect(finding.scope).toContain(`convs ${setting.width}/${2 * setting.width}`);
      const steps = CLAIMS.find((c) => c.id === FEATURE_CLAIM)!.runs.find((r) => r.id === run)!.steps;
      expect(finding.scope).toContain(`${steps} steps`);
    });
  }

  it('says in words which way a measure went', () => {
    const finding = featureFinding(results, { ...base, head: 'ga-softmax', m: 1 });
    for (const line of finding.lines) {
      const m = stored.measures.find((x) => x.id === line.measureId)!;
      const spread = line.measureId.endsWith('-spread');
      if (m.verdict === 'against the paper')
        expect(line.text).toMatch(spread ? /^The CNN’s classes were the more compact/ : /^The CNN had/);
      if (m.verdict === 'reproduced')
        expect(line.text).toMatch(spread ? /^The SphereNet’s classes were/ : /^The SphereNet had/);
      if (m.verdict === 'inconclusive') expect(line.text).toMatch(/^Neither net.* shown to/);
    }
  });

  it('a reproduced measure reads as the paper’s way; a missing claim says not measured', () => {
    const flipped: ResultsFile = JSON.parse(JSON.stringify(results));
    const m = flipped.claims[FEATURE_CLAIM].measures.find((x) => x.id === 'softmax-spread')!;
    m.verdict = 'reproduced';
    expect(featureFinding(flipped, base).lines[0].text).toMatch(
      /^The SphereNet’s classes were the more compact/,
    );
    const none = featureFinding({ version: 1, claims: {} }, base);
    expect(none.lines).toEqual([]);
    expect(none.summary).toBe('Under softmax: not measured yet.');
  });

  it('a loss C4 did not train says so instead of borrowing another loss’s numbers', () => {
    const finding = featureFinding(results, { ...base, head: 'wn-softmax' });
    expect(finding.lines).toEqual([]);
    expect(finding.summary).toContain('did not train the weight-normalized softmax loss');
  });
});

describe('the scope says how the pictured run relates to the claim’s runs', () => {
  const c4 = results.claims.C4;
  const setting = c4.settings.softmax;
  const claimRun = {
    ...base,
    operator: setting.operator,
    k: setting.k,
    seed: c4.seeds[0],
    recipe: 'claim' as const,
  };
  it('the view’s own recipe is not what C4 measured', () => {
    expect(featureFinding(results, base).scope).toMatch(/not on the run pictured here\.$/);
  });
  it('C4’s recipe at one of its seeds is that seed’s run; elsewhere the same nets', () => {
    expect(featureFinding(results, claimRun).scope).toMatch(
      new RegExp(`the run pictured here is its seed ${c4.seeds[0]}, retrained in your browser\\.$`),
    );
    expect(featureFinding(results, { ...claimRun, seed: 7 }).scope).toMatch(
      /with another operator, k or seed\.$/,
    );
  });
});

describe('settings in words', () => {
  it('names operator, loss and seed, never the file key', () => {
    for (const s of [
      ...SHIPPED_FEATURE_SETTINGS,
      { ...base, operator: 'sigmoid' as const, k: 0.5, seed: 5 },
    ]) {
      const words = settingWords(s);
      expect(words).not.toContain(featureRunKey(s));
      expect(words).toContain(`seed ${s.seed}`);
    }
    expect(settingWords({ ...base, operator: 'sigmoid', k: 0.5, head: 'ga-softmax', m: 4, seed: 5 })).toBe(
      'the sigmoid operator (k = 0.5), GA-Softmax m = 4, seed 5',
    );
  });
});
