import { expect, test } from '@playwright/test';
import { currentStep, watchErrors } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('an embed link shows just the Lab figure and run buttons, trains, and keeps its state', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/?view=lab&width=8&bs=16&seed=3&backend=wasm&embed=1');
  await expect(page.getByRole('heading', { name: 'Lab', level: 2 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Paper presets' })).toBeHidden();
  await expect(page.getByLabel('Operator')).toBeHidden();
  await expect(page.getByLabel('Training loss chart')).toBeVisible();
  await expect(page.getByTestId('active-backend')).toHaveText('wasm', { timeout: 90_000 });
  const train = page.getByRole('button', { name: 'Train' });
  await expect(train).toBeEnabled({ timeout: 60_000 });
  await train.click();
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('loss-sphere')).not.toHaveText('—');
  // The page's own URL keeps the state and the embed flag.
  const params = new URL(page.url()).searchParams;
  for (const [k, v] of Object.entries({ view: 'lab', width: '8', bs: '16', seed: '3', embed: '1' }))
    expect(params.get(k), k).toBe(v);
  const open = page.getByRole('link', { name: /Open in SphereLab/ });
  await expect(open).toHaveAttribute(
    'href',
    /^http:\/\/localhost:\d+\/\?view=lab&bs=16&width=8&seed=3&backend=wasm$/,
  );
  await page.screenshot({ path: test.info().outputPath('embed-lab.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('Fourier embeds its result figure; a malformed embed link falls back with the notice inside', async ({
  page,
}) => {
  await page.goto('/?view=fourier&mode=mix&embed=1');
  await expect(page.getByTestId('fourier-results')).toBeVisible();
  await expect(page.getByTestId('fourier-timing')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Mode', { exact: true })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('embed-fourier.png'), fullPage: true });

  await page.goto('/?view=lab&width=9999&op=nope&embed=1');
  await expect(page.getByRole('status', { name: 'Link notice' })).toContainText('width=9999');
  await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Train' })).toBeVisible();
  await expect(page).toHaveURL(/\?view=lab&embed=1$/);
});

test('the Embed button gives an iframe snippet of the current view', async ({ page }) => {
  await page.goto('/?view=operators&k=0.8');
  await page.getByRole('button', { name: 'Embed' }).click();
  const code = page.getByLabel('Embed this view (HTML for a slide or course page)');
  await expect(code).toHaveJSProperty('readOnly', true);
  await expect(code).toHaveValue(
    /^<iframe src="http:\/\/localhost:\d+\/\?view=operators&amp;k=0.8&amp;embed=1" title="SphereLab: operators"/,
  );
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('embed=1');
  // The snippet's address, opened, is the embedded view in the same state.
  const src = /src="([^"]+)"/.exec(copied)![1].replace(/&amp;/g, '&');
  await page.goto(src);
  await expect(page.getByRole('heading', { name: 'Operators', level: 2 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0);
  await expect(page.getByTestId('output-sigmoid')).toBeVisible();
});
