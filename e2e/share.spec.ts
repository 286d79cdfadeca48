import { type BrowserContext, expect, type Page, test } from '@playwright/test';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Clicks "Copy link", checks the "Copied" confirmation and returns what landed on the clipboard. */
async function copyLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.locator('.share-status')).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^http:\/\/localhost:\d+\/\?view=/);
  return copied;
}

async function openFresh(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

test('a copied link reopens the same view and controls (Operators, then Theory)', async ({
  page,
  context,
}) => {
  await page.goto('/?view=operators');
  await expect(page.getByRole('heading', { name: 'Operators', level: 2 })).toBeVisible();
  await page.getByLabel('k', { exact: true }).fill('0.8');
  const w = page.getByRole('slider', { name: 'vector w' });
  await w.focus();
  await page.keyboard.press('ArrowLeft'); // +5°
  await page.keyboard.press('ArrowUp'); // +0.05 length
  await expect(w).toHaveAttribute('aria-valuenow', '25');
  const sigmoid = await page.getByTestId('output-sigmoid').textContent();

  const operatorsLink = await copyLink(page);
  expect(operatorsLink).toContain('k=0.8');
  expect(operatorsLink).toContain('wa=25');
  const reopened = await openFresh(context, operatorsLink);
  await expect(reopened.getByRole('heading', { name: 'Operators', level: 2 })).toBeVisible();
  await expect(reopened.getByLabel('k', { exact: true })).toHaveValue('0.8');
  await expect(reopened.getByRole('slider', { name: 'vector w' })).toHaveAttribute('aria-valuenow', '25');
  await expect(reopened.getByRole('slider', { name: 'vector w' })).toHaveAttribute(
    'aria-valuetext',
    /length 1.55/,
  );
  await expect(reopened.getByTestId('output-sigmoid')).toHaveText(sigmoid!);
  await expect(reopened.getByRole('status', { name: 'Link notice' })).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Theory' }).click();
  await expect(page.getByRole('heading', { name: 'Theory', level: 2 })).toBeVisible();
  await page.getByLabel('c', { exact: true }).fill('0.5'); // log10 c = 0.5 → c = 3.16
  await page.getByLabel('problem seed').fill('7');
  await expect(page.getByTestId('cond-standard')).not.toHaveText('…');
  const condition = await page.getByTestId('cond-standard').textContent();

  const theoryLink = await copyLink(page);
  expect(theoryLink).toContain('view=theory');
  expect(theoryLink).toContain('c=3.16');
  expect(theoryLink).toContain('seed=7');
  const theory = await openFresh(context, theoryLink);
  await expect(theory.getByRole('heading', { name: 'Theory', level: 2 })).toBeVisible();
  await expect(theory.getByLabel('problem seed')).toHaveValue('7');
  await expect(theory.getByRole('columnheader', { name: 'at c = 3.16' })).toBeVisible();
  // Same seed and c: the same measurement, computed afresh in the new page.
  await expect(theory.getByTestId('cond-standard')).toHaveText(condition!);
});

test('a classroom link hides the chosen controls and keeps the rest', async ({ page, context }) => {
  await page.goto('/?view=operators');
  await page.getByRole('button', { name: 'Classroom' }).click();
  await page.getByRole('checkbox', { name: 'Hide sigmoid k' }).check();
  await page.getByRole('checkbox', { name: 'Hide x length' }).check();
  await expect(page.getByLabel('k', { exact: true })).toHaveCount(0);
  const link = await copyLink(page);
  expect(link).toContain('hide=k,xLength');

  const student = await openFresh(context, link);
  await expect(student.getByRole('heading', { name: 'Operators', level: 2 })).toBeVisible();
  await expect(student.getByLabel('k', { exact: true })).toHaveCount(0);
  await expect(student.getByLabel('x length')).toHaveCount(0);
  await expect(student.getByLabel('learnable k (|k| + 0.05)')).toBeVisible();
  await expect(student.getByLabel('w direction')).toBeVisible();
  await expect(student.getByRole('button', { name: 'Classroom (2 hidden)' })).toBeVisible();
});

test('a malformed link opens with defaults and a notice listing what was ignored', async ({ page }) => {
  await page.goto('/?view=theory&c=1000&seed=abc&zzz=%E0%A4%A&hide=c,nope');
  const notice = page.getByRole('status', { name: 'Link notice' });
  await expect(notice).toContainText('c=1000');
  await expect(notice).toContainText('seed=abc');
  await expect(notice).toContainText('(unknown)');
  await expect(notice).toContainText('hide=nope');
  await expect(page.getByRole('heading', { name: 'Theory', level: 2 })).toBeVisible();
  await expect(page.getByLabel('problem seed')).toHaveValue('1');
  await expect(page.getByLabel('c', { exact: true })).toHaveCount(0); // hide=c was valid and is kept
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

test('a 64 KB link opens the app (junk listed), a link over the server limit gets a page saying so', async ({
  page,
}) => {
  const junk = 'x'.repeat(64 * 1024);
  await page.goto(`/?view=operators&junk=${junk}`);
  await expect(page.getByRole('heading', { name: 'Operators', level: 2 })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Link notice' })).toContainText('junk=');

  const tooLong = await page.goto(`/?view=operators&junk=${'x'.repeat(200 * 1024)}`);
  expect(tooLong?.status()).toBe(431);
  await expect(page.getByRole('heading', { name: 'This link is too long for this server' })).toBeVisible();
  await page.getByRole('link', { name: 'open SphereLab' }).click();
  await expect(
    page.getByRole('heading', { name: 'Operators', level: 2 }).or(page.locator('main')),
  ).toBeVisible();
});

test('bidi controls from a link are not echoed into the notice', async ({ page }) => {
  await page.goto(`/?view=lab&lr=${encodeURIComponent('\u202E1e9')}`);
  const notice = page.getByRole('status', { name: 'Link notice' });
  await expect(notice).toContainText('lr=1e9');
  expect(await notice.textContent()).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
});
