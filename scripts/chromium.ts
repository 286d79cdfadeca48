/**
 * How the e2e tests (playwright.config.ts) and `npm run bench:browser` start Chromium: Debian's
 * system package (Playwright's own browser download is not available here; CHROMIUM_PATH picks
 * another), headless as root, with WebGPU enabled (it needs a secure context: serve on localhost).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
