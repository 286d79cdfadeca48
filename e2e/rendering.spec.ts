import { expect, type Page, test } from '@playwright/test';
import { LEARNABLE_K_INIT, LEARNABLE_K_OFFSET } from '../src/sphere/recipe';
import { openLab, trainUntil } from './helpers';

/**
 * Issue 23's rendering defects, each looked at the way a reader meets it: the learnable-sigmoid
 * formula cut after "k_eff =", the learnable-k chart's labels, the greyed k slider showing the
 * fixed k the net does not use.
 */
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * Formulas a reader cannot see whole: a display formula wider than its box (cut, or readable only by
 * scrolling it), an inline one reaching past the viewport's edge.
 */
async function cutFormulas(page: Page): Promise<string[]> {
  return page.locator('.tex').evaluateAll((els) =>
    els
      .filter((el) => {
        if (el.classList.contains('tex-display')) return el.scrollWidth > el.clientWidth + 1;
        const box = el.getBoundingClientRect();
        return box.left < -0.5 || box.right > window.innerWidth + 0.5;
      })
      .map(
        (el) =>
          `${el.getAttribute('aria-label') ?? el.textContent}: ${el.scrollWidth} px in ${el.clientWidth}`,
      ),
  );
}

for (const size of SIZES) {
  test(`${size.name}: every formula on Operators and Theory is whole in its box`, async ({ page }) => {
    await page.setViewportSize(size);
    for (const view of ['operators', 'theory']) {
      await page.goto(`/?view=${view}`);
      await expect(page.locator('.tex .katex').first()).toBeVisible();
      expect(await cutFormulas(page), view).toEqual([]);
    }
    // The one the issue saw cut: both its lines are there.
    await page.goto('/?view=operators');
    const learnable = page.locator('.formula', { hasText: 'Learnable sigmoid' });
    await expect(learnable.locator('.katex-html')).toContainText('∣k∣+0.05');
    await expect(learnable.locator('.katex-html')).toContainText('learned');
  });
}

test('the greyed k slider shows where learnable k starts, not the unused fixed k', async ({ page }) => {
  const start = (Math.abs(LEARNABLE_K_INIT) + LEARNABLE_K_OFFSET).toFixed(2);
  await page.goto('/?view=lab&op=learnable-sigmoid&k=0.3&backend=wasm');
  const k = page.getByRole('slider', { name: 'k', exact: true });
  await expect(k).toBeDisabled();
  await expect(k).toHaveValue(String(Number(start)));
  const label = page.locator('label.control', { has: k });
  await expect(label).toContainText(`learned, starts at ${start}`);
  await expect(label).not.toContainText('0.30');
  // Linear and cosine do not use k at all: the slider says so.
  await page.getByLabel('Operator').selectOption('cosine');
  await expect(label).toContainText('not used by the cosine operator');
  // The fixed sigmoid uses the k in the link.
  await page.getByLabel('Operator').selectOption('sigmoid');
  await expect(k).toBeEnabled();
  await expect(label).toContainText('0.30');
  // The same control in the Features view.
  await page.goto('/?view=features&op=learnable-sigmoid&backend=wasm');
  await expect(
    page.locator('label.control', { has: page.getByRole('slider', { name: 'k', exact: true }) }),
  ).toContainText(`learned, starts at ${start}`);
});

test('the learnable-k chart: its tick labels lie inside the chart, its axes are named', async ({ page }) => {
  test.setTimeout(240_000);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await openLab(page, 'op=learnable-sigmoid&width=8&bs=16&backend=wasm', 'wasm');
    await trainUntil(page, 20);
    const chart = page.getByLabel('Learnable k chart');
    await chart.scrollIntoViewIfNeeded();
    await expect(chart.locator('.recharts-line')).not.toHaveCount(0);
    const outside = await chart
      .locator('svg.recharts-surface')
      .first()
      .evaluate((svg) => {
        const frame = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('text')]
          .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }))
          .filter(
            ({ box }) =>
              box.left < frame.left - 0.5 ||
              box.right > frame.right + 0.5 ||
              box.top < frame.top - 0.5 ||
              box.bottom > frame.bottom + 0.5,
          )
          .map(({ text, box }) => `${text} at ${Math.round(box.left)}–${Math.round(box.right)}`);
      });
    expect(outside, size.name).toEqual([]);
    await expect(chart).toContainText('step');
    await expect(chart).toContainText('k_eff');
    await chart.screenshot({ path: test.info().outputPath(`k-chart-${size.name}.png`) });
  }
});
