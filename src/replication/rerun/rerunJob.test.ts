/**
 * The browser's rerun job gives the Node runner's numbers: scripts/replicate.ts runs in its own
 * process (its own data loading, wasm), rerunClaim runs here on wasm as the page's worker calls
 * it, same seed; outcomes and measures must be identical (both are one code path, runClaim).
 * Training claims run in their quick form (4 steps per run), C6 in full (well under a second).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseShippedMnist } from '../../data';
import { readShippedMnistFile } from '../../data/shippedMnistFile';
import { initWasmBackend } from '../../engine/backends/testBackend';
import { toTrainData } from '../../engine/train/trainData';
import type { TrainData } from '../../engine/train/trainer';
import { checkResults, parseResults } from '../results';
import type { SeedDone } from '../run/runClaim';
import type { ClaimResult } from '../types';
import { rerunClaim } from './rerunJob';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const SEED = 4242;

/** The Node runner's result for these claims and the one seed, read back from its --out file. */
function nodeRunner(claims: string, quick: boolean): Record<string, ClaimResult> {
  const out = join(mkdtempSync(join(tmpdir(), 'spherelab-rerun-')), 'out.json');
  const args = ['--claim', claims, '--seeds', String(SEED), '--out', out, ...(quick ? ['--quick'] : [])];
  const r = spawnSync(
    process.execPath,
    ['--conditions=spherelab-node', '--import', 'tsx', 'scripts/replicate.ts', ...args],
    { cwd: root, encoding: 'utf8', timeout: 240_000 },
  );
  expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  return parseResults(readFileSync(out, 'utf8'), out).claims;
}

/** What is the same code's output: not the wall or CPU time, date, commit or the browser's provenance. */
function numbers(result: ClaimResult) {
  const { wallSeconds: _w, cpuSeconds: _u, finishedAt: _f, commit: _c, provenance: _p, ...rest } = result;
  return JSON.parse(JSON.stringify(rest));
}

const context = { backend: 'wasm', commit: 'test', userAgent: 'vitest', storedSeeds: [101] };

describe('rerun in the browser = the Node runner, same seed, wasm', () => {
  let data: TrainData;
  beforeAll(async () => {
    await initWasmBackend();
    data = toTrainData(parseShippedMnist(readShippedMnistFile()));
  });

  it('C3 and C1-bn-lag (quick: 4 steps per run): identical outcomes and measures', async () => {
    const node = nodeRunner('C3,C1-bn-lag', true);
    for (const id of ['C3', 'C1-bn-lag']) {
      const seen: SeedDone[] = [];
      const browser = await rerunClaim({ claimId: id, seeds: [SEED], quick: true }, data, context, (d) =>
        seen.push(d),
      );
      expect(numbers(browser)).toEqual(numbers(node[id]));
      // The per-seed point the page draws is the outcome that went into the verdict.
      expect(seen.map((d) => [d.phase, d.seed, d.outcome])).toEqual([['claim', SEED, browser.outcomes[0]]]);
      expect(browser.provenance).toMatchObject({
        runner: 'browser',
        backend: 'wasm',
        seeds: [SEED],
        quick: true,
      });
      // results.json's format: the file check accepts it.
      checkResults({ version: 1, claims: { [id]: browser } });
    }
  });

  it('C6 in full: identical phase share and measure', async () => {
    const node = nodeRunner('C6', false);
    const browser = await rerunClaim({ claimId: 'C6', seeds: [SEED], quick: false }, data, context, () => {});
    expect(numbers(browser)).toEqual(numbers(node.C6));
    expect(browser.outcomes[0].phaseShare).toBeGreaterThan(0.5);
  });
});
