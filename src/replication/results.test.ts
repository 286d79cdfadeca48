/**
 * The stored results still belong to the code: every claim measured on ≥ 5 seeds, with the config
 * hash of today's claims and model math, verdicts that follow from the stored numbers, and a README
 * table written from them. A failure names what to rerun.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { C1_CELL, CLAIMS, findClaim } from './claims';
import { claimHash, claimMeasures } from './measures';
import { readmeTable, replaceTable } from './readmeTable';
import { parseResults } from './results';

const results = parseResults(
  readFileSync(new URL('./results.json', import.meta.url), 'utf8'),
  'src/replication/results.json',
);

describe('src/replication/results.json', () => {
  it.each(CLAIMS.map((c) => [c.id, c] as const))(
    'claim %s is measured on ≥ 5 seeds and not stale',
    (id, claim) => {
      const result = results.claims[id];
      expect(result, `claim ${id} has no results: run npm run replicate -- --claim ${id}`).toBeDefined();
      expect(
        result.configHash,
        `claim ${id}'s config or the model math changed since it was measured: run npm run replicate -- --claim ${id}`,
      ).toBe(claimHash(claim));
      expect(result.seeds.length, `claim ${id} needs ≥ 5 seeds`).toBeGreaterThanOrEqual(5);
      // Seeds are not in the config hash: a claim moved to 10 seeds is stale until rerun on them.
      expect(
        result.seeds,
        `claim ${id} was measured on other seeds than it declares: run npm run replicate -- --claim ${id}`,
      ).toEqual(claim.seeds);
    },
  );

  it.each(CLAIMS.map((c) => [c.id, c] as const))(
    'claim %s: verdicts follow from the stored numbers',
    (id, claim) => {
      const result = results.claims[id];
      if (!result) return; // reported by the test above
      const recomputed = claimMeasures(claim, result.outcomes, result.search?.chosen);
      expect(result.measures).toEqual(JSON.parse(JSON.stringify(recomputed)));
    },
  );

  it('C1-bn-lag measures the cell that C1’s stored search chose (with BN)', () => {
    const chosen = results.claims.C1?.search?.chosen;
    expect(
      chosen,
      `C1's search chose ${chosen}: set C1_CELL in claims.ts to it, then rerun C1-bn-lag if its setting changed (npm run replicate -- --claim C1-bn-lag)`,
    ).toBe(C1_CELL);
    const cell = findClaim('C1')!.search!.candidates.find((c) => c.id === chosen)!;
    // The same cell, with BN after every conv (a no-op when the cell has BN).
    expect(findClaim('C1-bn-lag')!.runs.map((r) => r.setting)).toEqual([{ ...cell.setting, norm: 'bn' }]);
  });

  it('holds no claim that claims.ts no longer declares', () => {
    const declared = new Set(CLAIMS.map((c) => c.id));
    expect(Object.keys(results.claims).filter((id) => !declared.has(id))).toEqual([]);
  });

  it("README.md's table matches results.json (else: npm run replicate:table)", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(replaceTable(readme, readmeTable(results))).toBe(readme);
  });
});
