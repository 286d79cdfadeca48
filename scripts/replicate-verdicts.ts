/**
 * npm run replicate:verdicts — recomputes every claim's measures (intervals, p-values, Holm,
 * verdicts) in src/replication/results.json from its stored per-seed outcomes with today's
 * verdict code, without retraining. Each claim keeps `commit` (the runs' commit) and gains
 * `verdictsCommit` (this code's commit). Refuses a claim whose config hash is stale (its outcomes
 * no longer belong to claims.ts: rerun it) and, without --allow-dirty, an uncommitted tree.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findClaim } from '../src/replication/claims';
import { formatMeasure } from '../src/replication/format';
import { claimHash, claimMeasures } from '../src/replication/measures';
import { parseResults } from '../src/replication/results';
import { gitCommit } from './gitCommit';

const path =
  process.env.SPHERELAB_RESULTS ?? fileURLToPath(new URL('../src/replication/results.json', import.meta.url));

function fail(message: string): never {
  console.error(`replicate:verdicts: ${message}`);
  process.exit(2);
}

const at = gitCommit();
if (at.endsWith('+changes') && !process.argv.includes('--allow-dirty'))
  fail(`the tree has uncommitted changes (${at}): commit first, so the verdicts name their code.`);
let results: ReturnType<typeof parseResults>;
try {
  results = parseResults(readFileSync(path, 'utf8'), path, { statistics: false });
} catch (e) {
  fail((e as Error).message);
}
for (const [id, result] of Object.entries(results.claims)) {
  const claim = findClaim(id);
  if (!claim) fail(`${path} holds claim ${id}, which claims.ts no longer declares.`);
  if (result.configHash !== claimHash(claim))
    fail(`claim ${id}'s config changed since it was measured: run npm run replicate -- --claim ${id}.`);
  result.measures = claimMeasures(claim, result.outcomes, result.search?.chosen);
  result.verdictsCommit = at;
  for (const m of result.measures) {
    const measure = claim.measures.find((d) => d.id === m.id)!;
    console.log(`${id}/${m.id}: ${m.verdict} — ${formatMeasure(m, measure.unit)}`);
  }
}
writeFileSync(`${path}.tmp`, `${JSON.stringify(results, null, 1)}\n`);
renameSync(`${path}.tmp`, path);
console.log(`Recomputed the verdicts in ${path} (code ${at}).`);
