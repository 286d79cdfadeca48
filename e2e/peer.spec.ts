import { expect, type Page, test } from '@playwright/test';
import { currentStep, lossOf, openLab, watchErrors } from './helpers';
import { crash, trainsPast } from './recoveryHelpers';

// The pair split over two workers (src/engine/peer) trains what one worker trains, bit for bit.
const RUN = 'width=8&bs=16&seed=3&backend=wasm';

async function stepTimes(page: Page, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBe(i);
  }
}

const losses = async (page: Page) => ({
  sphere: await lossOf(page, 'sphere'),
  baseline: await lossOf(page, 'baseline'),
});

test('two workers, one net per core: the same curves as one worker, and the link can ask for one', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const peerChunks: string[] = [];
  page.on('request', (r) => {
    if (/peerWorker/.test(r.url())) peerChunks.push(r.url());
  });
  await openLab(page, RUN, 'wasm');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await stepTimes(page, 6);
  const split = await losses(page);
  // With two cores or more the pair is split, and the backend line says so.
  const workerCount = page.getByTestId('worker-count');
  if (cores >= 2) {
    await expect(workerCount).toHaveText(/in 2 workers, one net per core/);
    expect(peerChunks.length).toBeGreaterThan(0);
  } else await expect(workerCount).toHaveCount(0);
  await expect(page.getByTestId('throughput')).toContainText(/\d+ images\/s/);

  await openLab(page, `${RUN}&workers=1`, 'wasm');
  await expect(page.getByText(/ignored/i)).toHaveCount(0);
  await stepTimes(page, 6);
  await expect(workerCount).toHaveCount(0);
  const alone = await losses(page);
  expect(Number.isFinite(alone.sphere) && Number.isFinite(alone.baseline)).toBe(true);
  expect(split).toEqual(alone);
  expect(errors).toEqual([]);
});

test('a peer worker that crashes mid-run: the run goes on from its snapshot, in one worker', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openLab(page, RUN, 'wasm');
  test.skip((await page.evaluate(() => navigator.hardwareConcurrency)) < 2, 'one core: no peer worker');
  await expect(page.getByTestId('worker-count')).toBeVisible();
  await trainsPast(page, 2, Date.now(), 60_000, 120_000);
  // A running loop sends its weights every 3 s: let one arrive, to go on from it after the crash.
  await page.waitForTimeout(3_500);
  const peer = page.workers().find((w) => /peerWorker-/.test(w.url()));
  expect(peer, 'the peer worker').toBeDefined();
  await crash(peer as NonNullable<typeof peer>, 'throw');
  const notice = page.getByTestId('recovery-notice');
  await expect(notice).toContainText('peer training worker stopped', { timeout: 30_000 });
  await expect(notice).toContainText('A new worker was started on wasm with the same settings');
  const resume = page.getByRole('button', { name: /^Continue from step \d+$/ });
  await expect(resume).toBeEnabled({ timeout: 30_000 });
  const from = Number(((await resume.textContent()) ?? '').replace(/\D+/g, ''));
  expect(from).toBeGreaterThan(0);
  await resume.click();
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBeGreaterThan(from);
  // The replacement trains the pair alone: a peer that died once is not tried again for this run.
  await expect(page.getByTestId('worker-count')).toHaveCount(0);
  expect(Number.isFinite(await lossOf(page, 'baseline'))).toBe(true);
});
