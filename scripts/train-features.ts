/**
 * npm run train:features — trains the Features view's shipped snapshot set (Node, wasm,
 * deterministic by seed): CNN and SphereNet × each setting of SHIPPED_FEATURE_SETTINGS, writing
 * public/features/ (format: src/features/snapshot.ts; manifest: src/features/training.ts).
 * Options: --quick (a few steps of one setting, to check the pipeline; needs --out) --out <dir>
 *          --jobs N (train the settings in N processes; default: one per setting, which on 2 cores
 *          finished the three in 26 min; one process, at about 0.25 s a step, would take 45)
 *          --only <key> (one setting, no manifest; also takes a measured, unshipped key of
 *          UNSHIPPED_FEATURE_SETTINGS, which then needs --out)
 * LAST stdout line: JSON { out, runs: [{ key, seconds, accuracy }], bytes }.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initWasmBackend } from '../src/engine/backends/testBackend';
import {
  FEATURE_TRAINING,
  featureRunKey,
  SHIPPED_FEATURE_SETTINGS,
  UNSHIPPED_FEATURE_SETTINGS,
} from '../src/features/runs';
import { writeFeatureManifest, writeFeatureRuns } from '../src/features/snapshotFiles';
import type { FeatureManifestRun } from '../src/features/training';
import { outputDirProblem } from './cliArgs';

function fail(message: string): never {
  console.error(`train:features: ${message}`);
  process.exit(2);
}

let values: { quick?: boolean; out?: string; jobs?: string; only?: string };
try {
  values = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      jobs: { type: 'string', default: String(SHIPPED_FEATURE_SETTINGS.length) },
      only: { type: 'string' },
    },
  }).values;
} catch (e) {
  fail((e as Error).message);
}
const quick = values.quick === true;
const out = values.out ?? fileURLToPath(new URL('../public/features/', import.meta.url));
if (quick && !values.out) fail('--quick needs --out: it must not overwrite the shipped snapshots.');
if (!/^\d+$/.test(values.jobs ?? '') || Number(values.jobs) < 1 || Number(values.jobs) > 16)
  fail(`--jobs "${values.jobs}" is not a whole number from 1 to 16.`);
// The quick check: a few steps and checkpoints of one setting (GA-Softmax m = 4: the most code).
const steps = quick ? 12 : FEATURE_TRAINING.steps;
const checkpoints = quick ? 4 : undefined;
const known = [...SHIPPED_FEATURE_SETTINGS, ...UNSHIPPED_FEATURE_SETTINGS];
const settings = quick
  ? SHIPPED_FEATURE_SETTINGS.slice(-1)
  : values.only !== undefined
    ? known.filter((s) => featureRunKey(s) === values.only)
    : SHIPPED_FEATURE_SETTINGS;
if (settings.length === 0)
  fail(
    `no shipped or measured setting is called "${values.only}" (known: ${known.map(featureRunKey).join(', ')}).`,
  );
if (UNSHIPPED_FEATURE_SETTINGS.includes(settings[0]) && !values.out)
  fail(`${values.only} is not shipped: give --out, so its files stay out of public/features/.`);
const outProblem = outputDirProblem(out);
if (outProblem) fail(outProblem);
const entryFile = (key: string) => join(out, `${key}.entry.json`);

/** One child process per setting, at most `jobs` at a time; each writes its files and entry. */
async function trainInChildren(jobs: number): Promise<FeatureManifestRun[]> {
  const queue = settings.map(featureRunKey);
  const runOne = (key: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [...process.execArgv, process.argv[1], '--only', key, '--out', out],
        {
          stdio: 'inherit',
        },
      );
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${key}: exit code ${code}`))));
    });
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let key = queue.shift(); key; key = queue.shift()) await runOne(key);
    }),
  );
  return settings.map((s) => {
    const file = entryFile(featureRunKey(s));
    const entry = JSON.parse(readFileSync(file, 'utf8')) as FeatureManifestRun;
    rmSync(file);
    return entry;
  });
}

const t0 = performance.now();
const jobs = Number(values.jobs);
console.log(`Training ${settings.length} Features run(s), ${steps} steps each, into ${out}`);
let runs: FeatureManifestRun[];
if (jobs > 1 && !values.only && !quick) {
  runs = await trainInChildren(jobs);
} else {
  await initWasmBackend();
  runs = await writeFeatureRuns(out, settings, steps, { checkpoints, log: console.log });
}
if (values.only) {
  writeFileSync(entryFile(values.only), JSON.stringify(runs[0]));
} else {
  const manifest = writeFeatureManifest(out, runs, quick);
  const bytes = manifest.runs.reduce((s, r) => s + r.bytes.snapshot + r.bytes.weights, 0);
  console.log(`Done in ${((performance.now() - t0) / 1000).toFixed(0)} s; ${bytes} bytes gzipped in all.`);
  console.log(
    JSON.stringify({
      out,
      runs: manifest.runs.map((r) => ({ key: r.key, seconds: r.trainSeconds, accuracy: r.accuracy })),
      bytes,
    }),
  );
}
