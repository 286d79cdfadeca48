import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CLAIMS, findClaim } from '../src/replication/claims';
import { formatMeasure, NOT_MEASURED, verdictText } from '../src/replication/format';
import { checkResults } from '../src/replication/results';
import { watchErrors } from './helpers';

// Read from disk (Playwright's loader cannot import JSON modules): the very file the app bundles.
const RESULTS_PATH = 'src/replication/results.json';
const results = checkResults(JSON.parse(readFileSync(RESULTS_PATH, 'utf8')), RESULTS_PATH);

const VERDICT =
  /^(reproduced|against the paper|no effect larger than ±[\d.]+( pp|°| steps)?|inconclusive|diagnostic|not measured yet)$/;

test('About: every claim has a row with verdict badges and the measured numbers beside the paper', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/?view=about');
  const table = page.getByRole('table', { name: 'Replication results' });
  await expect(table).toBeVisible();
  for (const claim of CLAIMS) {
    const row = table.getByTestId(`claim-${claim.id}`);
    await expect(row).toContainText(claim.title);
    await expect(row).toContainText(claim.paperFigure);
    const badges = row.locator('.badge');
    await expect(badges).toHaveCount(claim.measures.length);
    for (const text of await badges.allTextContents()) expect(text).toMatch(VERDICT);
    // Numbers next to each verdict: the mean with its 95% t interval and the seed count, p and Holm p
    // for a judged measure, the smallest detectable effect for an inconclusive one; or "not measured yet".
    for (const item of await row.locator('.measures li').allTextContents()) {
      expect(item).toMatch(/95% CI .* to .*\(\d+ seeds|not measured yet/);
      if (/^(reproduced|against|no effect|inconclusive)/.test(item)) expect(item).toMatch(/Holm p [=<] /);
      if (item.startsWith('diagnostic')) expect(item).toMatch(/, p [=<] (?!.*Holm)/);
      if (item.startsWith('inconclusive'))
        expect(item).toMatch(/smallest detectable effect|needs ≥ \d+ seeds/);
    }
    // Each line is the stored measure: its verdict and numbers as results.json holds them.
    const stored = results.claims[claim.id];
    if (stored)
      await expect(row.locator('.measures li')).toHaveText(
        claim.measures.map((m) => {
          const r = stored.measures.find((x) => x.id === m.id);
          if (!r) return `${NOT_MEASURED} ${m.label}: ${NOT_MEASURED}`;
          return `${verdictText(r, m.unit)} ${m.label}: ${formatMeasure(r, m.unit)}`;
        }),
      );
  }
  await expect(page.getByTestId('verdict-rule')).toContainText('Holm');
  expect(errors).toEqual([]);
});

test('a claim’s link opens the Lab with that exact setting and the preset says what was measured', async ({
  page,
}) => {
  await page.goto('/?view=about');
  const row = page.getByTestId('claim-C2');
  await row.getByRole('link', { name: 'Open this setting in the Lab' }).click();
  await expect(page).toHaveURL(/view=lab/);
  await expect(page).toHaveURL(/bs=4/);
  await expect(page).toHaveURL(/preset=spherenorm-b4/);
  await expect(page.getByLabel('Batch size', { exact: true })).toHaveValue('4');
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue(
    String(CLAIMS.find((c) => c.id === 'C2')!.seeds[0]),
  );
  await expect(page.getByTestId('preset-blurb')).toContainText(/claim C2/i);

  await page.goto('/?view=about');
  const c1 = page.getByTestId('claim-C1');
  const href = await c1.getByRole('link', { name: 'Open this setting in the Lab' }).getAttribute('href');
  const depth = new URLSearchParams(href!).get('depth') ?? '1';
  await c1.getByRole('link', { name: 'Open this setting in the Lab' }).click();
  await expect(page.getByLabel('Convs per stage')).toHaveValue(depth);
  await expect(page.getByTestId('preset-blurb')).toContainText(/claim C1/i);
});

test('the recurrent claim’s link opens the Lab’s Elman pair, with the preset naming claim C7', async ({
  page,
}) => {
  await page.goto('/?view=about');
  const row = page.getByTestId('claim-C7');
  await expect(row).toContainText('recurrent layers');
  // One link per arm (Adam 1e-3, Adam 0.03, momentum SGD 0.01), each naming optimizer and rate.
  await expect(row.getByRole('link', { name: /^Open .* in the Lab$/ })).toHaveCount(3);
  await row.getByRole('link', { name: 'Open Adam, lr 0.001 in the Lab' }).click();
  await expect(page).toHaveURL(/family=recurrent/);
  await expect(page).toHaveURL(/cell=elman/);
  await expect(page).toHaveURL(/preset=rnn-elman/);
  await expect(page.getByLabel('Model family')).toHaveValue('recurrent');
  await expect(page.getByLabel('Cell')).toHaveValue('elman');
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue(String(findClaim('C7')!.seeds[0]));
  await expect(page.getByTestId('preset-blurb')).toContainText(/claim C7/i);
  await expect(page.getByTestId('lab-finding')).toContainText('C7');
});
