/**
 * `npm run bench:features`: how long the Features view's live run from scratch (the recipe's 3,600
 * steps, the baseline CNN and the SphereNet in lockstep) takes in the browser on this machine,
 * as a user starts it: the built app in headless Chromium (vite preview, cross-origin isolated),
 * a setting with no shipped snapshot (GA-Softmax m = 1, cosine, seed 1) so that it trains live,
 * backend wasm. After --seconds of training (default 90) it reads the view's own timing (the
 * worker's training wall time over the steps so far, src/features/eta.ts) and projects the full
 * run. Issue 27's target: ≤ 10 min. Last stdout line: one JSON object.
 * Options: --dist <dir> (dist) --port <n> (4181) --seconds <n> (90) --backend <name> (wasm)
 */
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { FEATURE_TRAINING } from '../src/features/runs';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';
import { startPreview } from './previewServer';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = option('dist', 'dist');
const port = Number(option('port', '4181'));
const seconds = Number(option('seconds', '90'));
const backend = option('backend', 'wasm');
const TARGET_MS = 10 * 60_000;

async function main(): Promise<void> {
  const server = await startPreview(root, dist, port);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${port}/?view=features&loss=ga-softmax&m=1&seed=1&backend=${backend}`);
    const source = page.getByTestId('features-source');
    // 'loading' while the view looks for a snapshot; then 'live' (or 'shipped').
    await page.waitForFunction(
      () => {
        const kind = document.querySelector('[data-testid="features-source"]')?.getAttribute('data-source');
        return kind !== undefined && kind !== null && kind !== 'loading';
      },
      undefined,
      { timeout: 120_000 },
    );
    const kind = await source.getAttribute('data-source');
    if (kind !== 'live') throw new Error(`this setting should train live, but the view shows '${kind}'`);
    const eta = page.getByTestId('features-eta');
    await eta.getByText(/ms a step/).waitFor({ timeout: 180_000 });
    process.stderr.write(`[bench:features] training; reading the view's timing after ${seconds} s…\n`);
    await page.waitForTimeout(seconds * 1000);
    const text = (await eta.textContent()) ?? '';
    const match = text.match(/\((\d+) ms a step(?: on (\w+))?, timed over steps (\d+)–(\d+) here\)/);
    if (!match) throw new Error(`could not read the view's timing from: ${text}`);
    const msPerStep = Number(match[1]);
    const fullMs = msPerStep * FEATURE_TRAINING.steps;
    const result = {
      backend: match[2] ?? backend,
      msPerStep,
      timedSteps: [Number(match[3]), Number(match[4])],
      steps: FEATURE_TRAINING.steps,
      fullRunMinutes: Number((fullMs / 60_000).toFixed(1)),
      targetMinutes: TARGET_MS / 60_000,
      withinTarget: fullMs <= TARGET_MS,
      chromium: browser.version(),
    };
    console.log(
      `Features live run (${FEATURE_TRAINING.steps} steps, pair in lockstep) on ${result.backend}: ${msPerStep} ms a step over steps ${match[3]}–${match[4]} → ${result.fullRunMinutes} min (target ≤ ${result.targetMinutes} min)`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
