import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { currentStep, watchErrors } from './helpers';

const PLOTS = ['baseline', 'sphere'] as const;
// C4's seed count as stored (read from disk: Playwright's loader cannot import JSON modules).
const C4_SEEDS: number = JSON.parse(readFileSync('src/replication/results.json', 'utf8')).claims.C4.seeds
  .length;

async function pointCount(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId(`features-${id}`).getAttribute('data-point-count'));
}

async function pixels(page: Page, id: string): Promise<string> {
  return page.getByTestId(`features-${id}`).evaluate((c) => (c as HTMLCanvasElement).toDataURL());
}

const source = (page: Page) => page.getByTestId('features-source');
const stepShown = async (page: Page) =>
  Number(((await page.getByTestId('training-step').textContent()) ?? '').replace(/\D+/g, ''));
const percent = async (page: Page, id: string) =>
  Number(((await page.getByTestId(`accuracy-${id}`).textContent()) ?? '').replace('%', ''));

test('opens on the shipped, converged snapshot without training, and the slider scrubs both nets', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const t0 = Date.now();
  await page.goto('/?view=features&backend=wasm');
  await expect(source(page)).toHaveAttribute('data-source', 'shipped', { timeout: 30_000 });
  for (const id of PLOTS) await expect.poll(() => pointCount(page, id)).toBe(2000);
  console.log(`Features view: shipped snapshot drawn ${Date.now() - t0} ms after navigation`);
  await expect(source(page)).toContainText('shipped run');
  await expect(source(page)).toContainText('seed 1');
  await expect(source(page)).toContainText('3,600 steps');
  expect(await stepShown(page)).toBe(3600);
  for (const id of PLOTS) {
    await expect(page.getByTestId(`accuracy-${id}`)).toHaveText(/%$/);
    await expect(page.getByTestId(`margin-${id}`)).toHaveText(/°$/);
  }
  const converged = { baseline: await percent(page, 'baseline'), sphere: await percent(page, 'sphere') };
  // Issue 13's bar: both nets of the default (shipped) run at 97% or more on the 2,000 test digits.
  for (const id of PLOTS) expect(converged[id]).toBeGreaterThanOrEqual(97);
  const last = await pixels(page, 'sphere');

  const slider = page.getByLabel(/Training step/);
  await slider.focus();
  await page.keyboard.press('Home');
  expect(await stepShown(page)).toBe(0);
  for (const id of PLOTS) expect(await percent(page, id)).toBeLessThan(converged[id]);
  expect(await pixels(page, 'sphere')).not.toBe(last);
  await page.keyboard.press('ArrowRight');
  expect(await stepShown(page)).toBeGreaterThan(0);

  // Play walks through the checkpoints by itself.
  await page.getByRole('button', { name: 'Play training' }).click();
  const playedFrom = await stepShown(page);
  await expect.poll(() => stepShown(page), { timeout: 10_000 }).toBeGreaterThan(playedFrom);
  await page.getByRole('button', { name: 'Pause the training animation' }).click();
  // Nothing trains in the browser while the shipped run is shown.
  expect(await page.getByLabel('Current step').count()).toBe(0);
  expect(errors).toEqual([]);
});

test('switching m switches snapshots; a setting without one trains live and says why', async ({ page }) => {
  await page.goto('/?view=features&backend=wasm');
  await expect(source(page)).toHaveAttribute('data-source', 'shipped', { timeout: 30_000 });
  const softmaxMargin = await page.getByTestId('margin-sphere').textContent();
  await page.getByLabel('Loss').selectOption('ga-softmax');
  await page.getByLabel('Margin m').fill('4');
  await expect(page).toHaveURL(/m=4/);
  await expect(source(page)).toHaveAttribute('data-source', 'shipped');
  await expect(page.getByTestId('margin-sphere')).not.toHaveText(softmaxMargin ?? '');
  const m4 = await page.getByTestId('margin-sphere').textContent();
  await page.getByLabel('Margin m').fill('2');
  await expect(page).toHaveURL(/m=2/);
  await expect(source(page)).toHaveAttribute('data-source', 'shipped');
  await expect(page.getByTestId('margin-sphere')).not.toHaveText(m4 ?? '');

  // Seed 5 has no snapshot: live training starts by itself, with the reason in words (no file key).
  await page.getByLabel('Seed').fill('5');
  await expect(source(page)).toHaveAttribute('data-source', 'live', { timeout: 30_000 });
  const notice = page.getByTestId('features-notice');
  await expect(notice).toContainText('No snapshot ships for this setting');
  await expect(notice).toContainText('GA-Softmax m = 2, seed 5');
  expect(await notice.textContent()).not.toMatch(/seed\d|-k0\./);
  // Its length and, once a few steps are timed in the worker, how long it takes here.
  const eta = page.getByTestId('features-eta');
  await expect(eta).toContainText('3,600 steps');
  await expect(page.getByTestId('features-eta-total')).toHaveText(/^about \d/, { timeout: 180_000 });
  const shorter = page.getByRole('button', { name: /^Shorter run: [\d,]+ steps \(about/ });
  const steps = ((await shorter.textContent()) ?? '').match(/([\d,]+) steps/)?.[1];
  await shorter.click();
  await expect(source(page)).toContainText(`stopping at ${steps} steps`);
  await expect(eta).toContainText(`This run has ${steps} steps`);
  await expect(page.getByRole('button', { name: /^Full run: 3,600 steps/ })).toBeVisible();
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
});

test('beside the plots: claim C4’s verdict for the loss on screen, in words with its numbers', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?view=features&backend=wasm');
  await expect(source(page)).toHaveAttribute('data-source', 'shipped', { timeout: 30_000 });
  const finding = page.getByTestId('features-finding');
  await expect(finding).toContainText('claim C4');
  await expect(page.getByTestId('features-finding-summary')).toContainText('Under softmax');
  await expect(finding).toContainText(new RegExp(`95% CI .* \\(${C4_SEEDS} seeds`));
  await page.getByLabel('Loss').selectOption('ga-softmax');
  await expect(page.getByTestId('features-finding-summary')).toContainText('Under GA-Softmax m = 1');
  // Beside, not below, at 1440 px: the panel's left edge is right of the SphereNet plot.
  const plot = await page.getByTestId('features-sphere').boundingBox();
  const box = await finding.boundingBox();
  expect(box && plot && box.x).toBeGreaterThan((plot?.x ?? 0) + (plot?.width ?? 0) - 1);
});

test('Train live retrains from scratch; Continue starts from the final weights', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?view=features&backend=wasm');
  await expect(source(page)).toHaveAttribute('data-source', 'shipped', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Train live (from scratch)' }).click();
  await expect(source(page)).toHaveAttribute('data-source', 'live');
  await expect(source(page)).toContainText('your live run');
  await expect(source(page)).toContainText('from scratch');
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('features-step')).toBeVisible({ timeout: 60_000 });

  await page.getByRole('button', { name: 'Continue from the final weights' }).click();
  await expect(source(page)).toContainText('continued from the shipped run');
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  // Continuing from converged weights: accuracy is already high at the first live features.
  await expect.poll(() => percent(page, 'baseline'), { timeout: 60_000 }).toBeGreaterThan(80);
  await expect(page.getByTestId('features-step')).toContainText(/step 3,6\d\d/);

  await page.getByRole('button', { name: 'Show the shipped run' }).click();
  await expect(source(page)).toHaveAttribute('data-source', 'shipped');
  expect(errors).toEqual([]);
});

test('a missing or corrupt snapshot file falls back to live training with a notice', async ({ page }) => {
  await page.route('**/features/*.bin.gz', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('/?view=features&backend=wasm');
  await expect(source(page)).toHaveAttribute('data-source', 'live', { timeout: 30_000 });
  await expect(page.getByTestId('features-notice')).toContainText('missing (HTTP 404)');
  await expect(page.getByTestId('features-notice')).toContainText('Training live instead');
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  for (const id of PLOTS)
    await expect.poll(() => pointCount(page, id), { timeout: 60_000 }).toBeGreaterThanOrEqual(500);

  await page.unroute('**/features/*.bin.gz');
  await page.route('**/features/*.bin.gz', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/octet-stream',
      body: Buffer.from('garbage, not a snapshot'),
    }),
  );
  await page.goto('/?view=features&backend=wasm&seed=1&loss=ga-softmax&m=4');
  await expect(source(page)).toHaveAttribute('data-source', 'live', { timeout: 30_000 });
  await expect(page.getByTestId('features-notice')).toContainText('not a Features snapshot');
});

test('hover shows the digit and both predictions; a legend click highlights a class in both plots', async ({
  page,
}) => {
  await page.goto('/?view=features&backend=wasm');
  await expect(source(page)).toHaveAttribute('data-source', 'shipped', { timeout: 30_000 });
  const canvas = page.getByTestId('features-sphere');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the sphere plot has no box');
  const hover = page.getByTestId('digit-hover');
  for (let gy = 1; gy < 24 && !(await hover.isVisible()); gy++) {
    for (let gx = 1; gx < 24; gx++) {
      await page.mouse.move(box.x + (box.width * gx) / 24, box.y + (box.height * gy) / 24);
      if (await hover.isVisible()) break;
    }
  }
  await expect(hover).toBeVisible();
  await expect(page.getByTestId('hover-label')).toHaveText(/^\d$/);
  await expect(hover.getByRole('img', { name: /Test digit \d+/ })).toBeVisible({ timeout: 30_000 });
  await expect(hover).toContainText('Baseline CNN');
  await expect(hover).toContainText('SphereNet');
  await page.mouse.move(0, 0);

  const before = { baseline: await pixels(page, 'baseline'), sphere: await pixels(page, 'sphere') };
  const seven = page.getByRole('button', { name: 'Highlight digit 7' });
  await seven.click();
  await expect(seven).toHaveAttribute('aria-pressed', 'true');
  for (const id of PLOTS) expect(await pixels(page, id)).not.toBe(before[id]);
  await page.getByLabel('normalized (on the unit circle)').check();
  await expect(page).toHaveURL(/proj=unit/);
  await seven.click();
  await expect(seven).toHaveAttribute('aria-pressed', 'false');
});

test('scrubbing redraws both plots fast enough (logs frames per second)', async ({ page }) => {
  await page.goto('/?view=features&backend=wasm');
  await expect(source(page)).toHaveAttribute('data-source', 'shipped', { timeout: 30_000 });
  // Each frame: move the slider one checkpoint (a React update of both 2,000-point plots, their
  // histograms and measures), then wait for the next animation frame, i.e. until it is painted.
  const result = await page.getByLabel(/Training step/).evaluate(async (el) => {
    const input = el as HTMLInputElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const max = Number(input.max);
    const frames = 120;
    const t0 = performance.now();
    for (let f = 0; f < frames; f++) {
      const i = f % (2 * max);
      setValue.call(input, String(i <= max ? i : 2 * max - i));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    }
    return { frames, ms: performance.now() - t0 };
  });
  const fps = (1000 * result.frames) / result.ms;
  console.log(
    `Features scrub: ${result.frames} redraws of 2 × 2,000 points in ${result.ms.toFixed(0)} ms = ${fps.toFixed(1)} frames/s`,
  );
  test.info().annotations.push({ type: 'scrub-fps', description: fps.toFixed(1) });
  // The target is 30 frames/s (README figure); the floor here only catches a pathological
  // regression (e.g. refetching per frame) on a loaded CI machine. Override with FEATURES_MIN_FPS.
  expect(fps).toBeGreaterThanOrEqual(Number(process.env.FEATURES_MIN_FPS ?? 10));
});

test('About’s C4 links open the claim’s own recipe (convs 8/16, 400 steps), trained live at once', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/?view=about&backend=wasm');
  await page.getByRole('link', { name: 'Open GA-Softmax m = 2 in Features' }).click();
  await expect(page).toHaveURL(/recipe=claim/);
  await expect(page).toHaveURL(/m=2/);
  await expect(page.getByLabel('Recipe')).toHaveValue('claim');
  await expect(source(page)).toHaveAttribute('data-source', 'live', { timeout: 30_000 });
  await expect(source(page)).toContainText('stopping at 400 steps');
  await expect(source(page)).toContainText("claim C4's recipe: convs 8/16, Adam 0.003, batch 32, 400 steps");
  await expect(page.getByTestId('features-eta')).toContainText('This run');
  await expect(page.getByTestId('features-eta')).toContainText('400 steps');
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(20);
  // Back to the view's own recipe: its 3,600-step run (no snapshot ships for sigmoid, seed 101).
  await page.getByLabel('Recipe').selectOption('view');
  await expect(source(page)).toContainText('No snapshot ships for this setting', { timeout: 30_000 });
  await expect(source(page)).toContainText('stopping at 3,600 steps');
  expect(errors).toEqual([]);
});
