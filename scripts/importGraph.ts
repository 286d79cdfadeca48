/**
 * The import graph of src/ (relative imports of .ts/.tsx, `import type` and re-exports included,
 * tests left out): its cycles, the imports of src/ui from outside it, and how many source files each
 * folder holds at its top level. scripts/architecture.test.ts holds the tree to the layout's rules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.(ts|tsx)$/;
const TEST = /\.(test|spec)\.tsx?$|\.d\.ts$/;
const IMPORT = /(?:import|export)\s[^'"`;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Source files under `root`, tests and declaration files left out. */
export function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !TEST.test(name)) files.push(path);
    }
  };
  walk(resolve(root));
  return files;
}

/** file → the files it imports. `read` is injectable so the rules can be tested on a made-up tree. */
export function importGraph(
  files: string[],
  read: (file: string) => string = (f) => readFileSync(f, 'utf8'),
) {
  const known = new Set(files);
  const target = (from: string, spec: string) => {
    const base = resolve(dirname(from), spec);
    const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
    return candidates.find((c) => known.has(c));
  };
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const out = new Set<string>();
    for (const m of read(file).matchAll(IMPORT)) {
      const t = target(file, m[1] ?? m[2]);
      if (t) out.add(t);
    }
    graph.set(file, [...out]);
  }
  return graph;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** "a.ts -> ui/b.tsx" for every import of `root`/ui from a file outside it (the entry point aside). */
export function uiImportsFromOutside(graph: ImportGraph, root: string): string[] {
  const ui = `${join(resolve(root), 'ui')}/`;
  const entry = join(resolve(root), 'main.tsx');
  const found: string[] = [];
  for (const [file, targets] of graph) {
    if (file.startsWith(ui) || file === entry) continue;
    for (const t of targets)
      if (t.startsWith(ui)) found.push(`${relative(root, file)} -> ${relative(root, t)}`);
  }
  return found;
}

/** Each folder under `root` (itself included) with the number of source files at its top level. */
export function filesPerFolder(root: string): Map<string, number> {
  const counts = new Map<string, number>();
  const walk = (dir: string) => {
    const names = readdirSync(dir);
    counts.set(relative(root, dir) || '.', names.filter((n) => SOURCE.test(n) && !TEST.test(n)).length);
    for (const n of names) if (statSync(join(dir, n)).isDirectory()) walk(join(dir, n));
  };
  if (existsSync(root)) walk(resolve(root));
  return counts;
}
