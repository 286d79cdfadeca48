import { expect, test } from '@playwright/test';
import { makeMnistIdxFileSet } from '../src/data/testFiles';
import { currentStep, lossOf, openLab, trainUntil, watchErrors } from './helpers';

// Small nets keep the software backends (cpu, SwiftShader WebGPU) within seconds per step.
const SMALL = 'width=8&bs=16&seed=3';

for (const backend of ['wasm', 'webgpu', 'webgl', 'cpu']) {
  test(`trains both models in the worker on ${backend} and the loss falls`, async ({ page }) => {
    // WebGPU here is SwiftShader (a software adapter): seconds per step, so a smaller net and more time.
    const slow = backend === 'webgpu';
    test.setTimeout(slow ? 480_000 : 180_000);
    const errors = watchErrors(page);
    await openLab(page, `${slow ? 'width=4&bs=8&seed=3' : SMALL}&backend=${backend}`, backend);
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => currentStep(page), { timeout: 180_000 }).toBe(1);
    // The fused WebGPU kernels passed their start-up check (else a notice says they fell back).
    await expect(page.getByText(/Fused SphereConv kernels failed/)).toHaveCount(0);
    await expect(page.getByTestId('loss-sphere')).not.toHaveText('—', { timeout: 60_000 });
    const first = { sphere: await lossOf(page, 'sphere'), baseline: await lossOf(page, 'baseline') };
    await trainUntil(page, slow ? 21 : 25, 400_000);
    for (const id of ['sphere', 'baseline'] as const) {
      const now = await lossOf(page, id);
      expect(Number.isFinite(now)).toBe(true);
      expect(now).toBeLessThan(first[id]);
    }
    // Both curves are drawn: a smoothed and a raw line per model, with real paths. (The charts
    // redraw at most once a second, and a net in the peer worker reports a read later: polled.)
    const curves = page.getByLabel('Training loss chart').locator('path.recharts-line-curve');
    await expect(curves).toHaveCount(4);
    const paths = () => curves.evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    await expect.poll(async () => Math.min(...(await paths()).map((d) => d.length))).toBeGreaterThan(20);
    for (const d of await paths()) expect(d).not.toContain('NaN');
    expect(errors).toEqual([]);
  });
}

test('batch size 4 trains', async ({ page }) => {
  await openLab(page, 'width=8&bs=4&backend=wasm', 'wasm');
  await expect(page.getByLabel('Batch size')).toHaveValue('4');
  await trainUntil(page, 20);
  expect(Number.isFinite(await lossOf(page, 'sphere'))).toBe(true);
  expect(Number.isFinite(await lossOf(page, 'baseline'))).toBe(true);
});

test('a divergent learning rate stops that model with a message naming the cause', async ({ page }) => {
  await openLab(page, 'width=8&bs=16&opt=sgd&lr=100&norm=none&backend=wasm', 'wasm');
  await page.getByRole('button', { name: 'Train' }).click();
  const stopped = page.locator('[data-testid^="stopped-"]').first();
  await expect(stopped).toBeVisible({ timeout: 60_000 });
  await expect(stopped).toContainText('learning rate');
});

test('labelled controls change the experiment and the link', async ({ page }) => {
  await openLab(page, 'backend=wasm', 'wasm');
  await page.getByLabel('Operator').selectOption('cosine');
  await page.getByLabel('Loss', { exact: true }).selectOption('ga-softmax');
  await page.getByRole('slider', { name: 'Margin m' }).fill('3');
  await page.getByLabel('Norm').selectOption('bn');
  await page.getByLabel('Optimizer').selectOption('sgd');
  await expect(page).toHaveURL(/op=cosine/);
  await expect(page).toHaveURL(/loss=ga-softmax/);
  await expect(page).toHaveURL(/m=3/);
  await expect(page).toHaveURL(/opt=sgd/);
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
  await trainUntil(page, 3);
  expect(Number.isFinite(await lossOf(page, 'sphere'))).toBe(true);
});

test('exports download: CSV, JSON and the trained models', async ({ page }) => {
  await openLab(page, `${SMALL}&backend=wasm`, 'wasm');
  await trainUntil(page, 5);
  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csvFile = await csv;
  expect(csvFile.suggestedFilename()).toBe('spherelab-run.csv');
  const csvText = await (await csvFile.createReadStream()).toArray();
  expect(Buffer.concat(csvText).toString()).toMatch(/^model,step,wall_ms,loss/);
  const json = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  expect((await json).suggestedFilename()).toBe('spherelab-run.json');
  const names: string[] = [];
  page.on('download', (d) => names.push(d.suggestedFilename()));
  await page.getByRole('button', { name: 'Download models (tfjs)' }).click();
  await expect.poll(() => names.length).toBe(4);
  expect(names.sort()).toEqual([
    'baseline.json',
    'baseline.weights.bin',
    'sphere.json',
    'sphere.weights.bin',
  ]);
});

test('generated MNIST IDX files load through the file picker; a wrong file gives a clear error', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openLab(page, 'backend=wasm&width=8&bs=16', 'wasm');
  await page.getByLabel('Dataset', { exact: true }).selectOption('files');
  const picker = page.getByLabel('Dataset files');
  await picker.setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello, not a dataset'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.txt' })).toBeVisible();
  const files = makeMnistIdxFileSet(300, 100, 5);
  await picker.setInputFiles(
    files.map(({ name, bytes }) => ({
      name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(bytes),
    })),
  );
  await expect(page.getByTestId('dataset-summary')).toContainText('300 train / 100 test', {
    timeout: 60_000,
  });
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
  await trainUntil(page, 5);
  expect(Number.isFinite(await lossOf(page, 'sphere'))).toBe(true);
  expect(errors.filter((e) => !e.includes('notes.txt'))).toEqual([]);
});

test('the Paper recipe preset sets the official optimizer and batch, lists the deviations and trains', async ({
  page,
}) => {
  await openLab(page, 'width=8&backend=wasm', 'wasm');
  await page.getByRole('button', { name: 'Paper recipe' }).click();
  await expect(page).toHaveURL(/preset=paper-recipe/);
  await expect(page.getByLabel('Batch size')).toHaveValue('128');
  await expect(page.getByLabel('Norm')).toHaveValue('bn');
  const note = page.getByLabel('Paper recipe details');
  await expect(note).toContainText('label smoothing 0.01');
  await note.getByText('Where SphereLab departs').click();
  await expect(note).toContainText('clamped');
  await trainUntil(page, 3);
  expect(Number.isFinite(await lossOf(page, 'sphere'))).toBe(true);
});
