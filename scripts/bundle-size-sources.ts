/**
 * Which sources fill a built chunk: decodes the chunk's source map and counts, per source file,
 * the generated characters its mappings cover. Sources are then grouped by npm package (or by
 * app folder for our own code). Plain code, no dependency: the v3 "mappings" VLQ is small.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one segment ("AAgBC") into its numbers (relative values, as the spec stores them). */
export function decodeVlqSegment(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = DIGIT.get(ch);
    if (digit === undefined) throw new Error(`bad VLQ character ${ch}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return out;
}

export interface SourceMapV3 {
  sources: string[];
  mappings: string;
}

/**
 * Generated characters per source index (-1 = lines with no mapping at all). A segment covers
 * its line from its column to the next segment's column; a line's leading text (indentation)
 * counts for its first mapped source, and unmapped segments (punctuation, glue inside a line)
 * for the source mapped before them on that line: readable (unminified) output maps only tokens.
 * Whole unmapped lines (license headers, doc comments) count for the next mapped line's source.
 */
export function bytesPerSource(map: SourceMapV3, code: string): Map<number, number> {
  const lines = code.split('\n');
  const lineMaps = map.mappings.split(';');
  const totals = new Map<number, number>();
  const add = (source: number, n: number) => {
    if (n > 0) totals.set(source, (totals.get(source) ?? 0) + n);
  };
  let source = 0;
  let pendingLines = 0;
  for (let li = 0; li < lines.length; li++) {
    const lineLength = lines[li].length + (li < lines.length - 1 ? 1 : 0);
    const segments = (lineMaps[li] ?? '').split(',').filter((s) => s !== '');
    const spans: { column: number; source: number }[] = [];
    let column = 0;
    for (const seg of segments) {
      const fields = decodeVlqSegment(seg);
      column += fields[0];
      if (fields.length >= 4) source += fields[1];
      spans.push({ column, source: fields.length >= 4 ? source : -1 });
    }
    let current = spans.find((s) => s.source >= 0)?.source ?? -1;
    if (current < 0) {
      pendingLines += lineLength;
      continue;
    }
    add(current, pendingLines);
    pendingLines = 0;
    let from = 0;
    for (const span of spans) {
      add(current, span.column - from);
      if (span.source >= 0) current = span.source;
      from = span.column;
    }
    add(current, lineLength - from);
  }
  add(-1, pendingLines);
  return totals;
}

/** "node_modules/@tensorflow/tfjs-core/dist/..." → "@tensorflow/tfjs-core"; app code → "app: src/engine". */
export function groupOfSource(path: string): string {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const src = path.indexOf('src/');
  if (src >= 0) {
    const parts = path.slice(src).split('/');
    // src/ui/lab/x.tsx → src/ui/lab; src/main.tsx → src
    return `app: ${parts.slice(0, Math.min(parts.length - 1, parts[1] === 'ui' ? 3 : 2)).join('/')}`;
  }
  if (path.includes('vite/') || path.includes('\0') || path.startsWith('vite')) return 'vite runtime';
  return 'other';
}

/** Generated characters per package/app group for one chunk. */
export function groupsOfChunk(map: SourceMapV3, code: string): Map<string, number> {
  const groups = new Map<string, number>();
  for (const [source, n] of bytesPerSource(map, code)) {
    const name = source < 0 ? '(unmapped lines: comments, glue)' : groupOfSource(map.sources[source] ?? '');
    groups.set(name, (groups.get(name) ?? 0) + n);
  }
  return groups;
}
