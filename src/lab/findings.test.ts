import { describe, expect, it } from 'vitest';
import { SHIPPED } from '../replication/shipped';
import { defaultAppState } from '../url/schema';
import { labFinding } from './findings';
import { PRESETS, RECURRENT_PRESETS } from './presets';

const lab = (patch = {}) => ({ ...defaultAppState().states.lab, ...patch });
const results = SHIPPED.results;

describe('the line under the Lab charts', () => {
  it('the default Lab reads as C1’s grid cell, with its score and C1’s verdict', () => {
    const line = labFinding(lab(), results);
    const c1 = results.claims.C1;
    const score = c1.search!.scores['adam-none-d1'];
    expect(line).toContain(`${Math.abs(score)} steps ${score < 0 ? 'later' : 'sooner'}`);
    expect(line).toContain(c1.measures[0].verdict);
    // The plain-words headline follows the stored verdicts, not a fixed sentence.
    const verdicts = c1.measures.map((m) => m.verdict);
    if (verdicts.every((v) => v === 'inconclusive'))
      expect(line).toMatch(/^At this scale the replication does not show “SphereNets converge faster”/);
    if (verdicts.every((v) => v === 'reproduced')) expect(line).toMatch(/^The replication reproduces/);
  });

  it('a recurrent run no claim measured names no conv claim (C7 measures the Elman cell, not this GRU)', () => {
    const line = labFinding(lab({ family: 'recurrent' }), results);
    expect(line).toMatch(/^No replication claim measure/);
    expect(line).not.toMatch(/claim C[1-6]/i);
    const none = structuredClone(results);
    delete none.claims.C7;
    expect(labFinding(lab({ family: 'recurrent' }), none)).toMatch(
      /^No replication claim measures recurrent nets yet/,
    );
  });

  it('the Elman preset reads as C7’s Adam 1e-3 run; the same numbers in the conv family do not', () => {
    const elman = lab({ ...RECURRENT_PRESETS.find((p) => p.id === 'rnn-elman')!.patch, preset: 'rnn-elman' });
    const c7 = results.claims.C7;
    if (c7) {
      expect(labFinding(elman, results)).toContain('(claim C7, ');
      expect(labFinding(elman, results)).toContain(c7.measures.find((m) => m.id === 'adam-0.001')!.verdict);
    }
    const none = structuredClone(results);
    delete none.claims.C7;
    expect(labFinding(elman, none)).toBe('Claim C7 measures this setting; it is not measured yet.');
    // A custom recurrent Lab with the claim's setting matches it too; the conv family never does.
    expect(labFinding({ ...elman, preset: 'custom' }, none)).toBe(
      'Claim C7 measures this setting; it is not measured yet.',
    );
    expect(labFinding({ ...elman, preset: 'custom', family: 'conv' }, none)).not.toContain('C7');
  });

  it('the headline is computed from the verdicts: flipping them flips it', () => {
    const flipped = structuredClone(results);
    const line = () => labFinding(lab({ optimizer: 'sgd', learningRate: 0.3 }), flipped);
    const judge = (verdict: (typeof flipped.claims.C3.measures)[number]['verdict']) => {
      for (const m of flipped.claims.C3.measures) m.verdict = verdict;
    };
    judge('reproduced');
    expect(line()).toMatch(/^The replication reproduces “SphereNets stay trainable/);
    judge('against the paper');
    expect(line()).toMatch(/^At this scale the replication measured against “SphereNets stay trainable/);
    judge('inconclusive');
    expect(line()).toMatch(/^At this scale the replication does not show/);
    judge('no effect larger than the margin');
    expect(line()).toMatch(/^At this scale the replication finds no effect larger than its margin/);
  });

  it('the large-lr preset states the stored C3 accuracies at lr 1', () => {
    const large = PRESETS.find((p) => p.id === 'large-lr')!;
    expect(large.patch).toMatchObject({ optimizer: 'sgd', learningRate: 1, norm: 'none' });
    const line = labFinding(lab({ ...large.patch, preset: 'large-lr' }), results);
    const c3 = results.claims.C3;
    const finals = (model: string) =>
      c3.outcomes.map((o) => {
        const m = o.runs['lr-1'][model];
        return m.divergedAt === null ? m.finalAccuracy : 0.1;
      });
    const avg = (xs: number[]) => ((100 * xs.reduce((a, b) => a + b, 0)) / xs.length).toFixed(1);
    const collapsed = finals('baseline').filter((a) => a <= 0.11).length;
    expect(line).toContain(`SphereNet ${avg(finals('sphere'))}%`);
    expect(line).toContain(
      `Baseline CNN ${avg(finals('baseline'))}% (at chance on ${collapsed} of ${c3.seeds.length} seeds)`,
    );
    expect(line).toContain(c3.measures.find((m) => m.id === 'lr-1')!.verdict);
    expect(line).not.toContain('lr 0.1:');
  });

  it('a custom setting equal to a claim run reads that run (C3 at lr 0.3)', () => {
    const line = labFinding(lab({ optimizer: 'sgd', learningRate: 0.3 }), results);
    expect(line).toMatch(/claim C3/);
    expect(line).toContain('lr 0.3:');
  });

  it('every preset and an unmeasured setting get a line naming a claim', () => {
    for (const p of PRESETS)
      expect(labFinding(lab({ ...p.patch, preset: p.id }), results), p.id).toMatch(/claim C\d/);
    expect(labFinding(lab({ width: 32 }), results)).toMatch(
      /No replication claim measured this exact setting/,
    );
  });
});
