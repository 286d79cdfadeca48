/**
 * The CLIs refuse bad arguments before any work, with one plain line and a non-zero exit:
 * output paths that cannot be written, links that are not links, JSON the build cannot read.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { outputDirProblem, outputFileProblem } from './cliArgs';
import { jsonSyntaxPlugin, jsonSyntaxProblem, sourceJsonProblem } from './jsonSyntaxPlugin';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'spherelab-cli-'));

function run(script: string, args: string[]) {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--conditions=spherelab-node', '--import', 'tsx', `scripts/${script}`, ...args],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: r.status, err: r.stderr.trim(), out: r.stdout, seconds: (performance.now() - t0) / 1000 };
}

describe('output path checks', () => {
  it('name the missing folder, a folder given as a file, and a file given as a folder', () => {
    expect(outputFileProblem('/nonexistent/dir/x.json')).toBe(
      '--out /nonexistent/dir/x.json: the folder /nonexistent/dir does not exist.',
    );
    expect(outputFileProblem(dir)).toBe(`--out ${dir} is a folder; give a file name.`);
    expect(outputFileProblem(join(dir, 'ok.json'))).toBeUndefined();
    expect(outputDirProblem(join(dir, 'new', 'deeper'))).toBeUndefined();
    expect(outputDirProblem('/etc/hostname/sub', '--out')).toBe(
      '--out /etc/hostname/sub: /etc/hostname is a file, not a folder.',
    );
  });
});

describe('CLI arguments', () => {
  it('replicate: an --out in a missing folder fails at once, one line, exit 2', () => {
    const r = run('replicate.ts', ['--claim', 'C6', '--out', '/nonexistent/dir/x.json']);
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'replicate: --out /nonexistent/dir/x.json: the folder /nonexistent/dir does not exist.',
    );
    expect(r.out).not.toMatch(/Replicating/); // no training started
  });

  it('export:torch: text that is not a link, an unknown option or a bad --out: one line, non-zero', () => {
    const out = join(dir, 'experiment.py');
    const garbage = run('export-torch.ts', ['garbage', '--out', out]);
    expect(garbage.status).toBe(1);
    expect(garbage.err).toBe(
      'error: "garbage" is not a share link or query string (one looks like "?view=lab&op=sphere").',
    );
    expect(existsSync(out)).toBe(false);
    const option = run('export-torch.ts', ['?view=lab', '--bogus']);
    expect(option.status).toBe(2);
    expect(option.err).toMatch(/^error: unknown option --bogus/);
    const badOut = run('export-torch.ts', ['?view=lab', '--out', '/nonexistent/dir/e.py']);
    expect(badOut.status).toBe(2);
    expect(badOut.err).toBe(
      'error: --out /nonexistent/dir/e.py: the folder /nonexistent/dir does not exist.',
    );
    const ok = run('export-torch.ts', ['?view=lab&op=sphere', '--out', out]);
    expect(ok.status, ok.err).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('import torch');
  });

  it('train:features: a bad --jobs, an unknown setting or an unwritable --out: one line, exit 2', () => {
    const jobs = run('train-features.ts', ['--jobs', 'many', '--out', dir]);
    expect([jobs.status, jobs.err]).toEqual([
      2,
      'train:features: --jobs "many" is not a whole number from 1 to 16.',
    ]);
    const only = run('train-features.ts', ['--only', 'nope', '--out', dir]);
    expect(only.status).toBe(2);
    expect(only.err).toMatch(/^train:features: no shipped or measured setting is called "nope" \(known: /);
    const out = run('train-features.ts', ['--quick', '--out', '/etc/hostname/x']);
    expect([out.status, out.err]).toEqual([
      2,
      'train:features: --out /etc/hostname/x: /etc/hostname is a file, not a folder.',
    ]);
    const quick = run('train-features.ts', ['--quick']);
    expect([quick.status, quick.err]).toEqual([
      2,
      'train:features: --quick needs --out: it must not overwrite the shipped snapshots.',
    ]);
  });
});

describe('the build’s JSON check', () => {
  it('names a corrupt JSON file (as a truncated results.json) and passes a valid one', () => {
    expect(jsonSyntaxProblem('{"version": 1, "claims": ', 'src/replication/results.json')).toMatch(
      /^src\/replication\/results\.json is not valid JSON \(.+\); fix it or restore it/,
    );
    const plugin = jsonSyntaxPlugin('/repo');
    expect(() => plugin.transform('{"a":', '/repo/src/replication/results.json')).toThrow(
      /^src\/replication\/results\.json is not valid JSON/,
    );
    expect(plugin.transform('{"a": 1}', '/repo/x.json')).toBeNull();
    expect(plugin.transform('not json', '/repo/x.ts')).toBeNull();
  });

  it('stops before the build starts, with one line naming a corrupt results.json', () => {
    const app = mkdtempSync(join(tmpdir(), 'spherelab-json-'));
    mkdirSync(join(app, 'src', 'replication'), { recursive: true });
    writeFileSync(join(app, 'src', 'ok.json'), '{"a": 1}');
    expect(sourceJsonProblem(app)).toBeUndefined();
    writeFileSync(join(app, 'src', 'replication', 'results.json'), '{"version": 1, "claims": [');
    const lines: string[] = [];
    jsonSyntaxPlugin(app, (line) => lines.push(line)).config();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^src\/replication\/results\.json is not valid JSON \(.+\); fix it or restore it/,
    );
    expect(lines[0]).not.toContain('\n');
  });
});
