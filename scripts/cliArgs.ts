/**
 * Checks on the CLIs' output paths, run before any work: a run of minutes must not end in a stack
 * trace because its --out could never be written. Each returns one plain line, or undefined.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** `path` will be written as a file: its folder exists and is writable, and it is not a folder. */
export function outputFileProblem(path: string, flag = '--out'): string | undefined {
  const full = resolve(path);
  if (isDir(full)) return `${flag} ${path} is a folder; give a file name.`;
  const folder = dirname(full);
  if (!isDir(folder)) return `${flag} ${path}: the folder ${folder} does not exist.`;
  if (!writable(folder)) return `${flag} ${path}: the folder ${folder} is not writable.`;
  return undefined;
}

/** `path` will be a folder (created with its parents if missing): the nearest existing one must be a writable folder. */
export function outputDirProblem(path: string, flag = '--out'): string | undefined {
  let at = resolve(path);
  for (;;) {
    try {
      const st = statSync(at);
      if (!st.isDirectory()) return `${flag} ${path}: ${at} is a file, not a folder.`;
      return writable(at) ? undefined : `${flag} ${path}: the folder ${at} is not writable.`;
    } catch {
      const up = dirname(at);
      if (up === at) return `${flag} ${path}: no folder of it exists.`;
      at = up;
    }
  }
}
