import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { VIEW_TITLES, VIEWS } from '../src/url/views';

/** axe on the page as it stands: no serious or critical violations (moderate ones are listed). */
async function expectNoSeriousViolations(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = violations.filter((v) => !serious.includes(v));
  if (other.length > 0) console.log(`${where}: ${other.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
  expect(
    serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    where,
  ).toEqual([]);
}

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
