import { expect, type Page, test } from '@playwright/test';
import { expectNoSeriousViolations, overflowingElements, watchErrors } from './helpers';

const SHOTS = process.env.E2E_SHOTS_DIR;

/** Both nets' layer cards, with their stats and detail maps, for the inspected input. */
async function expectBothNets(page: Page, timeout = 30_000) {
  for (const id of ['sphere', 'baseline']) {
    await expect(page.getByTestId(`inside-${id}-layer-0`)).toBeVisible({ timeout });
    await expect(page.getByTestId(`inside-${id}-layer-1`)).toBeVisible({ timeout });
    await expect(page.getByTestId(`inside-${id}-detail-cos`)).toBeVisible({ timeout });
  }
}

test('a fresh page shows both nets layer by layer for a test digit within 2 s', async ({ page }) => {
  const errors = watchErrors(page);
  const t0 = Date.now();
  await page.goto('/?view=inside&digit=3');
  await expectBothNets(page);
  const ms = Date.now() - t0;
  console.log(`inside: both nets' layers shown ${ms} ms after navigation`);
  expect(ms).toBeLessThan(2000);
  await expect(page.getByTestId('inside-input')).toContainText('Test image #3');
  await expect(page.getByTestId('inside-sphere-prediction')).toContainText('predicts');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/inside-desktop.png`, fullPage: true });
  expect(errors).toEqual([]);
});

/** A short fingerprint of what a figure's canvas shows now (a hash of its pixels' PNG). */
const canvasPrint = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('canvas')
    .first()
    .evaluate((c) => {
      const url = (c as HTMLCanvasElement).toDataURL();
      let h = 0;
      for (let i = 0; i < url.length; i++) h = (h * 31 + url.charCodeAt(i)) | 0;
      return `${url.length}:${h}`;
    });

/** Every figure of the layer detail that shows the input's maps, per net (the filters do not depend on it). */
const INPUT_FIGURES = ['patchnorm', 'cos', 'output', 'stage-relu', 'stage-pool'];

test('a digit drawn with the mouse updates every panel that depends on the input', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?view=inside&digit=0');
  await expectBothNets(page);
  const ids = ['sphere', 'baseline'];
  const figures = ids.flatMap((id) => INPUT_FIGURES.map((f) => `inside-${id}-detail-${f}`));
  // Only the figures this net has (a BN net has its own stage; SphereConv folds its pool in).
  const present: string[] = [];
  for (const f of figures) if ((await page.getByTestId(f).count()) > 0) present.push(f);
  expect(present.length).toBeGreaterThanOrEqual(2 * 3);
  const filterIds = ids.map((id) => `inside-${id}-detail-filters`);
  const snap = async () => {
    const out: Record<string, string> = {};
    for (const f of [...present, ...filterIds]) out[f] = await canvasPrint(page, f);
    out.input = await page
      .getByRole('img', { name: 'The inspected input' })
      .evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    for (const id of ids)
      out[`${id}-prediction`] = (await page.getByTestId(`inside-${id}-prediction`).textContent()) ?? '';
    return out;
  };
  const before = await snap();

  // A "7": a top bar and a diagonal, in mouse strokes on the drawing pad.
  const pad = page.getByLabel('Drawing pad: draw a digit');
  await pad.scrollIntoViewIfNeeded();
  const b = (await pad.boundingBox())!;
  const at = (fx: number, fy: number) => [b.x + b.width * fx, b.y + b.height * fy] as const;
  const stroke = async (points: [number, number][]) => {
    await page.mouse.move(...at(...points[0]));
    await page.mouse.down();
    for (const p of points.slice(1)) await page.mouse.move(...at(...p), { steps: 8 });
    await page.mouse.up();
  };
  await stroke([
    [0.25, 0.22],
    [0.75, 0.22],
    [0.45, 0.85],
  ]);
  await expect(page.getByTestId('inside-input')).toHaveText('Your drawing');
  // Every input-dependent figure redraws for the drawing; the filters (weights only) do not.
  await expect
    .poll(
      async () => {
        const now = await snap();
        return present.filter((f) => now[f] === before[f]);
      },
      { timeout: 30_000 },
    )
    .toEqual([]);
  const after = await snap();
  expect(after.input).not.toBe(before.input);
  for (const f of filterIds) expect(after[f], f).toBe(before[f]);
  for (const id of ids) await expect(page.getByTestId(`inside-${id}-prediction`)).toContainText('predicts');

  // A second drawing on top moves them again: every stroke is followed, not only the first.
  await stroke([
    [0.3, 0.55],
    [0.7, 0.55],
  ]);
  await expect
    .poll(
      async () => {
        const now = await snap();
        return present.filter((f) => now[f] === after[f]);
      },
      { timeout: 30_000 },
    )
    .toEqual([]);
  expect(errors).toEqual([]);
});

test('at 390 × 844 the Inside view is no wider than the phone, and axe finds nothing serious (phone and desktop)', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?view=inside&digit=3');
  await expectBothNets(page);
  await expectNoSeriousViolations(page, 'inside desktop');
  // Nothing in the 300 px sidebar (the input picker, the drawing pad) reaches past it.
  const pastAside = await page.evaluate(() => {
    const aside = document.querySelector('.inside-grid > aside')!.getBoundingClientRect();
    return [...document.querySelectorAll('.inside-grid > aside *')]
      .filter((e) => e.getBoundingClientRect().right > aside.right + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
  });
  expect(pastAside).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expectBothNets(page);
  // The deepest layer has the widest detail grid.
  await page.getByTestId('inside-sphere-layer-1').getByRole('button').click();
  await expect(page.getByTestId('inside-sphere-detail')).toContainText('layer 2');
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, (await overflowingElements(page)).join('; ')).toBeLessThanOrEqual(innerWidth);
  // The sidebar and both columns stack inside the viewport.
  for (const sel of [
    '.inside-grid > aside',
    '[data-testid="inside-sphere"]',
    '[data-testid="inside-baseline"]',
  ]) {
    const box = (await page.locator(sel).boundingBox())!;
    expect(box.x, sel).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, sel).toBeLessThanOrEqual(innerWidth);
  }
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/inside-phone.png`, fullPage: true });
  await expectNoSeriousViolations(page, 'inside phone');
  expect(errors).toEqual([]);
});

test('the Features snapshots open in the view, and its input, layer and nets survive a reload', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?view=inside&src=features&digit=5');
  await expect(page.getByTestId('inside-run-note')).toContainText('shipped run', { timeout: 60_000 });
  await expect(page.getByTestId('inside-run-note')).toContainText('final weights after');
  const shipped = Number(
    ((await page.getByTestId('inside-run-note').textContent()) ?? '')
      .match(/after ([\d,]+) steps/)![1]
      .replace(/,/g, ''),
  );
  expect(shipped).toBeGreaterThan(0);
  await expectBothNets(page);
  await expect(page.getByTestId('inside-step')).toContainText(`step ${shipped.toLocaleString('en-US')}`);
  // Trained weights classify the test digit: both nets predict its label.
  const label = ((await page.getByTestId('inside-input').textContent()) ?? '').match(/label (\d)/)![1];
  for (const id of ['sphere', 'baseline'])
    await expect(page.getByTestId(`inside-${id}-prediction`)).toContainText(`predicts ${label}`);

  // The user's choices go to the URL...
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await expect(page.getByTestId('inside-input')).toContainText('Test image #6');
  await page.getByTestId('inside-sphere-layer-2').getByRole('button').click();
  await page.getByLabel('Nets shown').selectOption('sphere');
  await expect(page).toHaveURL(/src=features/);
  await expect(page).toHaveURL(/digit=6/);
  await expect(page).toHaveURL(/layer=2/);
  await expect(page).toHaveURL(/net=sphere/);
  // ...and a reload opens the same input, layer and net on the same shipped weights.
  await page.reload();
  await expect(page.getByTestId('inside-input')).toContainText('Test image #6', { timeout: 30_000 });
  await expect(page.getByTestId('inside-sphere-detail')).toContainText('layer 3', { timeout: 30_000 });
  await expect(page.getByTestId('inside-baseline')).toHaveCount(0);
  await expect(page.getByTestId('inside-step')).toContainText(`step ${shipped.toLocaleString('en-US')}`);
  await expect(page.getByLabel('Nets shown')).toHaveValue('sphere');
  expect(errors).toEqual([]);
});
