/**
 * `npm run bench:features`: how long the Features view's live run from scratch (the recipe's 3,600
 * steps, the baseline CNN and the SphereNet in lockstep) takes in the browser on this machine,
 * as a user starts it: the built app in headless Chromium (vite preview, cross-origin isolated),
 * a setting with no shipped snapshot (GA-Softmax m = 1, cosine, seed 1) so that it trains live,
 * backend wasm, once per worker setting given (--workers 1,auto: the pair in one worker, then
 * split over two, src/engine/peer; the speed-up of two workers is printed when both ran). After
 * --seconds of training (default 90) it reads the view's own timing (the worker's training wall
 * time over the steps so far, src/features/eta.ts) and projects the full run. Issue 27's target:
 * ≤ 10 min. Last stdout line: one JSON object.
 * Options: --dist <dir> (dist) --port <n> (4181) --seconds <n> (90) --backend <name> (wasm)
 *          --workers <list> (1,auto)
 */
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from '@playwright/test';
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
/** Runs in order, each a fresh page: '1' keeps the pair in one worker, 'auto' may split it (src/engine/peer). */
const workerRuns = option('workers', '1,auto').split(',');
const TARGET_MS = 10 * 60_000;

/** One live run as a user starts it: ms a step, read from the view after `seconds` of training. */
async function measure(browser: Browser, workers: string) {
  const page = await browser.newPage();
  try {
    const query = `view=features&loss=ga-softmax&m=1&seed=1&backend=${backend}&workers=${workers}`;
    await page.goto(`http://localhost:${port}/?${query}`);
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
    process.stderr.write(
      `[bench:features] workers=${workers}: reading the view's timing after ${seconds} s…\n`,
    );
    await page.waitForTimeout(seconds * 1000);
    const text = (await eta.textContent()) ?? '';
    const match = text.match(
      /\((\d+) ms a step(?: on (\w+)(?: in (\d) workers)?)?, timed over steps (\d+)–(\d+) here\)/,
    );
    if (!match) throw new Error(`could not read the view's timing from: ${text}`);
    const msPerStep = Number(match[1]);
    const fullMs = msPerStep * FEATURE_TRAINING.steps;
    const run = {
      workers,
      backend: match[2] ?? backend,
      msPerStep,
      workersUsed: Number(match[3] ?? 1),
      timedSteps: [Number(match[4]), Number(match[5])],
      fullRunMinutes: Number((fullMs / 60_000).toFixed(1)),
      withinTarget: fullMs <= TARGET_MS,
    };
    console.log(
      `Features live run (${FEATURE_TRAINING.steps} steps, pair in lockstep) on ${run.backend}, workers=${workers}: ${msPerStep} ms a step over steps ${match[4]}–${match[5]} → ${run.fullRunMinutes} min (target ≤ ${TARGET_MS / 60_000} min)`,
    );
    return run;
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const server = await startPreview(root, dist, port);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    const runs: Awaited<ReturnType<typeof measure>>[] = [];
    // One page at a time, in the order given: alternate them (1,auto,1,auto) to see the noise.
    for (const w of workerRuns) runs.push(await measure(browser, w));
    const mean = (w: string) => {
      const ms = runs.filter((r) => r.workers === w).map((r) => r.msPerStep);
      return ms.length ? ms.reduce((a, b) => a + b) / ms.length : undefined;
    };
    const [one, auto] = [mean('1'), mean('auto')];
    const speedup = one && auto ? Number((one / auto).toFixed(2)) : undefined;
    if (speedup) console.log(`two workers (auto) over one: ${speedup}× (mean ms a step ${one} → ${auto})`);
    const result = {
      steps: FEATURE_TRAINING.steps,
      targetMinutes: TARGET_MS / 60_000,
      runs,
      speedupOfTwoWorkers: speedup,
      chromium: browser.version(),
    };
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
