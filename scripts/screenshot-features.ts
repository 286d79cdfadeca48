/**
 * Takes docs/screenshot-features.png: the Features view on its shipped, converged snapshot.
 * Serves a build (`--dist dist`, default) with vite preview and drives headless Chromium.
 * Options: --dist <dir> --port <n> --query "<extra URL query>" --out <png>
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '4190' },
    query: { type: 'string', default: '' },
    out: { type: 'string', default: 'docs/screenshot-features.png' },
  },
});
const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
const server = spawn(
  process.execPath,
  [vite, 'preview', '--outDir', values.dist, '--port', values.port, '--strictPort'],
  {
    stdio: 'ignore',
  },
);
try {
  const base = `http://localhost:${values.port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(base).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 120) throw new Error('vite preview did not start within 60 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(`${base}/?view=features&backend=wasm${values.query ? `&${values.query}` : ''}`);
  await page.getByTestId('features-source').waitFor();
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="features-sphere"]')?.getAttribute('data-point-count') === '2000',
    undefined,
    { timeout: 60_000 },
  );
  await page.waitForTimeout(500);
  await page.screenshot({ path: values.out, fullPage: true });
  console.log(
    `wrote ${values.out} (source: ${await page.getByTestId('features-source').getAttribute('data-source')})`,
  );
  await browser.close();
} finally {
  server.kill();
}
