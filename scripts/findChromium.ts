/**
 * Where a Chromium for the e2e tests and bench:browser lives, and what to do when there is none.
 * Pure logic: the file system and the environment come in as arguments, so the unit tests can
 * play a bare machine (scripts/findChromium.test.ts). scripts/ensureChromium.ts does the real I/O.
 */
import { join } from 'node:path';

export interface FinderFs {
  /** True when `path` is an existing file (an executable, we assume, when it has a browser's name). */
  isFile(path: string): boolean;
  /** Entries of a directory, or [] when it is missing. */
  list(dir: string): string[];
}

export interface FinderEnv {
  env: Record<string, string | undefined>;
  /** The user's home directory (Playwright's cache lives under it). */
  home: string;
  platform: NodeJS.Platform;
}

export type ChromiumSource = 'CHROMIUM_PATH' | 'system' | 'playwright-cache';

export interface FoundChromium {
  path: string;
  source: ChromiumSource;
}

export interface FindResult {
  found?: FoundChromium;
  /** Why a candidate was passed over (e.g. CHROMIUM_PATH names a missing file): shown to people. */
  notes: string[];
}

/** System browsers, in order of preference, looked up on PATH. */
export const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function onPath(name: string, env: FinderEnv, fs: FinderFs): string | undefined {
  const sep = env.platform === 'win32' ? ';' : ':';
  for (const dir of (env.env.PATH ?? '').split(sep)) {
    if (dir === '') continue;
    const path = join(dir, name);
    if (fs.isFile(path)) return path;
  }
  return undefined;
}

/** Playwright's download folder: PLAYWRIGHT_BROWSERS_PATH, else the per-OS default cache. */
export function playwrightCacheDir(env: FinderEnv): string {
  const custom = env.env.PLAYWRIGHT_BROWSERS_PATH;
  if (custom && custom !== '0') return custom;
  if (env.platform === 'darwin') return join(env.home, 'Library', 'Caches', 'ms-playwright');
  if (env.platform === 'win32') return join(env.env.LOCALAPPDATA ?? env.home, 'ms-playwright');
  return join(env.env.XDG_CACHE_HOME ?? join(env.home, '.cache'), 'ms-playwright');
}

/** The executable inside one of Playwright's browser folders (layouts differ by version and OS). */
const CACHE_LAYOUTS: Record<string, string[]> = {
  linux: ['chrome-linux64/chrome', 'chrome-linux/chrome'],
  darwin: [
    'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
    'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
  ],
  win32: ['chrome-win64/chrome.exe', 'chrome-win/chrome.exe'],
};

function revisionOf(dir: string): number {
  return Number(dir.slice('chromium-'.length)) || 0;
}

function inPlaywrightCache(env: FinderEnv, fs: FinderFs): string | undefined {
  const root = playwrightCacheDir(env);
  // chromium-1187, chromium-1200…: the newest revision first (headless-shell folders are not full browsers).
  const dirs = fs
    .list(root)
    .filter((d) => /^chromium-\d+$/.test(d))
    .sort((a, b) => revisionOf(b) - revisionOf(a));
  const layouts = CACHE_LAYOUTS[env.platform] ?? CACHE_LAYOUTS.linux;
  for (const dir of dirs) {
    for (const layout of layouts) {
      const path = join(root, dir, layout);
      if (fs.isFile(path)) return path;
    }
  }
  return undefined;
}

/** CHROMIUM_PATH; then a system chromium, chromium-browser or google-chrome; then Playwright's cache. */
export function findChromium(env: FinderEnv, fs: FinderFs): FindResult {
  const notes: string[] = [];
  const explicit = env.env.CHROMIUM_PATH;
  if (explicit) {
    if (fs.isFile(explicit)) return { found: { path: explicit, source: 'CHROMIUM_PATH' }, notes };
    notes.push(`CHROMIUM_PATH=${explicit} is not a file; looking elsewhere`);
  }
  for (const name of SYSTEM_NAMES) {
    const path = onPath(name, env, fs);
    if (path) return { found: { path, source: 'system' }, notes };
  }
  const cached = inPlaywrightCache(env, fs);
  if (cached) return { found: { path: cached, source: 'playwright-cache' }, notes };
  return { notes };
}

/** What a machine without a Chromium can do about it, in the order ensureChromium tries them. */
export interface SetupFacts {
  /** Playwright's download host answered within a few seconds. */
  downloadReachable: boolean;
  /** /etc/debian_version exists (Debian, Ubuntu and their children). */
  debian: boolean;
  root: boolean;
  /** apt-get is on PATH. */
  aptGet: boolean;
}

export type SetupStep = 'playwright-install' | 'apt-install';

/** The installs worth trying, in order (the next one runs when one fails); [] means stop now. */
export function setupSteps(facts: SetupFacts): SetupStep[] {
  const steps: SetupStep[] = [];
  if (facts.downloadReachable) steps.push('playwright-install');
  if (facts.debian && facts.root && facts.aptGet) steps.push('apt-install');
  return steps;
}

export const PLAYWRIGHT_INSTALL = 'npx playwright install chromium';
export const APT_INSTALL =
  'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core';

/** The message when nothing worked: every way out, as commands to copy. */
export function stopMessage(facts: SetupFacts, notes: string[]): string {
  const lines = [
    'No Chromium found for the browser tests (looked at CHROMIUM_PATH, chromium / chromium-browser /',
    "google-chrome on PATH, and Playwright's browser cache).",
    ...notes.map((n) => `  note: ${n}`),
    'Run one of these, then `npm test` again:',
  ];
  lines.push(
    `  ${PLAYWRIGHT_INSTALL}${facts.downloadReachable ? '' : '   (needs access to Playwright’s download host)'}`,
  );
  if (facts.debian) lines.push(`  sudo sh -c '${APT_INSTALL}'`);
  else lines.push('  install Chromium or Google Chrome with your package manager');
  lines.push('  export CHROMIUM_PATH=/path/to/chromium   (a browser you already have)');
  return lines.join('\n');
}
