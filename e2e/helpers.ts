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
