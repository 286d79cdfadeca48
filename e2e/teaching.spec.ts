import { expect, test } from '@playwright/test';

test('Operators: the k slider redraws the sigmoid live; dragging w changes θ', async ({ page }) => {
  await page.goto('/?view=operators');
  const sigmoid = page.getByTestId('output-sigmoid');
  const before = await sigmoid.textContent();
  await page.getByLabel('k', { exact: true }).fill('1.5');
  await expect(sigmoid).not.toHaveText(before!);
  await expect(page.getByTestId('output-cosine')).toHaveText(Math.cos((55 * Math.PI) / 180).toFixed(3));

  // Drag w's arrow head onto x's direction (75°): θ becomes 0 and every operator outputs 1.
  const pad = page.getByRole('group', { name: /Vectors w and x/ });
  // Filling the k slider scrolled the page; centre the pad so focusing its handle scrolls nothing.
  await pad.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const head = (await page.getByRole('slider', { name: 'vector w' }).boundingBox())!;
  // Where the plane point at 75°, length 1 is on screen, from the SVG's own transform.
  const target = await pad.evaluate((svg) => {
    const rad = (75 * Math.PI) / 180;
    const p = new DOMPoint(Math.cos(rad), -Math.sin(rad)).matrixTransform(
      (svg as SVGSVGElement).getScreenCTM()!,
    );
    return { x: p.x, y: p.y };
  });
  await page.mouse.move(head.x + head.width / 2, head.y + head.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByRole('slider', { name: 'vector w' })).toHaveAttribute('aria-valuenow', '75');
  await expect(page.getByTestId('output-linear')).toHaveText('1.000');
  await expect(page).toHaveURL(/wa=75/);
  await expect(page.locator('.katex').first()).toBeVisible();
});

test('Theory: the plain condition number grows with c, the sphere one does not', async ({ page }) => {
  await page.goto('/?view=theory&c=1');
  await expect(page.getByText(/Computing c = 1/)).toHaveCount(0, { timeout: 60_000 });
  const cond = page.getByTestId('cond-standard');
  await expect(cond).not.toHaveText('…');
  const at1 = Number(await cond.textContent());
  const sphereAt1 = await page.getByTestId('cond-sphere').textContent();
  await page.getByLabel('c', { exact: true }).fill('1'); // c = 10
  await expect(page.getByRole('columnheader', { name: 'at c = 10' })).toBeVisible();
  await expect(cond).not.toHaveText(String(at1));
  await expect(cond).not.toHaveText('…');
  expect(Number(await cond.textContent())).toBeGreaterThan(50 * at1);
  await expect(page.getByTestId('cond-sphere')).toHaveText(sphereAt1!);
  await expect(page.getByTestId('iters-gd')).toHaveText(/^> 200,000$/);
  await expect(page.getByText(/poster words Lemma 2/)).toBeVisible();
});

test('About: cited-only results are labelled apart, and nothing is hand-marked reproduced', async ({
  page,
}) => {
  await page.goto('/?view=about');
  const cited = page.getByRole('table', { name: 'Cited results' });
  await expect(cited.getByText('Cited only', { exact: true })).toHaveCount(2);
  await expect(cited.getByRole('row', { name: /ImageNet/ })).toContainText('Cited only');
  await expect(cited.getByRole('row', { name: /MegaFace/ })).toContainText('Cited only');
  await expect(page.getByText('Reproduced live')).toHaveCount(0);
});
