/**
 * The README's "What reproduces" table, written from results.json (npm run replicate:table puts it
 * between the markers; a unit test checks the README still matches the results).
 */
import { CLAIMS } from './claims';
import { measureLines } from './format';
import type { ResultsFile } from './types';

export const TABLE_START =
  '<!-- replication-table:start (npm run replicate:table writes this; do not edit) -->';
export const TABLE_END = '<!-- replication-table:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function readmeTable(results: ResultsFile): string {
  const rows = [
    '| claim | measure | verdict | measured (mean ± sd over seeds) | paper |',
    '|---|---|---|---|---|',
  ];
  for (const claim of CLAIMS) {
    const result = results.claims[claim.id];
    measureLines(claim, result).forEach((line, i) => {
      const head = i === 0 ? `**${claim.id}** ${claim.title}` : '';
      const paper = i === 0 ? claim.paperFigure : '';
      rows.push(
        `| ${cell(head)} | ${cell(line.label)} | ${line.verdict} | ${cell(line.numbers)} | ${cell(paper)} |`,
      );
    });
  }
  const c1 = results.claims.C1?.search;
  const note = c1
    ? `\nC1's setting was chosen by a grid search on seeds ${c1.seeds.join(', ')} (not the claim's seeds): ${c1.chosen} (mean steps saved per cell: ${Object.entries(
        c1.scores,
      )
        .map(([id, s]) => `${id} ${s}`)
        .join(', ')}).\n`
    : '';
  return `${rows.join('\n')}\n${note}`;
}

/** README text with the table between the markers replaced; throws when the markers are missing. */
export function replaceTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README.md lacks the replication-table markers.');
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}${readme.slice(end)}`;
}
