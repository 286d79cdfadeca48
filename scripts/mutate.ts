/**
 * Mutation testing for the operator math, gradients and custom kernels (npm run mutate).
 *
 * Each mutant — a targeted bug from scripts/mutate-list.ts, or one operator/constant change of
 * the automatic pass — is written into a temporary copy of the worktree (src/ and the configs;
 * node_modules and public/ linked), the tests that cover the file run there (vitest --bail=1),
 * and the mutant counts as killed when they fail. The worktree itself is never modified.
 *
 *   npm run mutate                      all targeted mutants, then the automatic pass
 *   npm run mutate -- --targeted        targeted only (a few minutes)
 *   npm run mutate -- --only 'k→k/2'    mutants whose id contains the text
 *   npm run mutate -- --every 1         the whole automatic pass (default: every 3rd mutant, ~20 min)
 *   npm run mutate -- --ids-file F      the mutants whose ids are lines of F (rerun survivors)
 *
 * Prints one line per mutant, the survivors, and as its last line a JSON summary with the score
 * killed / (all − equivalent − errors). Equivalent mutants are listed, with reasons, in
 * scripts/mutate-list.ts (EQUIVALENT) and docs/MUTATION.md.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTO_FILES, EQUIVALENT, EXTRA_TESTS, TARGETED } from './mutate-list';

interface Mutant {
  id: string;
  file: string;
  text: string;
}

const root = process.cwd();
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function replaceNth(text: string, find: string, replace: string, nth: number): string | undefined {
  let at = -1;
  for (let n = 0; n < nth; n++) {
    at = text.indexOf(find, at + 1);
    if (at < 0) return undefined;
  }
  return text.slice(0, at) + replace + text.slice(at + find.length);
}

function targetedMutants(): Mutant[] {
  return TARGETED.map((m) => {
    const source = readFileSync(join(root, m.file), 'utf8');
    const text = replaceNth(source, m.find, m.replace, m.nth ?? 1);
    if (text === undefined) throw new Error(`targeted mutation "${m.id}": text not found in ${m.file}`);
    return { id: `T ${m.id}`, file: m.file, text };
  });
}

const SWAPS: Record<string, string> = {
  '+': '-',
  '-': '+',
  '*': '/',
  '/': '*',
  '<': '<=',
  '<=': '<',
  '>': '>=',
  '>=': '>',
};

/** Lines that are no operator math: comments, imports, types, error messages. */
function skipLine(trimmed: string): boolean {
  return (
    trimmed === '' ||
    /^(\/\/|\*|\/\*|import |export type |type |export interface |interface )/.test(trimmed) ||
    trimmed.includes('throw new Error') ||
    trimmed.includes('console.')
  );
}

/** Code part of a line with string literals and a trailing comment blanked (same length). */
function codeOnly(line: string): string {
  const noStrings = line.replace(/'[^']*'|`[^`]*`|"[^"]*"/g, (s) => ' '.repeat(s.length));
  const comment = noStrings.indexOf('//');
  return comment >= 0 ? noStrings.slice(0, comment) + ' '.repeat(noStrings.length - comment) : noStrings;
}

function tweakNumber(literal: string): string {
  const v = Number(literal);
  if (Number.isInteger(v) && !/[.e]/.test(literal)) return String(v + 1);
  return String(v * 2);
}

function autoMutants(file: string): Mutant[] {
  const source = readFileSync(join(root, file), 'utf8');
  const lines = source.split('\n');
  const out: Mutant[] = [];
  let inInterface = false;
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (/^(export )?interface /.test(trimmed)) inInterface = true;
    if (inInterface) {
      if (trimmed === '}') inInterface = false;
      return;
    }
    if (skipLine(trimmed)) return;
    const code = codeOnly(line);
    const edits: { col: number; len: number; to: string; what: string }[] = [];
    for (const m of code.matchAll(/(?<=\s)(<=|>=|\+|-|\*|\/|<|>)(?=\s)/g)) {
      edits.push({ col: m.index, len: m[1].length, to: SWAPS[m[1]], what: `${m[1]}→${SWAPS[m[1]]}` });
    }
    for (const m of code.matchAll(/(?<=[\s(,[=:?])-(?=[\w(.])/g)) {
      edits.push({ col: m.index, len: 1, to: '', what: 'drop unary −' });
    }
    for (const m of code.matchAll(/(?<![\w.])(\d+(?:\.\d+)?(?:e-?\d+)?)(?![\w.])/g)) {
      edits.push({
        col: m.index,
        len: m[1].length,
        to: tweakNumber(m[1]),
        what: `${m[1]}→${tweakNumber(m[1])}`,
      });
    }
    for (const e of edits) {
      const mutated = line.slice(0, e.col) + e.to + line.slice(e.col + e.len);
      const text = [...lines.slice(0, i), mutated, ...lines.slice(i + 1)].join('\n');
      out.push({ id: `A ${file}:${i + 1}:${e.col + 1} ${e.what}`, file, text });
    }
  });
  return out;
}

function testsFor(file: string): string[] {
  const tests = AUTO_FILES[file] ?? EXTRA_TESTS[file];
  if (!tests) throw new Error(`no tests listed for ${file} in scripts/mutate-list.ts`);
  return tests;
}

/** A copy of what the tests need: src and configs copied, node_modules and public linked. */
function makeSandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-mutate-'));
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json', 'vitest.config.ts']) cpSync(join(root, f), join(dir, f));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(root, 'public'), join(dir, 'public'));
  return dir;
}

type Outcome = 'killed' | 'survived' | 'error';

function runTests(dir: string, tests: string[]): { outcome: Outcome; seconds: number } {
  const t0 = Date.now();
  const r = spawnSync(join(dir, 'node_modules/.bin/vitest'), ['run', '--bail=1', ...tests], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0' },
  });
  const seconds = (Date.now() - t0) / 1000;
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.status === 0) return { outcome: 'survived', seconds };
  // A mutant that does not parse is no test result.
  if (/Transform failed|SyntaxError|Failed to parse|Expected ".*" but found/.test(output))
    return { outcome: 'error', seconds };
  return { outcome: 'killed', seconds };
}

function main(): void {
  const only = option('--only');
  let mutants = flag('--auto') ? [] : targetedMutants();
  if (!flag('--targeted')) for (const f of Object.keys(AUTO_FILES)) mutants.push(...autoMutants(f));
  // --every N: every N-th automatic mutant (a deterministic sample that keeps a run short).
  const every = Number(option('--every') ?? 3);
  let auto = 0;
  mutants = mutants.filter((m) => !m.id.startsWith('A ') || auto++ % every === 0);
  if (only) mutants = mutants.filter((m) => m.id.includes(only));
  const idsFile = option('--ids-file');
  if (idsFile) {
    const ids = new Set(
      readFileSync(idsFile, 'utf8')
        .split('\n')
        .map((l) => l.trim()),
    );
    mutants = mutants.filter((m) => ids.has(m.id));
  }
  const dir = makeSandbox();
  try {
    const files = [...new Set(mutants.map((m) => m.file))];
    const baseline = runTests(dir, [...new Set(files.flatMap(testsFor))]);
    if (baseline.outcome !== 'survived') throw new Error('the unmutated tests fail: fix them first');
    console.log(`baseline tests pass (${baseline.seconds.toFixed(0)} s); ${mutants.length} mutants`);
    const results: { id: string; outcome: Outcome | 'equivalent' }[] = [];
    for (const m of mutants) {
      const path = join(dir, m.file);
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, m.text);
      let outcome: Outcome | 'equivalent';
      let seconds = 0;
      try {
        ({ outcome, seconds } = runTests(dir, testsFor(m.file)));
      } finally {
        writeFileSync(path, original);
      }
      if (outcome === 'survived' && EQUIVALENT[m.id]) outcome = 'equivalent';
      results.push({ id: m.id, outcome });
      console.log(`${outcome.padEnd(10)} ${seconds.toFixed(0).padStart(3)} s  ${m.id}`);
    }
    const count = (o: string) => results.filter((r) => r.outcome === o).length;
    const killed = count('killed');
    const judged = results.length - count('equivalent') - count('error');
    const survivors = results.filter((r) => r.outcome === 'survived').map((r) => r.id);
    if (survivors.length) console.log(`\nsurvivors:\n${survivors.map((s) => `  ${s}`).join('\n')}`);
    const summary = {
      mutants: results.length,
      killed,
      survived: survivors.length,
      equivalent: count('equivalent'),
      errors: count('error'),
      score: judged ? Number((killed / judged).toFixed(4)) : null,
      survivors,
    };
    console.log(JSON.stringify(summary));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
