/**
 * The README's "What reproduces" table, written from results.json (npm run replicate:table puts it
 * between the markers; a unit test checks the README still matches the results).
 */
import { CLAIMS } from './claims';
import { measureLines } from './format';
import type { ResultsFile } from './types';
import { RULE } from './verdict';

export const TABLE_START =
  '<!-- replication-table:start (npm run replicate:table writes this; do not edit) -->';
export const TABLE_END = '<!-- replication-table:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function readmeTable(results: ResultsFile): string {
  const rows = [
    '| claim | measure | verdict | measured (mean effect, 95% t interval, p, Holm p) | paper |',
    '|---|---|---|---|---|',
  ];
  for (const claim of CLAIMS) {
    const result = results.claims[claim.id];
    measureLines(claim, result).forEach((line, i) => {
      const head = i === 0 ? `**${claim.id}** ${claim.title}` : '';
      const paper = i === 0 ? claim.paperFigure : '';
      rows.push(
        `| ${cell(head)} | ${cell(line.label)} | ${cell(line.badge)} | ${cell(line.numbers)} | ${cell(paper)} |`,
      );
    });
  }
  const c1 = results.claims.C1?.search;
  const note = c1
    ? `\nC1's setting was chosen by a grid search on seeds ${c1.seeds.join(', ')} (not the claim's seeds), scored on ${validationOfC1()}: ${c1.chosen} (mean steps saved per cell: ${Object.entries(
        c1.scores,
      )
        .map(([id, s]) => `${id} ${s}`)
        .join(', ')}).\n`
    : '';
  return `${RULE}\n\n${rows.join('\n')}\n${note}${provenance(results)}`;
}

/** Where C1's search scores its cells: a validation split of held-out training digits. */
function validationOfC1(): string {
  const n = CLAIMS.find((c) => c.id === 'C1')?.search?.validation;
  return n ? `${n} training digits held out from its training (not the test digits)` : 'the test digits';
}

/** Which commits the per-seed numbers and the recomputed verdicts came from ("" if never recomputed). */
function provenance(results: ResultsFile): string {
  const claims = Object.values(results.claims);
  const statistics = [...new Set(claims.flatMap((r) => (r.verdictsCommit ? [r.verdictsCommit] : [])))];
  if (statistics.length === 0) return '';
  const byRun = new Map<string, string[]>();
  for (const r of claims) byRun.set(r.commit, [...(byRun.get(r.commit) ?? []), r.id]);
  const runs = [...byRun].map(([commit, ids]) => `${ids.join(', ')} at ${commit}`).join('; ');
  const dirty = claims.some((r) => r.commit.endsWith('+changes'))
    ? ' (“+changes”: run from a tree with uncommitted changes, so that commit alone may not reproduce them)'
    : '';
  const fresh = claims.filter((r) => !r.verdictsCommit).map((r) => r.id);
  const unchanged = fresh.length ? ` ${fresh.join(', ')} keep the verdicts of their run.` : '';
  return `\nVerdicts recomputed by npm run replicate:verdicts (statistics code at ${statistics.join(', ')}) from the per-seed numbers stored by the runs: ${runs}${dirty}.${unchanged}\n`;
}

/** README text with the table between the markers replaced; throws when the markers are missing. */
export function replaceTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README.md lacks the replication-table markers.');
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}${readme.slice(end)}`;
}
