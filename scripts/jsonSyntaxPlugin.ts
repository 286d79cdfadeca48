/**
 * A Vite plugin that parses every imported .json file itself first, so a corrupt one (say
 * src/replication/results.json after an interrupted edit) fails the build with one line naming
 * the file and the position, not a bundler error that does not say which file.
 */
import { relative } from 'node:path';

export function jsonSyntaxProblem(code: string, file: string): string | undefined {
  try {
    JSON.parse(code);
    return undefined;
  } catch (e) {
    return `${file} is not valid JSON (${(e as Error).message}); fix it or restore it (git checkout -- ${file}).`;
  }
}

export function jsonSyntaxPlugin(root = process.cwd()) {
  return {
    name: 'spherelab-json-syntax',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      const path = id.split('?')[0];
      if (!path.endsWith('.json') || id.includes('?')) return null;
      const problem = jsonSyntaxProblem(code, relative(root, path));
      if (problem) throw new Error(problem);
      return null;
    },
  };
}
