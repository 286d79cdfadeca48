import { expect, type Page, test } from '@playwright/test';
import { currentStep, expectNoSeriousViolations, openLab, watchErrors } from './helpers';

const SHOTS = process.env.E2E_SHOTS_DIR;

const panelStep = async (page: Page) =>
  Number(
    ((await page.getByTestId('inside-panel-status').textContent()) ?? '')
      .match(/step ([\d,]+)/)?.[1]
      ?.replace(/,/g, '') ?? -1,
  );

test("the Lab's Inside panel shows both nets live while they train, and opens the Inside view on its settings", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page, 'backend=wasm', 'wasm');
  const panel = page.getByTestId('inside-panel');
  // Closed, it shows (and asks the worker) nothing.
  await expect(panel.getByTestId('inside-panel-sphere')).toHaveCount(0);
  await panel.locator('summary').click();
  for (const id of ['sphere', 'baseline']) {
    await expect(page.getByTestId(`inside-panel-${id}-cos`)).toBeVisible();
    await expect(page.getByTestId(`inside-panel-${id}-activations`)).toBeVisible();
    await expect(page.getByTestId(`inside-panel-${id}-layer`)).toBeVisible();
  }
  await expect(page.getByTestId('inside-panel-status')).toContainText('step 0');
  await expectNoSeriousViolations(page, 'lab, inside panel open');

  // Training moves the panel: newer weights are inspected while the loop runs.
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => panelStep(page), { timeout: 60_000 }).toBeGreaterThan(0);
  const first = await panelStep(page);
  await expect.poll(() => panelStep(page), { timeout: 60_000 }).toBeGreaterThan(first);
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(await currentStep(page)).toBeGreaterThan(first);

  // Hover names the value under the pointer.
  const cos = page.getByTestId('inside-panel-sphere-cos').locator('canvas');
  const box = (await cos.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.2);
  await expect(page.getByTestId('inside-panel-sphere-cos-hover')).toContainText('cos θ');

  await page.getByLabel('Inside panel test digit').fill('7');
  await expect(page.getByTestId('inside-panel-status')).toContainText('Test image #7');
  await page.getByLabel('Inside panel layer').selectOption('2');
  await expect(page.getByTestId('inside-panel-sphere-layer')).toHaveAttribute('aria-label', /layer 2/);
  if (SHOTS) await panel.screenshot({ path: `${SHOTS}/inside-panel-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('inside-panel-baseline-cos')).toBeVisible();
  // Polled: charts take their new width from a ResizeObserver, a frame or more after the resize.
  await expect
    .poll(() =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    )
    .toBeLessThanOrEqual(0);
  if (SHOTS) await panel.screenshot({ path: `${SHOTS}/inside-panel-phone.png` });
  await expectNoSeriousViolations(page, 'lab phone, inside panel open');

  // The link carries the panel's settings (digit, layer) and the Lab's run to the Inside view.
  const link = page.getByTestId('inside-panel-link');
  await expect(link).toHaveAttribute('href', /view=inside/);
  await expect(link).toHaveAttribute('href', /digit=7/);
  await link.click();
  await expect(page).toHaveURL(/view=inside.*digit=7.*layer=1/);
  await expect(page.getByTestId('inside-input')).toContainText('Test image #7');
  await expect(page.getByTestId('inside-sphere-detail')).toContainText('layer 2');
  expect(errors).toEqual([]);
});
