import { expect, type Page, test } from '@playwright/test';
import { currentStep, openLab } from './helpers';
import { pageErrors, trainingWorker } from './recoveryHelpers';

/**
 * Issue 22's "no tensor grows over 20 resets on every optimizer", held in the page: the training
 * worker's live tensor count (tf.js's engine, read inside the worker) after 20 cycles of preset,
 * configure (batch size), a step and Reset is where it was after the first cycle.
 */

const numTensors = async (page: Page) =>
  (await trainingWorker(page)).evaluate(
    () => (self as unknown as { _tfengine: { state: { numTensors: number } } })._tfengine.state.numTensors,
  );

/** The count once the worker is idle: two reads a second apart that agree. */
async function settledTensors(page: Page): Promise<number> {
  let last = -1;
  let now = await numTensors(page);
  while (now !== last) {
    await page.waitForTimeout(1_000);
    last = now;
    now = await numTensors(page);
  }
  return now;
}

async function stepThenReset(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled({ timeout: 30_000 });
  const before = await currentStep(page);
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => currentStep(page), { timeout: 30_000 }).toBeGreaterThan(before);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => currentStep(page), { timeout: 30_000 }).toBe(0);
}

// Each optimizer with a preset that uses it, and another preset to switch away to.
const OPTIMIZERS = [
  { optimizer: 'adam', own: 'Learnable k', other: 'Large learning rate' },
  { optimizer: 'sgd', own: 'Large learning rate', other: 'Learnable k' },
] as const;

for (const { optimizer, own, other } of OPTIMIZERS) {
  test(`${optimizer}: no tensor grows in the worker over 20 preset/configure/Reset cycles`, async ({
    page,
  }) => {
    test.setTimeout(600_000);
    const errors = pageErrors(page);
    await openLab(page, `width=4&bs=8&seed=3&backend=wasm&opt=${optimizer}`, 'wasm');
    const cycle = async () => {
      await page.getByRole('button', { name: other }).click();
      await page.getByRole('button', { name: own }).click();
      await expect(page.getByLabel('Optimizer')).toHaveValue(optimizer);
      await page.getByLabel('Batch size').selectOption('16');
      await stepThenReset(page);
      await page.getByLabel('Batch size').selectOption('8');
      await stepThenReset(page);
    };
    await cycle();
    const first = await settledTensors(page);
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) {
      await cycle();
      counts.push(await settledTensors(page));
    }
    console.log(
      `${optimizer}: worker tensors after cycle 1: ${first}; after cycles 2–21: ${counts.join(' ')}`,
    );
    expect(counts.at(-1)).toBe(first);
    expect(Math.max(...counts)).toBe(first);
    expect(errors).toEqual([]);
  });
}
