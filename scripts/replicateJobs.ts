/**
 * npm run replicate's --jobs N: the claims run as child processes (`replicate.ts --claim ID
 * --jobs 1`), at most N at a time, each writing its own file; this process alone merges each
 * finished claim into --out, so no two writers ever race on it. The machine has 2 cores and tf.js
 * wasm trains on one thread in Node, so 2 jobs halve the wall time of the whole suite.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseResults } from '../src/replication/results';
import type { ClaimResult, ResultsFile } from '../src/replication/types';

const SCRIPT = fileURLToPath(new URL('./replicate.ts', import.meta.url));

/**
 * Longest first (the stored CPU seconds, else the wall time of a run that predates them; a claim
 * never measured counts as the longest), so the last claim to start is a short one and the jobs
 * end close together.
 */
export function longestFirst(ids: string[], stored: ResultsFile): string[] {
  const cost = (id: string) => {
    const r = stored.claims[id];
    return r ? (r.cpuSeconds ?? r.wallSeconds) : Number.POSITIVE_INFINITY;
  };
  return [...ids].sort((a, b) => cost(b) - cost(a));
}

export interface JobOptions {
  jobs: number;
  /** Passed on to every child: --seeds, --quick. */
  childArgs: string[];
  /** Called with each finished claim's result, one at a time (the caller writes --out). */
  onClaim: (result: ClaimResult) => void;
  log: (line: string) => void;
}

function runChild(id: string, dir: string, options: JobOptions): Promise<ClaimResult> {
  const out = join(dir, `${id}.json`);
  const args = ['--conditions=spherelab-node', '--import', 'tsx', SCRIPT];
  args.push('--claim', id, '--out', out, '--jobs', '1', ...options.childArgs);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const prefix = (chunk: Buffer) => {
      const text = tail + chunk.toString();
      const lines = text.split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) options.log(`[${id}] ${line}`);
    };
    child.stdout.on('data', prefix);
    child.stderr.on('data', prefix);
    child.on('error', reject);
    child.on('close', (code) => {
      if (tail) options.log(`[${id}] ${tail}`);
      if (code !== 0)
        return reject(new Error(`claim ${id} failed (exit status ${code}); see [${id}] above.`));
      try {
        const result = parseResults(readFileSync(out, 'utf8'), out).claims[id];
        if (!result) throw new Error(`${out} holds no result for ${id}.`);
        resolve(result);
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Runs `ids` over `jobs` child processes; resolves with the claims that failed (none: all written). */
export async function runJobs(ids: string[], options: JobOptions): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-replicate-jobs-'));
  const queue = [...ids];
  const failed: string[] = [];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        options.onClaim(await runChild(id, dir, options));
      } catch (e) {
        options.log(`replicate: ${(e as Error).message}`);
        failed.push(id);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, ids.length) }, worker));
  return failed;
}
