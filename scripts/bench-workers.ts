/**
 * `npm run bench:workers`: what the second worker (src/engine/peer) buys in the browser. The built
 * app in headless Chromium (vite preview, cross-origin isolated), Lab on wasm, each preset's pair
 * trained from a fresh page with `workers=1` (one worker) and `workers=auto` (one net per core),
 * alternately: steps per second of wall time from the page's step counter, after a warm-up.
 * Issue 27's target: two workers ≥ 1.7× one on two cores. Before each round it prints the
 * machine's parallel capacity (./parallelCapacity.ts: 2 when two threads each get a full core), as
 * a shared VM's second core comes and goes. Last stdout line: one JSON object.
 * Options: --dist <dir> (dist) --port <n> (4182) --seconds <n> (20) --rounds <n> (2)
 *          --queries <list> (Lab default; ';'-separated query strings after view=lab&backend=wasm;
 *          a preset needs its settings too, e.g. 'preset=learnable-k&op=learnable-sigmoid&norm=bn':
 *          `preset=` alone only names it)
 */
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';
import { parallelCapacity } from './parallelCapacity';
import { startPreview } from './previewServer';

const args = process.argv.slice(2);
const option = (_: string[], name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = option(args, 'dist', 'dist');
const port = Number(option(args, 'port', '4182'));
const seconds = Number(option(args, 'seconds', '20'));
const rounds = Number(option(args, 'rounds', '2'));
const queries = option(args, 'queries', '').split(';');
const WARMUP_STEPS = 5;

const stepOf = async (page: Page) =>
  Number(((await page.getByLabel('Current step').textContent()) ?? '').replace(/\D+/g, '') || 0);

/** Steps per second of one pair on a fresh page, and whether the page said it split the pair. */
async function measure(browser: Browser, query: string, workers: string) {
  const page = await browser.newPage();
  try {
    await page.goto(
      `http://localhost:${port}/?view=lab&backend=wasm&workers=${workers}${query ? `&${query}` : ''}`,
    );
    await page.getByTestId('dataset-summary').getByText(/train/).waitFor({ timeout: 120_000 });
    const train = page.getByRole('button', { name: 'Train' });
    await train.click();
    const deadline = Date.now() + 120_000;
    while ((await stepOf(page)) < WARMUP_STEPS && Date.now() < deadline) await page.waitForTimeout(100);
    const [s0, t0] = [await stepOf(page), Date.now()];
    await page.waitForTimeout(seconds * 1000);
    const [s1, t1] = [await stepOf(page), Date.now()];
    const split = (await page.getByTestId('worker-count').count()) > 0;
    return { query, workers, split, steps: s1 - s0, stepsPerSecond: ((s1 - s0) * 1000) / (t1 - t0) };
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const server = await startPreview(root, dist, port);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    const runs: Awaited<ReturnType<typeof measure>>[] = [];
    const capacities: number[] = [];
    for (const query of queries)
      for (let r = 0; r < rounds; r++) {
        // What two threads get from the machine at this moment (2: two full cores).
        const capacity = await parallelCapacity();
        capacities.push(Number(capacity.toFixed(2)));
        console.log(`parallel capacity before this round: ${capacity.toFixed(2)} cores`);
        for (const workers of ['1', 'auto']) {
          const run = await measure(browser, query, workers);
          runs.push(run);
          console.log(
            `${query || 'Lab default'}, workers=${workers}${run.split ? ' (split)' : ''}: ${run.stepsPerSecond.toFixed(2)} steps/s (${run.steps} steps)`,
          );
        }
      }
    const summary = queries.map((query) => {
      const mean = (w: string) => {
        const v = runs.filter((r) => r.query === query && r.workers === w).map((r) => r.stepsPerSecond);
        return v.reduce((a, b) => a + b, 0) / v.length;
      };
      const speedup = mean('auto') / mean('1');
      console.log(`${query || 'Lab default'}: two workers ÷ one = ${speedup.toFixed(2)} (target ≥ 1.7)`);
      return { query, oneWorker: mean('1'), twoWorkers: mean('auto'), speedup: Number(speedup.toFixed(3)) };
    });
    console.log(
      JSON.stringify({ cores: await coresOf(browser), capacities, seconds, rounds, runs, summary }),
    );
  } finally {
    await browser.close();
    server.kill();
  }
}

async function coresOf(browser: Browser): Promise<number> {
  const page = await browser.newPage();
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await page.close();
  return cores;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
