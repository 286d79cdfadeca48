/**
 * npm run export:torch -- "<share URL or query string>" [--out FILE]
 * Writes the Lab experiment of the link as a self-contained PyTorch script (default experiment.py).
 */
import { writeFileSync } from 'node:fs';
import { ExportRefused, exportTorchFromLink, TORCH_SCRIPT_NAME } from '../src/export/exportTorch';

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
      console.log('usage: npm run export:torch -- "<share URL or query string>" [--out FILE]');
      return 0;
    } else links.push(argv[i]);
  }
  if (links.length !== 1) {
    console.error('usage: npm run export:torch -- "<share URL or query string>" [--out FILE]');
    return 2;
  }
  try {
    const result = exportTorchFromLink(links[0]);
    for (const notice of result.notices) console.error(notice);
    writeFileSync(out, result.source);
    console.log(`wrote ${out} (${result.query}); run: python ${out} --help`);
    return 0;
  } catch (e) {
    if (e instanceof ExportRefused) {
      console.error(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
