import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { findClaim } from '../src/replication/claims';
import { claimHash, claimMeasures } from '../src/replication/measures';
import { checkResults, parseResults } from '../src/replication/results';
import type { MeasureResult } from '../src/replication/types';
import { watchErrors } from './helpers';

const stored = parseResults(readFileSync('src/replication/results.json', 'utf8')).claims;

async function expectAxeClean(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    where,
  ).toEqual([]);
}

/** Same measure: every field equal, floating-point statistics to 1e-12 relative. */
function expectSameMeasure(got: MeasureResult, want: MeasureResult) {
  const close = (a: unknown, b: unknown, key: string) => {
    if (typeof a === 'number' && typeof b === 'number' && a !== b)
      expect(Math.abs(a - b), `${want.id}.${key}`).toBeLessThanOrEqual(
        1e-12 * Math.max(Math.abs(a), Math.abs(b)),
      );
    else if (Array.isArray(a) && Array.isArray(b)) {
      expect(a.length, `${want.id}.${key}`).toBe(b.length);
      for (const [i, x] of a.entries()) close(x, b[i], `${key}[${i}]`);
    } else expect(a, `${want.id}.${key}`).toEqual(b);
  };
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  expect({
    verdict: got.verdict,
    effects: got.effects,
    n: got.n,
    positive: got.positive,
    test: got.test,
  }).toEqual({
    verdict: want.verdict,
    effects: want.effects,
    n: want.n,
    positive: want.positive,
    test: want.test,
  });
  for (const key of Object.keys(want) as (keyof MeasureResult)[]) close(got[key], want[key], key);
}

/** Opens a claim's rerun panel on wasm and waits for the measured estimate. */
async function openRerun(page: Page, id: string) {
  await page.goto('/?view=about&backend=wasm');
  await page.getByTestId(`claim-${id}`).getByRole('button', { name: 'Rerun with new seeds' }).click();
  const panel = page.getByTestId(`rerun-${id}`);
  await expect(panel.getByTestId('rerun-estimate')).toHaveText(/\d+ (s|min)/, { timeout: 120_000 });
  await expect(panel.getByTestId('rerun-status')).toContainText('on wasm');
  return panel;
}

for (const viewport of [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`${viewport.name}: C6 reruns with 10 new seeds, draws each seed, and downloads a results.json whose verdicts the verdict code recomputes`, async ({
    page,
  }, testInfo) => {
    const errors = watchErrors(page);
    await page.setViewportSize(viewport);
    const claim = findClaim('C6')!;
    const panel = await openRerun(page, 'C6');
    await expect(panel.getByLabel('Seeds', { exact: true })).toHaveValue(String(claim.seeds.length));
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(panel.getByTestId('rerun-result')).toBeVisible({ timeout: 120_000 });
    await expect(panel.getByTestId('rerun-seeds-done')).toHaveText(
      `${claim.seeds.length} of ${claim.seeds.length} seeds`,
    );
    for (const m of claim.measures)
      await expect(panel.getByTestId(`seed-points-${m.id}`)).toHaveAttribute(
        'data-points',
        String(claim.seeds.length),
      );
    const took = await panel.getByTestId('rerun-took').textContent();
    console.log(`${viewport.name} C6 on wasm: ${took}`);
    await panel.getByTestId('rerun-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`rerun-c6-${viewport.name}.png`) });
    await expectAxeClean(page, `C6 rerun done (${viewport.name})`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download result (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^spherelab-rerun-C6-wasm-.*\.json$/);
    const file = checkResults(JSON.parse(readFileSync((await download.path())!, 'utf8')));
    const result = file.claims.C6;
    expect(result.configHash).toBe(claimHash(claim));
    expect(result.provenance).toMatchObject({ runner: 'browser', backend: 'wasm', quick: false });
    expect(result.provenance!.seeds).toEqual(result.seeds);
    expect(result.seeds).toHaveLength(claim.seeds.length);
    for (const seed of result.seeds) expect(stored.C6.seeds).not.toContain(seed);
    expect(result.commit).toMatch(/^[0-9a-f]{7,}/);
    // The verdicts are the verdict code's on the file's own per-seed numbers: verdicts, counts and
    // effects exactly; the statistics to 1e-12 relative, because the browser's Math (Chromium's V8)
    // and Node's may round the t distribution's last bit differently (seen: p 3.5986595164368417e-20
    // in the page, 3.598659516436842e-20 in Node, on 1 run of 6).
    const recomputed = claimMeasures(claim, result.outcomes);
    for (const [i, m] of result.measures.entries()) expectSameMeasure(m, recomputed[i]);
    // … and the panel shows those verdicts.
    const badges = await panel.getByTestId('rerun-result').locator('.badge').allTextContents();
    expect(badges).toEqual(result.measures.map((m) => m.verdict));
    expect(errors).toEqual([]);
  });
}

test('a training claim shows per-seed points with the time left as they arrive, and Cancel stops it', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  const panel = await openRerun(page, 'C3');
  // A smoke run of many seeds: each seed takes seconds, long enough to watch and cancel.
  await panel.getByLabel(/Smoke run/).check();
  await expect(panel.getByTestId('rerun-estimate')).toHaveText(/\d+ (s|min)/, { timeout: 120_000 });
  await panel.getByLabel('Seeds', { exact: true }).fill('20');
  await panel.getByRole('button', { name: 'Start' }).click();
  await expect(panel.getByTestId('rerun-eta')).toHaveText(/\d+ (s|min)/);
  const first = panel.getByTestId('seed-points-lr-0.1');
  await expect(first).not.toHaveAttribute('data-points', '0', { timeout: 120_000 });
  await expect(panel).toContainText('from the measured seed times');
  await page.screenshot({ path: testInfo.outputPath('rerun-c3-running.png') });
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.locator('.rerun-panel')).toHaveAttribute('data-phase', 'cancelled');
  const atCancel = Number(await first.getAttribute('data-points'));
  expect(atCancel).toBeLessThan(20);
  await page.waitForTimeout(3000);
  // The worker is gone: no seed arrives after Cancel.
  await expect(first).toHaveAttribute('data-points', String(atCancel));
  await expect(panel).toContainText('cancelled');
  await expect(panel.getByRole('button', { name: 'Run again with new seeds' })).toBeEnabled();
  await expectAxeClean(page, 'C3 rerun cancelled');
  expect(errors).toEqual([]);
});
