import { expect, test } from '@playwright/test';
import { VIEW_TITLES, VIEWS } from '../src/url/views';
import { expectNoSeriousViolations } from './helpers';

for (const view of VIEWS) {
  for (const embed of [false, true]) {
    test(`axe: ${view}${embed ? ' embed' : ''} has no serious or critical violations`, async ({ page }) => {
      await page.goto(`/?view=${view}${embed ? '&embed=1' : ''}`);
      await expect(
        page.getByRole('heading', { name: new RegExp(VIEW_TITLES[view]), level: 2 }),
      ).toBeVisible();
      if (view === 'lab') await expect(page.getByTestId('active-backend')).toBeVisible({ timeout: 90_000 });
      await page.waitForTimeout(1000); // lazy figures (charts, KaTeX) settle
      await expectNoSeriousViolations(page, `${view}${embed ? ' embed' : ''}`);
    });
  }
}
