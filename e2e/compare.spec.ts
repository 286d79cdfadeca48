import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { labFinding } from '../src/lab/findings';
import { findClaim } from '../src/replication/claims';
import { formatMeasure, presetBlurb } from '../src/replication/format';
import { claimLinks } from '../src/replication/links';
import { checkResults } from '../src/replication/results';
import { MIN_GHOST_STEPS as MIN_STEPS } from '../src/ui/lab/ghosts';
import { parseUrl } from '../src/url/schema';
import { VIEWS } from '../src/url/views';
import { openLab, trainUntil, watchErrors } from './helpers';

// Playwright cannot import JSON modules: read the shipped results the way the app checks them.
const RESULTS_PATH = 'src/replication/results.json';
const results = checkResults(JSON.parse(readFileSync(RESULTS_PATH, 'utf8')), RESULTS_PATH);

/** The line the page should show for the Lab state in its own URL. */
const expectedFinding = (page: Page) =>
  labFinding(parseUrl(new URL(page.url()).search).state.states.lab, results);

/**
 * Trains a run that leaves an accuracy ghost: its step-0 accuracy measured first (pressing Train
 * before it lands cuts it short, which a loaded machine makes likely) and one scheduled evaluation
 * (every 50 steps in the Lab), so the faded accuracy curve has a line to draw, not a lone point.
 */
async function trainGhostableRun(page: Page): Promise<void> {
  for (const id of ['sphere', 'baseline']) {
    await expect(page.getByTestId(`acc-${id}`)).toHaveText(/%$/, { timeout: 60_000 });
  }
  await trainUntil(page, Math.max(MIN_STEPS, 51));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

test('each preset shows what the replication found for it, under the charts', async ({ page }) => {
  await openLab(page, 'backend=wasm', 'wasm');
  const finding = page.getByTestId('lab-finding');
  // The default Lab: convergence is not shown at this scale, said where the curves are.
  await expect(finding).toContainText(expectedFinding(page));
  await expect(finding).toContainText('does not show “SphereNets converge faster”');

  await page.getByRole('button', { name: 'Large learning rate' }).click();
  await expect(page).toHaveURL(/preset=large-lr/);
  await expect(finding).toContainText(expectedFinding(page));
  // C3 at lr 1, from results.json: the CNN's collapse and the SphereNet's accuracy.
  const finals = (model: string) =>
    results.claims.C3.outcomes.map((o) => {
      const m = o.runs['lr-1'][model];
      return m.divergedAt === null ? m.finalAccuracy : 0.1;
    });
  const collapsed = finals('baseline').filter((a) => a <= 0.11).length;
  await expect(finding).toContainText(`SphereNet ${pct(mean(finals('sphere')))}`);
  await expect(finding).toContainText(
    `Baseline CNN ${pct(mean(finals('baseline')))} (at chance on ${collapsed} of ${finals('baseline').length} seeds)`,
  );
  await page.setViewportSize({ width: 1440, height: 900 });
  await finding.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('finding-desktop.png') });
});

test('every preset’s blurb and finding line state the stored results (results.json)', async ({ page }) => {
  test.setTimeout(300_000);
  await openLab(page, 'backend=wasm', 'wasm');
  const titles = [
    ...(await page.getByRole('group', { name: 'Paper presets' }).getByRole('button').allTextContents()),
    ...(await page.getByRole('group', { name: 'Recurrent presets' }).getByRole('button').allTextContents()),
  ];
  expect(titles.length).toBeGreaterThanOrEqual(8);
  const finding = page.getByTestId('lab-finding');
  for (const title of titles) {
    await page.getByRole('button', { name: title, exact: true }).click();
    await expect(page).toHaveURL(/preset=/);
    const id = new URL(page.url()).searchParams.get('preset')!;
    await expect(finding, title).toContainText(expectedFinding(page));
    // The measured part of the blurb: the claim's own measure, with its stored numbers.
    const measured = presetBlurb(id, '', results).trim();
    if (measured) await expect(page.getByTestId('preset-blurb'), title).toContainText(measured);
    // And the claim behind the preset: each of its run's verdicts, numbers as stored.
    const claim = findClaim(Object.keys(results.claims).find((c) => findClaim(c)?.preset === id) ?? '');
    if (claim?.link.view !== 'lab') continue;
    const run = claim.link.run;
    for (const m of claim.measures.filter((x) => x.run === run)) {
      const stored = results.claims[claim.id].measures.find((x) => x.id === m.id)!;
      if (stored.verdict === 'diagnostic') continue;
      await expect(finding, `${title}: ${m.id}`).toContainText(formatMeasure(stored, m.unit));
    }
  }
});

test('moving k keeps the previous run as a labelled ghost; Clear removes it', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await openLab(page, 'width=8&bs=16&seed=3&backend=wasm', 'wasm');
  await trainGhostableRun(page);
  await expect(page.getByTestId('ghosts')).toHaveCount(0);
  // Lockstep speed: one figure for the pair, and each model's share of the step time beside it.
  // With two cores the nets train side by side in two workers (src/engine/peer): a step takes the
  // slower one's time, which is its 100%; in one worker the two shares add up to 100%.
  const split = (await page.evaluate(() => navigator.hardwareConcurrency)) >= 2;
  await expect(page.getByTestId('throughput')).toContainText(
    split
      ? /Both models, in lockstep, side by side in 2 workers: \d+ images\/s on wasm/
      : /Both models, in lockstep: \d+ images\/s on wasm/,
  );
  const shares = await Promise.all(
    ['sphere', 'baseline'].map(async (id) =>
      Number((await page.getByTestId(`share-${id}`).textContent())!.replace('%', '')),
    ),
  );
  for (const share of shares) expect(share).toBeGreaterThan(0);
  if (split) expect(Math.max(...shares)).toBe(100);
  else expect(Math.abs(shares[0] + shares[1] - 100)).toBeLessThanOrEqual(1);
  for (const [name, size] of [
    ['desktop', { width: 1440, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.getByTestId('throughput').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`throughput-${name}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole('slider', { name: 'k' }).fill('0.5');
  await expect(page).toHaveURL(/k=0\.5/);
  const labels = page.getByTestId('ghost-label');
  await expect(labels).toHaveText(['k 0.3']);
  // Faded dashed curves of the earlier run: one smoothed loss line per model, one accuracy line per model.
  const dashed = (chart: string) =>
    page.getByLabel(chart).locator('path.recharts-line-curve[stroke-dasharray]');
  await expect(dashed('Training loss chart')).toHaveCount(2);
  await expect(dashed('Test accuracy chart')).toHaveCount(2);
  for (const d of await dashed('Training loss chart').evaluateAll((ps) =>
    ps.map((p) => p.getAttribute('d') ?? ''),
  )) {
    expect(d.length).toBeGreaterThan(20);
    expect(d).not.toContain('NaN');
  }
  // Each earlier run has its own dash pattern, shown beside its label.
  const patterns = await dashed('Training loss chart').evaluateAll((ps) =>
    ps.map((p) => p.getAttribute('stroke-dasharray')),
  );
  const chip = await page.getByTestId('ghosts').locator('li line').first().getAttribute('stroke-dasharray');
  expect(patterns).toEqual([chip, chip]);

  // A second restart: both ghosts are labelled against the run on screen now.
  await trainGhostableRun(page);
  await page.getByLabel('Operator').selectOption('cosine');
  await expect(labels).toHaveText(['sigmoid', 'sigmoid, k 0.3']);
  const twoRuns = await dashed('Training loss chart').evaluateAll((ps) =>
    ps.map((p) => p.getAttribute('stroke-dasharray')),
  );
  expect(new Set(twoRuns).size).toBe(2);
  for (const [name, size] of [
    ['desktop', { width: 1440, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.getByTestId('ghosts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`ghosts-${name}.png`) });
  }
  await page.getByRole('button', { name: 'Clear earlier runs' }).click();
  await expect(page.getByTestId('ghosts')).toHaveCount(0);
  await expect(dashed('Training loss chart')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('About links each learning rate of C3 to its own Lab setting, with that run’s finding', async ({
  page,
}) => {
  await page.goto('/?view=about');
  const row = page.getByTestId('claim-C3');
  const links = row.locator('.claim-links a');
  // One link per Lab-openable run its measures use (lr 0.1 / 0.3 / 1), as replication/links.ts lists them.
  await expect(links).toHaveCount(claimLinks(findClaim('C3')!, results.claims.C3).length);
  await page.setViewportSize({ width: 1440, height: 900 });
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('about-links-desktop.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('about-links-phone.png') });
  // The Lab's shoot-out trains a model C5 did not: the link says so.
  await expect(page.getByTestId('claim-C5')).toContainText(/the Lab also trains SphereNet learnable sigmoid/);
  await row.getByRole('link', { name: 'Open lr 0.3 in the Lab' }).click();
  await expect(page).toHaveURL(/view=lab/);
  await expect(page).toHaveURL(/lr=0\.3(&|$)/);
  const finding = page.getByTestId('lab-finding');
  await expect(finding).toContainText(expectedFinding(page));
  await expect(finding).toContainText('lr 0.3:');
});

test('no view shows a source path or an npm command', async ({ page }) => {
  // Every view (VIEWS), the landing tour and Inside included, and the Features claim recipe's words.
  const views = [...VIEWS, 'features&recipe=claim'];
  for (const view of views) {
    await page.goto(`/?view=${view}&backend=wasm`);
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    // Texts that arrive late are in before reading: the Features banner, the Lab's recipe note.
    if (view === 'features')
      await expect(page.getByText(/You are looking at the shipped run/)).toBeVisible({ timeout: 60_000 });
    if (view === 'lab') {
      await page.getByRole('button', { name: 'Paper recipe' }).click();
      await expect(page.getByLabel('Paper recipe details')).toBeVisible();
    }
    // textContent: closed <details> and collapsed panels count too.
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text, view).not.toMatch(/\bnpm (run|install|test|start)\b/);
    expect(text, view).not.toMatch(/\b(src|scripts|public)\/[\w./-]+/);
    expect(text, view).not.toMatch(/\b[\w-]+\.tsx?\b/);
  }
});
