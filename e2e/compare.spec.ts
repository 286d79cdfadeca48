import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { labFinding } from '../src/lab/findings';
import { checkResults } from '../src/replication/results';
import { parseUrl } from '../src/url/schema';
import { openLab } from './helpers';

// Playwright cannot import JSON modules: read the shipped results the way the app checks them.
const RESULTS_PATH = 'src/replication/results.json';
const results = checkResults(JSON.parse(readFileSync(RESULTS_PATH, 'utf8')), RESULTS_PATH);

/** The line the page should show for the Lab state in its own URL. */
const expectedFinding = (page: Page) =>
  labFinding(parseUrl(new URL(page.url()).search).state.states.lab, results);

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
