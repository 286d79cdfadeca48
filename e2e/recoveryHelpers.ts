import { expect, type Page, type Worker as PageWorker, test } from '@playwright/test';
import { currentStep } from './helpers';

/** Shared by e2e/recovery.spec.ts's tests: timing a Lab that must train again, and its workers. */

/** What the issue asks of every recovery: a trainable Lab (or a message saying what to do) within this. */
export const RECOVER_MS = 5_000;

/** Uncaught page errors (the bug this guards against threw "The training worker is not running."). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/**
 * Counts the messages the page posts to workers, by type (wraps Worker.prototype.postMessage), and
 * the most requests (messages with a requestId) of each type waiting for their answer at once.
 * A request leaves the waiting list when its answer arrives, in a listener added as the worker is
 * made, so it runs before the app's own onmessage: that handler may post the next request of the
 * same kind on the spot (the coalescer sends its queued request once the answer is in), and a
 * listener added later would still count the answered one then.
 */
export async function countPostedMessages(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counts: Record<string, number> = {};
    const most: Record<string, number> = {};
    const w = window as unknown as {
      __posted: Record<string, number>;
      __mostOutstanding: Record<string, number>;
    };
    w.__posted = counts;
    w.__mostOutstanding = most;
    const open = new WeakMap<Worker, Map<number, string>>();
    const OriginalWorker = window.Worker;
    window.Worker = class extends OriginalWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        const mine = new Map<number, string>();
        open.set(this, mine);
        this.addEventListener('message', (e) =>
          mine.delete((e.data as { requestId?: number })?.requestId ?? -1),
        );
      }
    };
    const original = OriginalWorker.prototype.postMessage;
    OriginalWorker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const { type = 'other', requestId } = (message ?? {}) as { type?: string; requestId?: number };
      counts[type] = (counts[type] ?? 0) + 1;
      const waiting = open.get(this);
      if (typeof requestId === 'number' && waiting) {
        waiting.set(requestId, type);
        const now = [...waiting.values()].filter((t) => t === type).length;
        most[type] = Math.max(most[type] ?? 0, now);
      }
      return (original as (...a: unknown[]) => void).call(this, message, ...rest);
    } as Worker['postMessage'];
  });
}

export const mostOutstanding = (page: Page) =>
  page.evaluate(() => ({
    ...(window as unknown as { __mostOutstanding: Record<string, number> }).__mostOutstanding,
  }));

export const posted = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as { __posted: Record<string, number> }).__posted }));

/**
 * Waits for Train to be enabled within `enabledMs` of `t0`, presses it and waits until the step
 * count passes `from` within `stepMs` of `t0`; returns the ms from `t0` to that step.
 */
export async function trainsPast(
  page: Page,
  from: number,
  t0: number,
  enabledMs = RECOVER_MS,
  stepMs = enabledMs,
): Promise<number> {
  const left = (ms: number) => Math.max(1, ms - (Date.now() - t0));
  const train = page.getByRole('button', { name: 'Train' });
  await expect(train).toBeEnabled({ timeout: left(enabledMs) });
  await train.click();
  await expect
    .poll(() => currentStep(page), { timeout: left(stepMs), intervals: [100] })
    .toBeGreaterThan(from);
  return Date.now() - t0;
}

/** Waits (up to `withinMs` from `t0`) for Train to be enabled; returns the ms from `t0`. */
export async function trainEnabledAfter(page: Page, t0: number, withinMs = RECOVER_MS): Promise<number> {
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled({
    timeout: Math.max(1, withinMs - (Date.now() - t0)),
  });
  return Date.now() - t0;
}

export async function pause(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
}

/** The training worker's script (src/engine/worker.ts, built as assets/worker-<hash>.js). */
const TRAINING_WORKER_URL = /\/worker[-.][^/]*$/;

/**
 * The page's live training worker (wasm's own thread workers are not it). `not`: a worker that was
 * ended, to wait for its replacement.
 */
export async function trainingWorker(page: Page, not?: PageWorker): Promise<PageWorker> {
  const find = () => page.workers().find((w) => TRAINING_WORKER_URL.test(w.url()) && w !== not);
  await expect.poll(() => find() !== undefined, { timeout: 30_000 }).toBe(true);
  return find() as PageWorker;
}

/**
 * Kills the training worker from the test, as an uncaught error or a silent self.close() would.
 * Resolves to the instant (Date.now()) the worker did it: a busy worker runs the scheduled crash
 * only between its chunks of work, seconds after the call on a slow model, and recovery is timed
 * from the crash itself.
 */
export async function crash(worker: PageWorker, how: 'throw' | 'close'): Promise<number> {
  const at = new Promise<number>((resolve) => {
    const fallback = setTimeout(() => resolve(Date.now()), 120_000);
    const onConsole = (m: { text(): string }) => {
      const hit = /^crash-at (\d+)$/.exec(m.text());
      if (!hit) return;
      clearTimeout(fallback);
      worker.off('console', onConsole);
      resolve(Number(hit[1]));
    };
    worker.on('console', onConsole);
  });
  await worker.evaluate((kind) => {
    // After this evaluate has returned, so that Playwright's call itself settles.
    setTimeout(() => {
      console.log(`crash-at ${Date.now()}`);
      if (kind === 'close') self.close();
      else throw new Error('crash forced by the test');
    }, 50);
  }, how);
  return at;
}

/** Opens the Lab on WebGPU, or skips (with the reason printed) where this browser has none. */
export async function openOnWebGpu(page: Page): Promise<void> {
  await page.goto('/?view=lab&backend=webgpu&width=4&bs=8&seed=3');
  const active = page.getByTestId('active-backend');
  await expect(active).not.toBeEmpty({ timeout: 120_000 });
  if ((await active.textContent()) !== 'webgpu') {
    const why = (await page.getByTestId('backend-status').textContent()) ?? '';
    console.log(`SKIPPED: no WebGPU in this headless browser (${why})`);
    test.skip(true, `no WebGPU in this headless browser: ${why}`);
  }
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled({ timeout: 120_000 });
}
