/**
 * How the e2e tests (playwright.config.ts) and `npm run bench:browser` start Chromium: the one
 * scripts/findChromium.ts finds (CHROMIUM_PATH, a system Chromium, Playwright's cache; `npm test`
 * installs one first when there is none), headless as root, with WebGPU enabled (it needs a
 * secure context: serve on localhost).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { type FinderEnv, type FinderFs, type FindResult, findChromium } from './findChromium';

export const realFs: FinderFs = {
  isFile: (path) => {
    try {
      return existsSync(path) && statSync(path).isFile();
    } catch {
      return false;
    }
  },
  list: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
};

export function realEnv(): FinderEnv {
  return { env: process.env, home: homedir(), platform: process.platform };
}

export function findRealChromium(): FindResult {
  return findChromium(realEnv(), realFs);
}

// Undefined lets Playwright try its own default (and say what is missing) when nothing was found.
export const CHROMIUM_PATH: string | undefined = findRealChromium().found?.path;

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
