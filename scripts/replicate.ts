/**
 * npm run replicate — runs the paper claims of src/replication/claims.ts (Node, wasm) and writes
 * their results into src/replication/results.json (one entry per claim, replaced as each finishes;
 * the file is re-read before every write, so two processes with different --claim lists can share it).
 *
 *   --claim C1,C2      only these claims (default: all)
 *   --seeds 101,102    these seeds instead of the claim's own; the claim's entry in --out is REPLACED
 *                      (its seeds become this list). Use --out to keep results.json untouched.
 *   --out FILE         where to write (default src/replication/results.json)
 *   --quick            a smoke run of the pipeline (a few steps, seed 1): never a verdict worth keeping;
 *                      writes to $TMPDIR/spherelab-replicate-quick.json and refuses to touch results.json
 *   --jobs N           claims run in N child processes at once, longest first (default 2: the machine's
 *                      2 cores); this process alone writes --out, as each claim finishes. 1: one process.
 * Exit status 2 with a message on bad input (unknown claim, unparsable seeds, an --out that is corrupt
 * or cannot be written), before any training.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseShippedMnist } from '../src/data';
import { readShippedMnistFile } from '../src/data/shippedMnistFile';
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { toTrainData } from '../src/engine/train/trainData';
import { CLAIMS, findClaim } from '../src/replication/claims';
import { formatMeasure } from '../src/replication/format';
import {
  emptyResults,
  parseResults,
  parseSeedList,
  ResultsError,
  withClaim,
} from '../src/replication/results';
import { quickClaim, runClaim } from '../src/replication/run/runClaim';
import type { Claim, ClaimResult, ResultsFile } from '../src/replication/types';
import { outputFileProblem } from './cliArgs';
import { gitCommit } from './gitCommit';
import { longestFirst, runJobs } from './replicateJobs';

const RESULTS = fileURLToPath(new URL('../src/replication/results.json', import.meta.url));

function fail(message: string): never {
  console.error(`replicate: ${message}`);
  process.exit(2);
}

function readOut(path: string): ResultsFile {
  if (!existsSync(path)) return emptyResults();
  return parseResults(readFileSync(path, 'utf8'), path);
}

let options: { claim?: string; seeds?: string; out?: string; quick?: boolean; jobs?: string };
try {
  options = parseArgs({
    options: {
      claim: { type: 'string' },
      seeds: { type: 'string' },
      out: { type: 'string' },
      quick: { type: 'boolean', default: false },
      jobs: { type: 'string', default: '2' },
    },
  }).values;
} catch (e) {
  fail((e as Error).message);
}

let claims: Claim[] = CLAIMS;
if (options.claim !== undefined) {
  claims = options.claim.split(',').map((id) => {
    const claim = findClaim(id.trim());
    if (!claim) fail(`unknown claim "${id}" (known: ${CLAIMS.map((c) => c.id).join(', ')}).`);
    return claim;
  });
}
const jobs = Number(options.jobs);
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 8)
  fail(`--jobs "${options.jobs}" is not a whole number of processes from 1 to 8.`);
let seeds: number[] | undefined;
try {
  if (options.seeds !== undefined) seeds = parseSeedList(options.seeds);
} catch (e) {
  fail((e as Error).message);
}
const out = resolve(
  options.out ?? (options.quick ? join(tmpdir(), 'spherelab-replicate-quick.json') : RESULTS),
);
if (options.quick && out === RESULTS)
  fail('--quick never writes results.json (a smoke run is not a measurement).');
const outProblem = outputFileProblem(options.out ?? out);
if (outProblem) fail(outProblem);
try {
  readOut(out); // a corrupt file fails now, before minutes of training, and is never overwritten
} catch (e) {
  if (e instanceof ResultsError) fail(`${e.message} Fix or delete it first.`);
  fail(`${out}: cannot be read (${(e as Error).message}).`);
}

/** Writes one finished claim into --out and prints its verdicts. */
function record(result: ClaimResult): void {
  const next = withClaim(readOut(out), result);
  try {
    writeFileSync(`${out}.tmp`, `${JSON.stringify(next, null, 1)}\n`);
    renameSync(`${out}.tmp`, out);
  } catch (e) {
    // The run is printed above; say where it could not go, in one line.
    fail(`could not write ${out} (${(e as Error).message}).`);
  }
  const claim = findClaim(result.id)!;
  for (const m of result.measures) {
    const measure = claim.measures.find((d) => d.id === m.id)!;
    console.log(`  ${claim.id}/${m.id}: ${m.verdict} — ${formatMeasure(m, measure.unit)}`);
  }
  console.log(`  ${claim.id} done in ${result.wallSeconds} s (CPU ${result.cpuSeconds} s)`);
}

const t0 = performance.now();
console.log(
  `Replicating ${claims.map((c) => c.id).join(', ')}${options.quick ? ' (quick smoke run)' : ''} → ${out}` +
    (jobs > 1 && claims.length > 1 ? ` in ${jobs} processes` : ''),
);
if (jobs > 1 && claims.length > 1) {
  let stored = emptyResults();
  try {
    stored = readOut(RESULTS);
  } catch {
    // Only the order depends on it: without stored times the claims run as declared.
  }
  const childArgs = [
    ...(options.seeds ? ['--seeds', options.seeds] : []),
    ...(options.quick ? ['--quick'] : []),
  ];
  const order = longestFirst(
    claims.map((c) => c.id),
    stored,
  );
  const failed = await runJobs(order, { jobs, childArgs, onClaim: record, log: (l) => console.log(l) });
  console.log(`All done in ${((performance.now() - t0) / 1000).toFixed(0)} s; wrote ${out}`);
  if (failed.length) fail(`${failed.join(', ')} failed; the other claims were written.`);
} else {
  await initWasmBackend();
  const data = toTrainData(parseShippedMnist(readShippedMnistFile()));
  const at = gitCommit();
  for (const declared of claims) {
    const claim = options.quick ? quickClaim(declared) : declared;
    const claimSeeds = seeds ?? (options.quick ? [1] : claim.seeds);
    console.log(`${claim.id}: ${claim.title} — seeds ${claimSeeds.join(', ')}`);
    const cpu0 = process.cpuUsage();
    const result = await runClaim(claim, claimSeeds, data, at, (line) => console.log(line));
    const cpu = process.cpuUsage(cpu0);
    // The work itself, whatever else loads the machine (wallSeconds depends on that).
    result.cpuSeconds = Math.round((cpu.user + cpu.system) / 1e6);
    // The quick run's hash is of the shrunk claim; a full run's is of the declared one.
    record(result);
  }
  console.log(`All done in ${((performance.now() - t0) / 1000).toFixed(0)} s; wrote ${out}`);
}
