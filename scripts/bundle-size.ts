/**
 * Production bundle size, gzipped (node:zlib, default level, like a typical static host), grouped
 * by what loads when: the first page (index.html's entry and its static imports), the default view
 * (VIEWS[0], the tour: its lazy chunk, its CSS, the training worker and the one wasm binary a
 * cross-origin-isolated browser fetches), the other views, and the rest (fonts, other wasm
 * builds, the dataset). With a source-map build beside it, names the packages that fill it.
 *
 *   node --import tsx scripts/bundle-size.ts [--dist dist] [--maps]
 * --maps builds a source-mapped copy into a temp folder (same chunks) to name the contributors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { VIEW_TITLES, VIEWS } from '../src/url/views';
import { groupsOfChunk, type SourceMapV3 } from './bundle-size-sources';

/** The view the root URL opens; its chunk (e.g. TourView-….js) is the first view's. */
const FIRST_VIEW = VIEW_TITLES[VIEWS[0]];

export interface AssetSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface LoadGroup {
  name: string;
  files: string[];
  bytes: number;
  gzipBytes: number;
}

export interface Contributor {
  name: string;
  /** Minified bytes this package/app folder fills, summed over chunks. */
  bytes: number;
  /** Its share of each chunk's gzip size (an estimate: gzip is not additive). */
  gzipBytes: number;
  chunks: string[];
}

export interface BundleReport {
  assets: AssetSize[];
  groups: LoadGroup[];
  /** Everything the default view (VIEWS[0]) needs before its first step, gzipped, dataset excluded. */
  firstViewGzipBytes: number;
  contributors?: Contributor[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const staticImportRe = /(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g;
const lazyImportRe =
  /import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)\s*,\s*(?:__vite__mapDeps\(\[([\d,\s]*)\]\)|\[\])/g;
const mapDepsRe = /m\.f=\[([^\]]*)\]/;
const assetRefRe = /["'`]\/?(?:[^"'`]*\/)?assets\/([^"'`/]+\.(?:js|css|wasm))["'`]/g;

function readAsset(dist: string, file: string): string {
  return readFileSync(join(dist, 'assets', file), 'utf8');
}

/** A chunk and everything it imports statically, transitively. */
function withStaticImports(dist: string, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const m of readAsset(dist, entry).matchAll(staticImportRe)) withStaticImports(dist, m[1], seen);
  return seen;
}

/** Lazy chunk → the files Vite preloads with it (its CSS and shared chunks), from __vite__mapDeps. */
function lazyChunks(dist: string, entry: string): Map<string, string[]> {
  const code = readAsset(dist, entry);
  const list = code.match(mapDepsRe)?.[1] ?? '';
  const deps = [...list.matchAll(/["'`]([^"'`]+)["'`]/g)].map((m) => m[1].replace(/^.*assets\//, ''));
  const out = new Map<string, string[]>();
  for (const m of code.matchAll(lazyImportRe)) {
    const indices = (m[2] ?? '').split(',').filter((s) => s.trim() !== '');
    out.set(m[1], [m[1], ...indices.map((i) => deps[Number(i)])]);
  }
  return out;
}

export function analyzeBundle(dist: string, mapsDir?: string): BundleReport {
  const assets: AssetSize[] = walk(dist)
    .filter((p) => !p.endsWith('.map'))
    .map((p) => {
      const data = readFileSync(p);
      return { file: relative(dist, p), bytes: data.length, gzipBytes: gzipSync(data).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  const byName = new Map(assets.map((a) => [a.file.replace(/^assets\//, ''), a]));
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = html.match(/src="[^"]*assets\/([^"]+\.js)"/)?.[1];
  if (!entry) throw new Error(`no entry script in ${dist}/index.html`);
  const initial = withStaticImports(dist, entry);
  for (const m of html.matchAll(/href="[^"]*assets\/([^"]+\.css)"/g)) initial.add(m[1]);

  const lazy = lazyChunks(dist, entry);
  const labKey = [...lazy.keys()].find((k) => k.startsWith(`${FIRST_VIEW}View-`));
  const lab = new Set<string>();
  for (const f of labKey ? lazy.get(labKey)! : []) {
    if (f.endsWith('.js')) for (const g of withStaticImports(dist, f)) lab.add(g);
    else lab.add(f);
  }
  // The worker is referenced by URL from a chunk of the first view (its training hook); its wasm binaries by URL from the worker.
  const worker = new Set<string>();
  for (const f of lab) {
    for (const m of readAsset(dist, f).matchAll(assetRefRe))
      if (/^worker.*\.js$/.test(m[1])) worker.add(m[1]);
  }
  // The worker imports tfjs-core statically and each backend on demand: count the wasm backend's
  // chunk (the default on a machine without a hardware WebGPU adapter), not the others.
  for (const w of [...worker]) {
    for (const f of withStaticImports(dist, w)) worker.add(f);
    for (const m of readAsset(dist, w).matchAll(
      /import\(\s*["'`]\.\/(tfjs-backend-wasm-[^"'`]+\.js)["'`]\s*\)/g,
    ))
      for (const f of withStaticImports(dist, m[1])) worker.add(f);
  }
  const wasmAll = new Set<string>();
  for (const w of worker)
    for (const m of readAsset(dist, w).matchAll(assetRefRe)) if (m[1].endsWith('.wasm')) wasmAll.add(m[1]);
  const wasmUsed = [...wasmAll].filter((f) => f.includes('threaded-simd'));
  const firstView = new Set([...initial, ...lab, ...worker, ...wasmUsed]);
  for (const f of initial) lab.delete(f);

  const otherViews = new Set<string>();
  for (const [key, files] of lazy) {
    if (key === labKey) continue;
    for (const f of files) {
      const all = f.endsWith('.js') ? withStaticImports(dist, f) : [f];
      for (const g of all) if (!firstView.has(g)) otherViews.add(g);
    }
  }
  const group = (name: string, files: Iterable<string>): LoadGroup => {
    const list = [...files].filter((f) => byName.has(f));
    return {
      name,
      files: list,
      bytes: list.reduce((s, f) => s + byName.get(f)!.bytes, 0),
      gzipBytes: list.reduce((s, f) => s + byName.get(f)!.gzipBytes, 0),
    };
  };
  const assigned = new Set([...firstView, ...otherViews]);
  const rest = [...byName.keys()].filter((f) => !assigned.has(f) && f !== 'index.html');
  const groups = [
    group('first page (entry + static imports + CSS)', initial),
    group(`${FIRST_VIEW} view chunks + CSS (lazy)`, lab),
    group('training worker + its wasm backend (tf.js, unminified)', worker),
    group('wasm binary used (threaded SIMD)', wasmUsed),
    group('other views (lazy, not loaded first)', otherViews),
    group('not loaded by default (other wasm builds, fonts, dataset...)', rest),
  ];
  const report: BundleReport = {
    assets,
    groups,
    firstViewGzipBytes: groups.slice(0, 4).reduce((s, g) => s + g.gzipBytes, 0),
  };
  if (mapsDir) report.contributors = contributorsFrom(mapsDir, byName);
  return report;
}

/** Package/app shares per chunk from a source-mapped build, scaled to this build's chunk sizes. */
function contributorsFrom(mapsDir: string, byName: Map<string, AssetSize>): Contributor[] {
  const stem = (f: string) => f.replace(/-[\w-]{8}\.js$/, '');
  const totals = new Map<string, Contributor>();
  for (const mapFile of readdirSync(join(mapsDir, 'assets')).filter((f) => f.endsWith('.js.map'))) {
    const chunk = mapFile.slice(0, -'.map'.length);
    const code = readFileSync(join(mapsDir, 'assets', chunk), 'utf8');
    const map = JSON.parse(readFileSync(join(mapsDir, 'assets', mapFile), 'utf8')) as SourceMapV3;
    const built = byName.get(chunk) ?? [...byName.entries()].find(([k]) => stem(k) === stem(chunk))?.[1];
    if (!built) continue;
    const groups = groupsOfChunk(map, code);
    const mapped = [...groups.values()].reduce((s, n) => s + n, 0) || 1;
    for (const [name, chars] of groups) {
      const c = totals.get(name) ?? { name, bytes: 0, gzipBytes: 0, chunks: [] };
      c.bytes += Math.round((built.bytes * chars) / mapped);
      c.gzipBytes += Math.round((built.gzipBytes * chars) / mapped);
      c.chunks.push(stem(chunk));
      totals.set(name, c);
    }
  }
  return [...totals.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/** Builds a source-mapped copy of the app (same chunking) into a fresh temp folder. */
export function buildWithSourceMaps(root: string): string {
  const out = mkdtempSync(join(tmpdir(), 'spherelab-bundle-maps-'));
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--sourcemap', '--outDir', out, '--logLevel', 'error'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0) throw new Error('source-map build failed');
  return out;
}

export const kB = (n: number): string => `${(n / 1024).toFixed(1)} kB`;

export function formatBundle(report: BundleReport, topContributors = 12): string {
  const lines = ['Bundle (gzip, node:zlib level 6):'];
  for (const g of report.groups) {
    lines.push(
      `  ${g.name.padEnd(62)} ${kB(g.gzipBytes).padStart(10)}  (raw ${kB(g.bytes)}, ${g.files.length} files)`,
    );
  }
  lines.push(
    `  ${`TOTAL for the first view (${FIRST_VIEW}) before the dataset`.padEnd(62)} ${kB(report.firstViewGzipBytes).padStart(10)}`,
  );
  if (report.contributors) {
    lines.push('Main contributors (gzip share estimated from source maps):');
    for (const c of report.contributors.slice(0, topContributors)) {
      lines.push(
        `  ${c.name.padEnd(40)} ${kB(c.gzipBytes).padStart(10)}  (min ${kB(c.bytes)}; in ${[...new Set(c.chunks)].join(', ')})`,
      );
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const dist = args.includes('--dist') ? args[args.indexOf('--dist') + 1] : 'dist';
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html missing: build first`);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const maps = args.includes('--maps') ? buildWithSourceMaps(root) : undefined;
  const report = analyzeBundle(dist, maps);
  console.log(formatBundle(report));
  console.log(
    JSON.stringify({
      firstViewGzipBytes: report.firstViewGzipBytes,
      groups: report.groups,
      contributors: report.contributors?.slice(0, 20),
    }),
  );
}
