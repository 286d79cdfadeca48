import { expect, type Page, test } from '@playwright/test';
import { currentStep, watchErrors } from './helpers';

const PLOTS = ['baseline', 'sphere'] as const;

async function openFeatures(page: Page, query: string): Promise<void> {
  await page.goto(`/?view=features&backend=wasm&${query}`);
  await expect(page.getByTestId('active-backend')).toHaveText('wasm', { timeout: 90_000 });
  await expect(page.getByTestId('dataset-summary')).toContainText('train', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled({ timeout: 60_000 });
}

async function pointCount(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId(`features-${id}`).getAttribute('data-point-count'));
}

async function pixels(page: Page, id: string): Promise<string> {
  return page.getByTestId(`features-${id}`).evaluate((c) => (c as HTMLCanvasElement).toDataURL());
}

test('both feature plots draw at least 500 test digits and change while training', async ({ page }) => {
  const errors = watchErrors(page);
  await openFeatures(page, 'seed=3');
  for (const id of PLOTS)
    await expect.poll(() => pointCount(page, id), { timeout: 60_000 }).toBeGreaterThanOrEqual(500);
  const before = { baseline: await pixels(page, 'baseline'), sphere: await pixels(page, 'sphere') };

  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(20);
  // Updated while the run goes on, not only when it stops.
  await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled();
  for (const id of PLOTS) {
    await expect.poll(() => pixels(page, id), { timeout: 30_000 }).not.toBe(before[id]);
    expect(await pointCount(page, id)).toBeGreaterThanOrEqual(500);
  }
  const midRun = await pixels(page, 'sphere');
  await expect.poll(() => pixels(page, 'sphere'), { timeout: 30_000 }).not.toBe(midRun);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
  await expect(page.getByTestId('accuracy-sphere')).toHaveText(/%$/);
  await expect(page.getByTestId('spread-baseline')).toHaveText(/°$/);
  expect(errors).toEqual([]);
});

test('hovering a point shows its digit, label and both predictions', async ({ page }) => {
  await openFeatures(page, 'seed=3');
  await expect.poll(() => pointCount(page, 'sphere'), { timeout: 60_000 }).toBeGreaterThanOrEqual(500);
  const canvas = page.getByTestId('features-sphere');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the sphere plot has no box');
  // Sweep the plot until the pointer lands within reach of a point.
  const hover = page.getByTestId('digit-hover');
  for (let gy = 1; gy < 24 && !(await hover.isVisible()); gy++) {
    for (let gx = 1; gx < 24; gx++) {
      await page.mouse.move(box.x + (box.width * gx) / 24, box.y + (box.height * gy) / 24);
      if (await hover.isVisible()) break;
    }
  }
  await expect(hover).toBeVisible();
  await expect(page.getByTestId('hover-label')).toHaveText(/^\d$/);
  await expect(hover.getByRole('img', { name: /Test digit \d+/ })).toBeVisible();
  await expect(hover).toContainText('Baseline CNN');
  await expect(hover).toContainText('SphereNet');
});

test('labelled controls land in the link and restart the run', async ({ page }) => {
  await openFeatures(page, 'seed=3');
  await page.getByLabel('Operator').selectOption('cosine');
  await page.getByLabel('Loss').selectOption('ga-softmax');
  await page.getByLabel('Margin m').fill('4');
  await page.getByLabel('Seed').fill('7');
  await page.getByLabel('normalized (on the unit circle)').check();
  await expect(page).toHaveURL(/op=cosine/);
  await expect(page).toHaveURL(/loss=ga-softmax/);
  await expect(page).toHaveURL(/m=4/);
  await expect(page).toHaveURL(/seed=7/);
  await expect(page).toHaveURL(/proj=unit/);
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
  for (const id of PLOTS)
    await expect.poll(() => pointCount(page, id), { timeout: 60_000 }).toBeGreaterThanOrEqual(500);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => currentStep(page)).toBe(0);
});
