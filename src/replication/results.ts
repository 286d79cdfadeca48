/**
 * Reading and checking results.json (pure: the script, the UI and the tests share it).
 * A corrupt file is an error that says what is wrong, never a silent empty table.
 */
import type { ClaimResult, MeasureResult, ResultsFile } from './types';

export class ResultsError extends Error {}

export function emptyResults(): ResultsFile {
  return { version: 1, claims: {} };
}

/**
 * Parses results.json text; throws ResultsError naming the problem. `statistics: false` accepts
 * measures stored before the interval/Holm statistics (npm run replicate:verdicts reads those).
 */
export function parseResults(text: string, source = 'results.json', options: CheckOptions = {}): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ResultsError(`${source} is not valid JSON (${(e as Error).message}).`);
  }
  return checkResults(data, source, options);
}

export interface CheckOptions {
  statistics?: boolean;
}

const VERDICTS = new Set([
  'reproduced',
  'against the paper',
  'no effect larger than the margin',
  'inconclusive',
  'diagnostic',
]);

/** Why a measure lacks today's statistics, or undefined. */
function statisticsProblem(m: Partial<MeasureResult>): string | undefined {
  if (!VERDICTS.has(m.verdict as string))
    return `measure ${m.id} has the verdict "${m.verdict}", which today's rule does not give (npm run replicate:verdicts recomputes it)`;
  if (!('interval' in m) || !('pHolm' in m) || !('mde' in m))
    return `measure ${m.id} has no interval, p-values or MDE (npm run replicate:verdicts adds them)`;
  return undefined;
}

export function checkResults(
  data: unknown,
  source = 'results.json',
  options: CheckOptions = {},
): ResultsFile {
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
                : options.statistics === false
                  ? undefined
                  : c.measures.map(statisticsProblem).find(Boolean);
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
