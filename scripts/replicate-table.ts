/**
 * npm run replicate:table — writes README.md's "What reproduces" table from
 * src/replication/results.json. --check: exit 1 (and write nothing) when the README is out of date.
 * A missing or corrupt results.json is an error (exit 2), never an empty table.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readmeTable, replaceTable } from '../src/replication/readmeTable';
import { parseResults } from '../src/replication/results';

const results =
  process.env.SPHERELAB_RESULTS ?? fileURLToPath(new URL('../src/replication/results.json', import.meta.url));
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
try {
  if (!existsSync(results)) throw new Error(`${results} does not exist: run npm run replicate first.`);
  const table = readmeTable(parseResults(readFileSync(results, 'utf8'), results));
  const readme = readFileSync(readmePath, 'utf8');
  const next = replaceTable(readme, table);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error("README.md's replication table is out of date: run npm run replicate:table.");
      process.exit(1);
    }
    console.log("README.md's replication table matches results.json.");
  } else {
    writeFileSync(readmePath, next);
    console.log('Wrote the replication table into README.md.');
  }
} catch (e) {
  console.error(`replicate:table: ${(e as Error).message}`);
  process.exit(2);
}
