import { expect, type Page, test } from '@playwright/test';
import { currentStep, lossOf, openLab, trainUntil, watchErrors } from './helpers';

// No GPU here: WebGL and WebGPU run on SwiftShader, so auto times wasm alone (a browser with a
// hardware renderer would time WebGL too) and keeps it.
const SMALL = 'width=8&bs=16&seed=3';
const figures = (page: Page) => page.getByRole('status', { name: 'Backend speeds measured by auto' });

async function firstLoss(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBe(1);
  await expect(page.getByTestId('loss-sphere')).not.toHaveText('—', { timeout: 60_000 });
  return lossOf(page, 'sphere');
}

test('auto times the backends on the run, shows the figures, keeps the fastest and trains', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openLab(page, SMALL, 'wasm');
  await expect(figures(page)).toHaveText(
    /^timed on this run: wasm [\d,.]+ img\/s( · webgl (< )?([\d,.]+ img\/s|failed))? → wasm$/,
    {
      timeout: 60_000,
    },
  );
  await expect(page.getByTestId('backend-status')).toContainText('auto picked the fastest');
  await expect(page.getByTestId('backend-status')).toContainText('WebGL renders in software here, not timed');
  // The measuring used a throwaway copy: step 1 is exactly forced wasm's step 1 (same seed).
  const autoLoss = await firstLoss(page);
  await trainUntil(page, 8);
  expect(Number.isFinite(await lossOf(page, 'sphere'))).toBe(true);

  // Another batch size measures again; going back reuses the first figures.
  const before = await figures(page).textContent();
  await page.getByLabel('Batch size').selectOption('8');
  await expect(page.getByTestId('backend-status')).toContainText('timed on this run', { timeout: 60_000 });
  await expect(figures(page)).not.toHaveText(before ?? '', { timeout: 60_000 });
  await page.getByLabel('Batch size').selectOption('16');
  await expect(page.getByTestId('backend-status')).toContainText('timed earlier', { timeout: 60_000 });
  await expect(figures(page)).toHaveText(before ?? '');
  expect(errors).toEqual([]);

  await openLab(page, `${SMALL}&backend=wasm`, 'wasm');
  expect(await firstLoss(page)).toBe(autoLoss);
});

test('a forced backend is obeyed without measuring', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, `${SMALL}&backend=webgl`, 'webgl');
  await expect(page.getByTestId('backend-status')).toContainText('forced by you');
  await firstLoss(page);
  await trainUntil(page, 3);
  await expect(page.getByTestId('active-backend')).toHaveText('webgl');
  await expect(figures(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});
