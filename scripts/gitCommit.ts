/**
 * The short commit of the working tree, "+changes" when tracked files differ from it (results
 * record which code produced them; results.json itself is not a code change: a parallel run may be writing it).
 */
import { execSync } from 'node:child_process';

export function gitCommit(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync(
      'git status --porcelain --untracked-files=no -- . ":!src/replication/results.json"',
      { encoding: 'utf8' },
    ).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
