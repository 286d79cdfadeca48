/**
 * The replicate scripts end to end: bad input gives a clear message and exit status 2 (and never
 * touches results.json), and --quick runs every claim's pipeline in seconds without writing it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from './claims';
import { parseResults } from './results';

const root = fileURLToPath(new URL('../..', import.meta.url));
const resultsPath = fileURLToPath(new URL('./results.json', import.meta.url));

function run(script: string, args: string[], env: Record<string, string> = {}, timeout = 90_000) {
  const r = spawnSync(
    process.execPath,
    ['--conditions=spherelab-node', '--import', 'tsx', `scripts/${script}`, ...args],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run replicate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-replicate-'));

  it('an unknown claim id, an unparsable seed list or an unknown option: clear error, exit 2', () => {
    const unknown = run('replicate.ts', ['--claim', 'C99']);
    expect(unknown.status).toBe(2);
    expect(unknown.out).toMatch(/unknown claim "C99" \(known: C1/);
    const seeds = run('replicate.ts', ['--claim', 'C2', '--seeds', '1,x']);
    expect(seeds.status).toBe(2);
    expect(seeds.out).toMatch(/--seeds "1,x" is not a comma-separated list/);
    expect(run('replicate.ts', ['--bogus']).status).toBe(2);
    const jobs = run('replicate.ts', ['--claim', 'C6', '--jobs', '0']);
    expect(jobs.status).toBe(2);
    expect(jobs.out).toMatch(/--jobs "0" is not a whole number of processes from 1 to 8/);
  });

  it('a corrupt --out file is reported and left untouched', () => {
    const out = join(dir, 'corrupt.json');
    writeFileSync(out, '{"version": 1, "claims": ');
    const r = run('replicate.ts', ['--claim', 'C6', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/is not valid JSON/);
    expect(readFileSync(out, 'utf8')).toBe('{"version": 1, "claims": ');
  });

  it('--quick never writes results.json', () => {
    const r = run('replicate.ts', ['--quick', '--out', resultsPath]);
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/--quick never writes results.json/);
  });

  it('--quick runs every claim’s pipeline (smoke test, not a verdict) with new seeds, minutes not the full run', () => {
    const before = readFileSync(resultsPath, 'utf8');
    const out = join(dir, 'quick.json');
    const t0 = performance.now();
    const r = run('replicate.ts', ['--quick', '--seeds', '7,8', '--out', out], {}, 240_000);
    expect(r.status, r.out).toBe(0);
    // A guard that --quick never falls back to the full design (about an hour), not a speed figure:
    // it takes 40-90 s depending on the machine's load.
    expect(performance.now() - t0).toBeLessThan(240_000);
    const quick = parseResults(readFileSync(out, 'utf8'));
    expect(Object.keys(quick.claims).sort()).toEqual(CLAIMS.map((c) => c.id).sort());
    for (const c of Object.values(quick.claims)) {
      expect(c.seeds).toEqual([7, 8]);
      expect(c.measures.length).toBeGreaterThan(0);
    }
    expect(quick.claims.C1.search?.chosen).toBeDefined();
    expect(readFileSync(resultsPath, 'utf8')).toBe(before);
  }, 300_000);
});

describe('npm run replicate:table', () => {
  it('a missing or corrupt results file is an error, not an empty table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spherelab-table-'));
    const missing = run('replicate-table.ts', ['--check'], { SPHERELAB_RESULTS: join(dir, 'none.json') });
    expect(missing.status).toBe(2);
    expect(missing.out).toMatch(/does not exist: run npm run replicate first/);
    writeFileSync(join(dir, 'bad.json'), 'not json');
    const corrupt = run('replicate-table.ts', ['--check'], { SPHERELAB_RESULTS: join(dir, 'bad.json') });
    expect(corrupt.status).toBe(2);
    expect(corrupt.out).toMatch(/is not valid JSON/);
  });
});

describe('npm run replicate:verdicts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-verdicts-'));
  const shipped = parseResults(readFileSync(resultsPath, 'utf8'));

  it('recomputes measures stored under the old rule from the per-seed outcomes, touching nothing else', () => {
    const old = structuredClone(shipped);
    old.claims.C2.measures = old.claims.C2.measures.map((m) => {
      const { interval: _i, p: _p, pHolm: _h, mde: _m, ...rest } = m;
      return { ...rest, verdict: 'not shown at this scale' } as never;
    });
    delete old.claims.C2.verdictsCommit;
    const path = join(dir, 'old.json');
    writeFileSync(path, JSON.stringify(old));
    const r = run('replicate-verdicts.ts', ['--allow-dirty'], { SPHERELAB_RESULTS: path });
    expect(r.status, r.out).toBe(0);
    const again = parseResults(readFileSync(path, 'utf8'));
    expect(again.claims.C2.measures).toEqual(shipped.claims.C2.measures);
    expect(again.claims.C2.outcomes).toEqual(shipped.claims.C2.outcomes);
    expect(again.claims.C2.commit).toBe(shipped.claims.C2.commit);
    expect(again.claims.C2.verdictsCommit).toMatch(/^([0-9a-f]{7,}(\+changes)?|unknown)$/);
  });

  it('refuses a claim whose config changed since its runs (its outcomes are not today’s), exit 2', () => {
    const stale = structuredClone(shipped);
    stale.claims.C3.configHash = 'stale';
    const path = join(dir, 'stale.json');
    writeFileSync(path, JSON.stringify(stale));
    const r = run('replicate-verdicts.ts', ['--allow-dirty'], { SPHERELAB_RESULTS: path });
    expect(r.status).toBe(2);
    expect(r.out).toMatch(
      /claim C3's config changed since it was measured: run npm run replicate -- --claim C3/,
    );
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(stale));
  });
});
