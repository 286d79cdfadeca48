import { expect, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';

const SHOTS = process.env.E2E_SHOTS_DIR;

/** Both nets' layer cards, with their stats and detail maps, for the inspected input. */
async function expectBothNets(page: Page, timeout = 30_000) {
  for (const id of ['sphere', 'baseline']) {
    await expect(page.getByTestId(`inside-${id}-layer-0`)).toBeVisible({ timeout });
    await expect(page.getByTestId(`inside-${id}-layer-1`)).toBeVisible({ timeout });
    await expect(page.getByTestId(`inside-${id}-detail-cos`)).toBeVisible({ timeout });
  }
}

test('a fresh page shows both nets layer by layer for a test digit within 2 s', async ({ page }) => {
  const errors = watchErrors(page);
  const t0 = Date.now();
  await page.goto('/?view=inside&digit=3');
  await expectBothNets(page);
  const ms = Date.now() - t0;
  console.log(`inside: both nets' layers shown ${ms} ms after navigation`);
  expect(ms).toBeLessThan(2000);
  await expect(page.getByTestId('inside-input')).toContainText('Test image #3');
  await expect(page.getByTestId('inside-sphere-prediction')).toContainText('predicts');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/inside-desktop.png`, fullPage: true });
  expect(errors).toEqual([]);
});
