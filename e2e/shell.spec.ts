import { expect, test } from '@playwright/test';

const VIEWS = ['Lab', 'Inside', 'Fourier', 'Features', 'Operators', 'Theory', 'About'];

test('the app loads with no console errors and every view renders', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
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
  await expect(page.getByRole('heading', { name: 'Lab', level: 2 })).toBeVisible();
});
