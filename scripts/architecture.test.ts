/**
 * The layout's rules (docs/ARCHITECTURE.md), held on the real tree: no import cycle in src/, nothing
 * outside src/ui imports it, no folder over MAX_FILES_PER_FOLDER source files at its top level, and
 * the architecture doc names exactly the folders of src/. The detector itself is checked on a
 * made-up tree first, so a broken detector cannot pass the real one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filesPerFolder, importCycles, importGraph, sourceFiles, uiImportsFromOutside } from './importGraph';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
/** "About a dozen files of distinct concerns" a folder; past this, split it by concern. */
const MAX_FILES_PER_FOLDER = 13;

describe('the import-graph detector', () => {
  const fake = (tree: Record<string, string>) => {
    const files = Object.keys(tree).map((f) => resolve('/p/src', f));
    return importGraph(files, (f) => tree[f.slice('/p/src/'.length)]);
  };
  it('finds a cycle through type imports and re-exports, and none in a tree without one', () => {
    const cyclic = fake({
      'a.ts': "import type { B } from './b';",
      'b.ts': "export { C } from './c/index';",
      'c/index.ts': "import { A } from '../a.ts';",
    });
    expect(importCycles(cyclic).map((c) => c.length)).toEqual([3]);
    const acyclic = fake({
      'a.ts': "import { B } from './b';",
      'b.ts': "const m = import('./c');",
      'c.ts': '',
    });
    expect(importCycles(acyclic)).toEqual([]);
  });
  it('names an import of ui/ from outside it, but not one from inside or from main.tsx', () => {
    const g = fake({
      'main.tsx': "import { App } from './ui/App';",
      'ui/App.tsx': "import { x } from './lab/x';",
      'ui/lab/x.ts': '',
      'export/gen.ts': "import { x } from '../ui/lab/x';",
    });
    expect(uiImportsFromOutside(g, '/p/src')).toEqual(['export/gen.ts -> ui/lab/x.ts']);
  });
});

describe('src/ keeps to the layout', () => {
  const graph = importGraph(sourceFiles(SRC));
  it('has no import cycle', () => {
    expect(importCycles(graph).map((c) => c.map((f) => f.slice(SRC.length + 1)).join(' → '))).toEqual([]);
  });
  it('is not imported from outside src/ui', () => {
    expect(uiImportsFromOutside(graph, SRC)).toEqual([]);
  });
  it(`holds at most ${MAX_FILES_PER_FOLDER} source files at the top of any folder`, () => {
    const over = [...filesPerFolder(SRC)].filter(([, n]) => n > MAX_FILES_PER_FOLDER);
    expect(over).toEqual([]);
  });
  it('keeps src/engine/types.ts a leaf that imports nothing of the engine', () => {
    const types = join(SRC, 'engine', 'types.ts');
    expect(graph.get(types)?.filter((t) => t.startsWith(join(SRC, 'engine')))).toEqual([]);
  });
  it('is described folder by folder in docs/ARCHITECTURE.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const layout = doc.slice(doc.indexOf('<!-- layout:start -->'), doc.indexOf('<!-- layout:end -->'));
    const named = [...layout.matchAll(/^- `src\/([\w-]+)\/`/gm)].map((m) => m[1]).sort();
    const folders = readdirSync(SRC)
      .filter((n) => statSync(join(SRC, n)).isDirectory())
      .sort();
    expect(named).toEqual(folders);
  });
});
