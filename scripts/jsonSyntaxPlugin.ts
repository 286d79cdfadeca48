/**
 * A Vite plugin that parses the app's .json files itself, so a corrupt one (say
 * src/replication/results.json after an interrupted edit) stops `npm run build` (and the dev
 * server) with one plain line naming the file and the position, before any bundling work and
 * without a stack trace. Imported .json files are parsed again on transform, as a second guard.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export function jsonSyntaxProblem(code: string, file: string): string | undefined {
  try {
    JSON.parse(code);
    return undefined;
  } catch (e) {
    return `${file} is not valid JSON (${(e as Error).message}); fix it or restore it (git checkout -- ${file}).`;
  }
}

/** The first .json file under `root`/src that does not parse, as one line; undefined when all do. */
export function sourceJsonProblem(root: string): string | undefined {
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort();
  for (const file of files) {
    const path = join(root, 'src', file);
    const problem = jsonSyntaxProblem(readFileSync(path, 'utf8'), relative(root, path));
    if (problem) return problem;
  }
  return undefined;
}

/** A user error ends the command with its one line (a thrown Error prints Vite's stack trace). */
function stopWithLine(line: string): never {
  console.error(`error: ${line}`);
  process.exit(1);
}

export function jsonSyntaxPlugin(root = process.cwd(), stop: (line: string) => void = stopWithLine) {
  return {
    name: 'spherelab-json-syntax',
    enforce: 'pre' as const,
    // The config hook runs before Vite starts building: nothing is transformed yet.
    config() {
      const problem = sourceJsonProblem(root);
      if (problem) stop(problem);
    },
    transform(code: string, id: string) {
      const path = id.split('?')[0];
      if (!path.endsWith('.json') || id.includes('?')) return null;
      const problem = jsonSyntaxProblem(code, relative(root, path));
      if (problem) throw new Error(problem);
      return null;
    },
  };
}
