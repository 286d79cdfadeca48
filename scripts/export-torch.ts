/**
 * npm run export:torch -- "<share URL or query string>" [--out FILE]
 * Writes the Lab experiment of the link as a self-contained PyTorch script (default experiment.py).
 * Every argument is checked first; a user error is one line on stderr and a non-zero exit
 * (2: bad arguments, 1: a link that does not export).
 */
import { writeFileSync } from 'node:fs';
import { ExportRefused, exportTorchFromLink, TORCH_SCRIPT_NAME } from '../src/export/exportTorch';
import { outputFileProblem } from './cliArgs';

const USAGE = 'usage: npm run export:torch -- "<share URL or query string>" [--out FILE]';

function main(argv: string[]): number {
  let out = TORCH_SCRIPT_NAME;
  const links: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') {
      const file = argv[++i];
      if (!file) {
        console.error('error: --out needs a file name');
        return 2;
      }
      out = file;
    } else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log(USAGE);
      return 0;
    } else if (argv[i].startsWith('--')) {
      console.error(`error: unknown option ${argv[i]} (${USAGE})`);
      return 2;
    } else links.push(argv[i]);
  }
  if (links.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const outProblem = outputFileProblem(out);
  if (outProblem) {
    console.error(`error: ${outProblem}`);
    return 2;
  }
  try {
    const result = exportTorchFromLink(links[0]);
    for (const notice of result.notices) console.error(notice);
    writeFileSync(out, result.source);
    console.log(`wrote ${out} (${result.query}); run: python ${out} --help`);
    return 0;
  } catch (e) {
    console.error(
      `error: ${e instanceof ExportRefused ? e.message : `could not export (${(e as Error).message})`}`,
    );
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
