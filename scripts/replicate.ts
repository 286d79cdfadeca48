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
import type { Claim, ResultsFile } from '../src/replication/types';
import { outputFileProblem } from './cliArgs';
import { gitCommit } from './gitCommit';

const RESULTS = fileURLToPath(new URL('../src/replication/results.json', import.meta.url));

function fail(message: string): never {
  console.error(`replicate: ${message}`);
  process.exit(2);
}

function readOut(path: string): ResultsFile {
  if (!existsSync(path)) return emptyResults();
  return parseResults(readFileSync(path, 'utf8'), path);
}

let options: { claim?: string; seeds?: string; out?: string; quick?: boolean };
try {
  options = parseArgs({
    options: {
      claim: { type: 'string' },
      seeds: { type: 'string' },
      out: { type: 'string' },
      quick: { type: 'boolean', default: false },
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

await initWasmBackend();
const data = toTrainData(parseShippedMnist(readShippedMnistFile()));
const at = gitCommit();
const t0 = performance.now();
console.log(
  `Replicating ${claims.map((c) => c.id).join(', ')}${options.quick ? ' (quick smoke run)' : ''} → ${out}`,
);
for (const declared of claims) {
  const claim = options.quick ? quickClaim(declared) : declared;
  const claimSeeds = seeds ?? (options.quick ? [1] : claim.seeds);
  console.log(`${claim.id}: ${claim.title} — seeds ${claimSeeds.join(', ')}`);
  const result = await runClaim(claim, claimSeeds, data, at, (line) => console.log(line));
  // The quick run's hash is of the shrunk claim; a full run's is of the declared one.
  const next = withClaim(readOut(out), result);
  try {
    writeFileSync(`${out}.tmp`, `${JSON.stringify(next, null, 1)}\n`);
    renameSync(`${out}.tmp`, out);
  } catch (e) {
    // The run is printed above; say where it could not go, in one line.
    fail(`could not write ${out} (${(e as Error).message}).`);
  }
  for (const m of result.measures) {
    const measure = claim.measures.find((d) => d.id === m.id)!;
    console.log(`  ${claim.id}/${m.id}: ${m.verdict} — ${formatMeasure(m, measure.unit)}`);
  }
  console.log(`  ${claim.id} done in ${result.wallSeconds} s`);
}
console.log(`All done in ${((performance.now() - t0) / 1000).toFixed(0)} s; wrote ${out}`);
