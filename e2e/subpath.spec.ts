import { expect, test } from '@playwright/test';
import { SUB_PATH_URL } from '../playwright.config';
import { currentStep, watchErrors } from './helpers';

// The BASE_PATH=spherelab build on a static host that sends no COOP/COEP (as GitHub Pages):
// everything must load from under /spherelab/, and the service worker must bring isolation.
test('a /spherelab/ build on a header-less static host loads everything and trains', async ({
  page,
  context,
}) => {
  const errors = watchErrors(page);
  const requested: string[] = [];
  const failed: string[] = [];
  context.on('request', (r) => requested.push(r.url()));
  context.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${SUB_PATH_URL}?view=lab&width=8&bs=16&seed=3&backend=wasm`);
  // The service worker adds COOP/COEP; the page reloads once and is then isolated (wasm threads).
  // (An evaluate that lands during that reload fails: count it as "not yet".)
  const isolated = () => page.evaluate(() => window.crossOriginIsolated).catch(() => false);
  await expect.poll(isolated, { timeout: 30_000 }).toBe(true);
  await expect(page.getByRole('heading', { name: 'Lab', level: 2 })).toBeVisible(); // a lazy chunk
  await expect(page.getByTestId('active-backend')).toHaveText('wasm', { timeout: 90_000 }); // the worker
  // SharedArrayBuffer is what the wasm backend's threads need (how many it starts depends on the cores).
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  // Our wasm SIMD kernels load on the threaded build's shared heap too (else a notice says so).
  await expect(page.getByTestId('backend-status')).toContainText('SIMD kernels');
  await expect(page.getByTestId('dataset-summary')).toContainText('train', { timeout: 60_000 }); // MNIST
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(5);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Pause settles the run's metrics: both nets' losses are in once Train is enabled again.
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
  for (const id of ['sphere', 'baseline'])
    expect(Number(await page.getByTestId(`loss-${id}`).textContent()), id).toBeGreaterThan(0);
  // With two cores the SphereNet trains in the peer worker (src/engine/peer), its chunk from the sub-path too.
  if ((await page.evaluate(() => navigator.hardwareConcurrency)) >= 2) {
    await expect(page.getByTestId('worker-count')).toBeVisible();
    expect(requested.some((u) => /\/spherelab\/assets\/peerWorker-/.test(u))).toBe(true);
  }

  const origin = new URL(SUB_PATH_URL).origin;
  const ours = requested.filter((u) => u.startsWith(origin));
  for (const u of ours) expect(new URL(u).pathname.startsWith('/spherelab/'), u).toBe(true);
  expect(ours.some((u) => u.endsWith('.wasm'))).toBe(true);
  expect(ours.some((u) => u.includes('mnist-10k.bin.gz'))).toBe(true);
  expect(failed).toEqual([]);

  // Another view's lazy chunk, from the sub-path too.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Fourier' }).click();
  await expect(page.getByRole('heading', { name: 'Fourier', level: 2 })).toBeVisible();
  expect(page.url()).toContain('/spherelab/?view=fourier');
  expect(errors).toEqual([]);
});
