import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Collects console errors and page errors; assert on them at the end of a test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

export async function currentStep(page: Page): Promise<number> {
  const text = (await page.getByLabel('Current step').textContent()) ?? '';
  return Number(text.replace(/\D+/g, '') || 0);
}

/** Opens the Lab with URL settings and waits for the backend and the data. */
export async function openLab(page: Page, query: string, backend: string): Promise<void> {
  await page.goto(`/?view=lab&${query}`);
  await expect(page.getByTestId('active-backend')).toHaveText(backend, { timeout: 90_000 });
  await expect(page.getByTestId('dataset-summary')).toContainText('train', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled({ timeout: 60_000 });
}

export async function trainUntil(page: Page, steps: number, timeout = 240_000): Promise<void> {
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => currentStep(page), { timeout, intervals: [500] }).toBeGreaterThanOrEqual(steps);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
}

export async function lossOf(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId(`loss-${id}`).textContent());
}

/** axe on the page as it stands: no serious or critical violations (moderate ones are listed). */
export async function expectNoSeriousViolations(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = violations.filter((v) => !serious.includes(v));
  if (other.length > 0) console.log(`${where}: ${other.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
  expect(
    serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    where,
  ).toEqual([]);
}

/**
 * For the failure message: the outermost elements reaching past the viewport (their parent does
 * not), skipping KaTeX's visually hidden MathML copy, which is clipped to 1 px.
 */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const past = (el: Element | null) => !!el && el.getBoundingClientRect().right > vw + 0.5;
    return [...document.querySelectorAll('body *')]
      .filter((el) => past(el) && !past(el.parentElement) && !el.closest('.katex-mathml'))
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className} → ${Math.round(el.getBoundingClientRect().right)} px`,
      );
  });
}
