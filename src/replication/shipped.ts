/**
 * The results shipped with the app (src/replication/results.json, written by npm run replicate),
 * checked once. A corrupt file leaves an error to show instead of a blank or a guess.
 */

import { checkResults, emptyResults } from './results';
import raw from './results.json';
import type { ResultsFile } from './types';

function load(): { results: ResultsFile; error?: string } {
  try {
    // Named as the page shows it: the file, not a source path (README: "What reproduces").
    return { results: checkResults(raw, 'results.json (shipped with the app)') };
  } catch (e) {
    return { results: emptyResults(), error: (e as Error).message };
  }
}

export const SHIPPED = load();
