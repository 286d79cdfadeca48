/**
 * Reading and checking results.json (pure: the script, the UI and the tests share it).
 * A corrupt file is an error that says what is wrong, never a silent empty table.
 */
import type { ClaimResult, ResultsFile } from './types';

export class ResultsError extends Error {}

export function emptyResults(): ResultsFile {
  return { version: 1, claims: {} };
}

/** Parses results.json text; throws ResultsError naming the problem. */
export function parseResults(text: string, source = 'results.json'): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ResultsError(`${source} is not valid JSON (${(e as Error).message}).`);
  }
  return checkResults(data, source);
}

export function checkResults(data: unknown, source = 'results.json'): ResultsFile {
  const file = data as Partial<ResultsFile> | null;
  if (
    !file ||
    typeof file !== 'object' ||
    file.version !== 1 ||
    typeof file.claims !== 'object' ||
    !file.claims
  )
    throw new ResultsError(
      `${source} is not a SphereLab results file (expected { "version": 1, "claims": {…} }).`,
    );
  for (const [id, claim] of Object.entries(file.claims)) {
    const c = claim as Partial<ClaimResult>;
    const problem =
      c.id !== id
        ? 'its id does not match its key'
        : typeof c.configHash !== 'string'
          ? 'it has no configHash'
          : !Array.isArray(c.seeds) || !Array.isArray(c.outcomes) || c.outcomes.length !== c.seeds.length
            ? 'its seeds and outcomes do not match'
            : !Array.isArray(c.measures)
              ? 'it has no measures'
              : c.measures.some((m) => !Array.isArray(m.effects) || m.effects.length !== c.seeds!.length)
                ? 'a measure does not have one effect per seed'
                : undefined;
    if (problem) throw new ResultsError(`${source}: claim ${id} is corrupt (${problem}).`);
  }
  return file as ResultsFile;
}

/** A copy of `file` with one claim's entry replaced (claims kept in id order). */
export function withClaim(file: ResultsFile, result: ClaimResult): ResultsFile {
  const claims = { ...file.claims, [result.id]: result };
  return {
    version: 1,
    claims: Object.fromEntries(
      Object.keys(claims)
        .sort()
        .map((id) => [id, claims[id]]),
    ),
  };
}

/** Seeds parsed from "101,102,103": positive integers, no duplicates; throws on anything else. */
export function parseSeedList(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const seeds = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || seeds.some((s) => !Number.isSafeInteger(s)))
    throw new ResultsError(
      `--seeds "${text}" is not a comma-separated list of non-negative integers (e.g. 101,102,103).`,
    );
  if (new Set(seeds).size !== seeds.length) throw new ResultsError(`--seeds "${text}" repeats a seed.`);
  return seeds;
}
