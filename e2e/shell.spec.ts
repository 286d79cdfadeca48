import { expect, test } from '@playwright/test';

const VIEWS = ['Tour', 'Lab', 'Inside', 'Fourier', 'Features', 'Operators', 'Theory', 'About'];

test('the app loads with no console errors and every view renders', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  // The root URL opens the tour (e2e/tour.spec.ts); this walks every view from the Lab.
  await page.goto('/?view=lab');
  await expect(page.getByRole('heading', { name: 'Lab', level: 2 })).toBeVisible();
  for (const name of VIEWS) {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
    await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`view=${name.toLowerCase()}`));
  }
  expect(errors).toEqual([]);
});

test('a malformed link falls back to defaults with a visible notice', async ({ page }) => {
  await page.goto('/?view=nowhere&backend=quantum&zzz=1');
  await expect(page.getByRole('status', { name: 'Link notice' })).toContainText('view=nowhere');
  // An unknown view opens the landing, the tour.
  await expect(page.getByRole('heading', { name: /Tour/, level: 2 })).toBeVisible();
});
