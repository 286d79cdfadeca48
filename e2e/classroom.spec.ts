import { expect, type Page, test } from '@playwright/test';
import { VIEW_TITLES, VIEWS } from '../src/url/views';

/**
 * Issue 23 item 7: each classroom checkbox says what it hides. Ticking "Hide X" must remove a
 * control of the view whose on-screen name (its label, or its group's legend) is in X — so "Hide
 * head" for the control labelled "Loss", or a box that hides nothing, fails.
 */

/** The view's controls as a reader meets them: own label | group label, once per control. */
async function controlNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const controls = document.querySelectorAll(
      'main input, main select, main button, main textarea, main [role="slider"]',
    );
    return [...controls].map((el) => {
      const own =
        el.getAttribute('aria-label') ||
        text((el as HTMLInputElement).labels?.[0]) ||
        (el.tagName === 'BUTTON' ? text(el) : '');
      const group = el.closest('fieldset, [role="group"], [role="radiogroup"]');
      const groupName = group?.getAttribute('aria-label') || text(group?.querySelector(':scope > legend'));
      return `${own}|${groupName}`;
    });
  });
}

/** The words of a label, without a parenthetical ("learnable k (|k| + 0.05)" → learnable, k). */
const words = (s: string) =>
  s
    .replace(/\([^)]*\)/g, ' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}α]+/u)
    .filter(Boolean);

/** True when every word of one of the control's names is in the checkbox's label. */
function names(option: string, control: string): boolean {
  const said = new Set(words(option));
  return control
    .split('|')
    .filter((n) => words(n).length > 0)
    .some((n) => words(n).every((w) => said.has(w)));
}

/** Views and states to open: the Lab in both families, so every one of its fields is on screen once. */
const PAGES: { view: (typeof VIEWS)[number]; query: string }[] = [
  ...VIEWS.map((view) => ({ view, query: '' })),
  { view: 'lab', query: '&family=recurrent' },
];

test('every classroom checkbox hides a control it names as the page does', async ({ page }) => {
  test.setTimeout(600_000);
  const seen = new Map<string, string[]>();
  for (const { view, query } of PAGES) {
    await page.goto(`/?view=${view}${query}&backend=wasm`);
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(VIEW_TITLES[view]) })).toBeVisible();
    // The Inside view's layer choice is its layer headings, drawn once the first inspection lands.
    if (view === 'inside')
      await expect(page.getByRole('group', { name: 'Layer choice' }).first()).toBeVisible({
        timeout: 60_000,
      });
    await page.getByRole('button', { name: /^Classroom/ }).click();
    const options = (await page.locator('.classroom-option').allTextContents()).map((t) => t.trim());
    for (const option of options) {
      const before = await controlNames(page);
      await page.getByRole('checkbox', { name: option }).check();
      const after = await controlNames(page);
      await page.getByRole('checkbox', { name: option }).uncheck();
      const left = [...after];
      const vanished = before.filter((n) => {
        const i = left.indexOf(n);
        if (i < 0) return true;
        left.splice(i, 1);
        return false;
      });
      const key = `${view}: ${option}`;
      // A field whose control this state does not show (a recurrent field in the conv Lab) is checked
      // in the state that shows it.
      if (vanished.length > 0 || !seen.has(key)) seen.set(key, vanished);
    }
  }
  const wrong = [...seen].filter(([key, vanished]) => {
    const option = key.slice(key.indexOf(': ') + 2).replace(/^Hide /, '');
    return !vanished.some((control) => names(option, control));
  });
  expect(
    wrong.map(([key, vanished]) => `${key} → hid ${vanished.length ? vanished.join(', ') : 'nothing'}`),
  ).toEqual([]);
});
