import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { currentStep, lossOf, trainUntil, watchErrors } from './helpers';

/** The share link the preset's button writes (read back from the address bar). */
async function presetLink(page: Page, title: RegExp): Promise<string> {
  await page.goto('/?view=lab&backend=wasm');
  await page.getByRole('button', { name: title }).click();
  await expect(page).toHaveURL(/family=recurrent/);
  return page.url();
}

test('the row-by-row MNIST link trains SphereGRU and GRU side by side; both curves move; axe clean', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  const link = await presetLink(page, /SphereGRU vs GRU/);
  // A fresh page from the link alone: the share link carries the whole experiment.
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByTestId('active-backend')).toHaveText('wasm', { timeout: 90_000 });
  await expect(page.getByTestId('dataset-summary')).toContainText('train', { timeout: 60_000 });
  await expect(page.getByTestId('preset-blurb')).toContainText('28-pixel row per time step');
  await expect(page.getByLabel('Model family')).toHaveValue('recurrent');
  await expect(page.getByLabel('Cell')).toHaveValue('gru');
  // The conv-only controls are gone for a recurrent pair.
  await expect(page.getByLabel('Norm')).toHaveCount(0);
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBe(1);
  await expect(page.getByTestId('loss-sphere')).not.toHaveText('—', { timeout: 60_000 });
  const first = { sphere: await lossOf(page, 'sphere'), baseline: await lossOf(page, 'baseline') };
  await trainUntil(page, 30, 240_000);
  for (const id of ['sphere', 'baseline'] as const) {
    const now = await lossOf(page, id);
    expect(Number.isFinite(now)).toBe(true);
    expect(now, id).toBeLessThan(first[id]);
  }
  await expect(page.getByText(/SphereGRU sigmoid/).first()).toBeVisible();
  const curves = page.getByLabel('Training loss chart').locator('path.recharts-line-curve');
  await expect(curves).toHaveCount(4);
  for (const d of await curves.evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''))) {
    expect(d.length).toBeGreaterThan(20);
    expect(d).not.toContain('NaN');
  }
  // The PyTorch script is the recurrent one, for this run's cells; the tfjs files (LayersModels only)
  // are off, saying why; the run's own CSV still downloads.
  const script = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as PyTorch' }).click();
  const py = Buffer.concat(await (await (await script).createReadStream()).toArray()).toString();
  expect(py).toContain('SphereLab recurrent experiment (sequential MNIST)');
  expect(py).toMatch(/id='sphere', arch='sphere', cell='gru', kind='sphere'/);
  expect(py).toMatch(/id='baseline', arch='baseline', cell='gru', kind='plain'/);
  await expect(page.getByRole('button', { name: 'Download models (tfjs)' })).toBeDisabled();
  await expect(page.getByText(/Recurrent nets have no tfjs model files/)).toBeVisible();
  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const text = Buffer.concat(await (await (await csv).createReadStream()).toArray()).toString();
  expect(text).toMatch(/^model,step,wall_ms,loss/);
  expect(text).toMatch(/\nsphere,/);
  expect(text).toMatch(/\nbaseline,/);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
  ).toEqual([]);
  expect(errors).toEqual([]);
});

test('the Elman preset button switches to the recurrent pair and a conv preset switches back', async ({
  page,
}) => {
  await page.goto('/?view=lab&backend=wasm');
  await expect(page.getByTestId('active-backend')).toHaveText('wasm', { timeout: 90_000 });
  await page.getByRole('button', { name: /SphereRNN vs Elman RNN/ }).click();
  await expect(page).toHaveURL(/family=recurrent/);
  await expect(page).toHaveURL(/cell=elman/);
  await expect(page.getByText('Elman RNN', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Convergence vs baseline' }).click();
  await expect(page).not.toHaveURL(/family=recurrent/);
  await expect(page.getByLabel('Norm')).toBeVisible();
});
