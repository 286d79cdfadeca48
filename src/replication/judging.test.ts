import { describe, expect, it } from 'vitest';
import { CLAIMS } from './claims';
import { JUDGING, judgingOf } from './judging';

describe('judging.ts', () => {
  it('names only measures that claims.ts declares, and no diagnostic', () => {
    const unknown = Object.entries(JUDGING).flatMap(([claimId, measures]) =>
      Object.keys(measures)
        .filter((id) => {
          const measure = CLAIMS.find((c) => c.id === claimId)?.measures.find((m) => m.id === id);
          return !measure || measure.sign === 0;
        })
        .map((id) => `${claimId}/${id}`),
    );
    expect(unknown).toEqual([]);
  });

  it('gives every judged measure a positive margin or a sign test (so it can end up other than inconclusive)', () => {
    for (const claim of CLAIMS)
      for (const m of claim.measures.filter((d) => d.sign !== 0)) {
        const j = judgingOf(claim.id, m.id);
        expect(j.test === 'sign' || (j.margin !== undefined && j.margin > 0), `${claim.id}/${m.id}`).toBe(
          true,
        );
      }
  });

  it('C5’s margins are the paper’s own gaps (91.81 > 91.65 > 91.31 > 90.86)', () => {
    const gaps = [91.81 - 91.65, 91.65 - 91.31, 91.31 - 90.86, 91.81 - 90.86];
    const ids = [
      'sigmoid-over-linear',
      'linear-over-cosine',
      'cosine-over-baseline',
      'sigmoid-over-baseline',
    ];
    for (const [i, id] of ids.entries()) expect(judgingOf('C5', id).margin).toBeCloseTo(gaps[i], 9);
  });
});
