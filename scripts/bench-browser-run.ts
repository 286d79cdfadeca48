/**
 * One measured page for bench-browser: opens the Lab in a fresh browser context (cold HTTP cache)
 * with the instrumentation installed, times load → Train enabled → first step, trains for
 * warm-up + measured steps, and returns images/s per model plus the main thread's frame
 * intervals and long tasks over the measured steps.
 */
import type { Browser, Page } from '@playwright/test';
import { inPage, installInstrumentation, type PageRecord } from './bench-browser-page';
import {
  type FrameStats,
  frameIntervals,
  frameStats,
  type LongTaskStats,
  longTaskStats,
  type ModelThroughput,
  modelThroughput,
  progressOf,
  timeOfStep,
} from './bench-browser-stats';

export interface LoadTiming {
  /** All in ms from navigation start, in the page's clock. */
  domContentLoadedMs: number;
  firstContentfulPaintMs: number;
  /** The worker reported its backend ready. */
  backendReadyMs: number;
  /** Train button enabled: worker up, dataset loaded, models built and evaluated once. */
  trainEnabledMs: number;
  /** The first step's metrics reached the page (Train clicked as soon as it was enabled). */
  firstStepMs: number;
  /** Bytes over the wire (headers + encoded bodies), page and worker, up to the first step. */
  transferredBytes: number;
}

export interface Transfer {
  file: string;
  bytes: number;
  encoding: string;
  /** True when the browser gave no size (worker fetches) and our gzip size stands in. */
  estimated: boolean;
}

export interface BackendRun {
  requested: string;
  /** What the worker actually runs on (differs when the requested backend could not start). */
  backend: string;
  reason: string;
  notices: string[];
  wasmThreads?: number;
  /** auto only: what it timed on the run before picking (src/engine/backends/autoBackend.ts). */
  autoMeasurement?: {
    chosen: string;
    timings: { backend: string; imagesPerSecond?: number; atMost?: boolean; failure?: string }[];
  };
  load: LoadTiming;
  /** What the page and its worker fetched up to the first step, largest first. */
  transfers: Transfer[];
  models: Record<string, ModelThroughput>;
  warmup: number;
  measuredSteps: number;
  /** Lockstep wall time per step over the measured steps (both models, evals, messaging). */
  wallMsPerStep: number;
  frames: FrameStats;
  /** The same page before Train was pressed. */
  idleFrames: FrameStats;
  frameIntervals: number[];
  longTasks: LongTaskStats;
  /** Kernels one training step runs, per model (tf.profile in the worker, after the measured steps). */
  kernelsPerStep?: Record<string, number>;
  /** The most frequent kernels of that step, per model. */
  topKernels?: Record<string, { name: string; count: number }[]>;
  /** Why there are no kernel counts (the profile failed or timed out). */
  kernelsError?: string;
  error?: string;
}

export interface RunOptions {
  baseUrl: string;
  /** Query string after "/?" (e.g. "view=lab&backend=wasm&exact=1"). */
  query: string;
  warmup: number;
  steps: number;
  /** Seconds of frames recorded with the Lab loaded but not training (0 = none). */
  idleSeconds: number;
  /** Give up on the measured steps after this long (the steps done so far still count). */
  maxSeconds: number;
  batchSize: number;
  /** Encoded size to assume for a file the browser reports no size for (path under the dist root). */
  estimateBytes?: (file: string) => number | undefined;
  /** After the measured steps, profile one training step per model in the worker (kernels per step). */
  profile?: boolean;
}

type StepProfiles = Record<string, { kernels: number; top: { name: string; count: number }[] }>;

/** Asks the training worker for tf.profile of one step per model (a 'profileStep' message) and waits. */
async function profileStep(
  page: Page,
  timeoutMs: number,
): Promise<{ byModel?: StepProfiles; error?: string }> {
  const from = (await page.evaluate(
    inPage(() => {
      const rec = window.__bench;
      const worker = rec?.workers?.[rec.workers.length - 1];
      worker?.postMessage({ type: 'profileStep', requestId: 9001 });
      return worker ? (rec?.messages.length ?? 0) : -1;
    }),
  )) as number;
  if (from < 0) return { error: 'no training worker to profile' };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = (await page.evaluate(
      `(window.__bench?.messages ?? []).slice(${from}).map((m) => m.data).find((d) => d.type === 'stepProfile' || d.type === 'error') ?? null`,
    )) as { type: string; byModel?: StepProfiles; message?: string } | null;
    if (reply?.type === 'stepProfile') return { byModel: reply.byModel };
    if (reply) return { error: `profile: ${reply.message}` };
    if (Date.now() > deadline) return { error: `profile: no reply within ${timeoutMs / 1000} s` };
    await page.waitForTimeout(250);
  }
}

const lastRecord = (page: Page) => page.evaluate('window.__bench') as Promise<PageRecord>;

/** Waits (polling the page) until the metrics step reaches `step`, an error arrives, or the deadline. */
async function waitForStep(
  page: Page,
  step: number,
  deadline: number,
): Promise<{ step: number; error?: string }> {
  for (;;) {
    const progress = (await page.evaluate(
      inPage(() => {
        let s = 0;
        let error: string | undefined;
        for (const { data } of window.__bench?.messages ?? []) {
          if (data.type === 'metrics') s = data.step as number;
          if ((data.type === 'error' || data.type === 'deviceLost') && !error) error = String(data.message);
        }
        return { step: s, error };
      }),
    )) as { step: number; error?: string };
    if (progress.step >= step || progress.error || Date.now() > deadline) return progress;
    await page.waitForTimeout(200);
  }
}

export async function runLab(browser: Browser, opts: RunOptions): Promise<BackendRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const transfers: Transfer[] = [];
  let counting = true;
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (!url.protocol.startsWith('http') || !counting) return;
    void Promise.all([request.sizes(), request.response()]).then(async ([sizes, response]) => {
      const headers = (await response?.allHeaders()) ?? {};
      const file = url.pathname.replace(/^\//, '') || 'index.html';
      // The worker's own fetches report no body size here: estimate with our gzip of the file.
      const measured = sizes.responseBodySize > 0;
      const body = measured ? sizes.responseBodySize : (opts.estimateBytes?.(file) ?? 0);
      transfers.push({
        file,
        bytes: body + Math.max(0, sizes.responseHeadersSize),
        encoding: headers['content-encoding'] ?? 'none',
        estimated: !measured,
      });
    });
  });
  await page.addInitScript({ content: inPage(installInstrumentation) });
  const requested = new URLSearchParams(opts.query).get('backend') ?? 'auto';
  try {
    await page.goto(`${opts.baseUrl}/?${opts.query}`);
    const train = page.getByRole('button', { name: 'Train', exact: true });
    await page.waitForFunction(
      `(() => {
        const ok = [...document.querySelectorAll('button')].some((b) => b.textContent === 'Train' && !b.disabled);
        if (ok) performance.mark('bench:train-enabled');
        return ok;
      })()`,
      undefined,
      { timeout: 180_000, polling: 'raf' },
    );
    // A quiet stretch before training: the page's own frame pacing, for comparison.
    const idleFrom = (await page.evaluate('performance.now()')) as number;
    await page.waitForTimeout(opts.idleSeconds * 1000);
    const idleTo = (await page.evaluate('performance.now()')) as number;
    await train.click();
    const first = await waitForStep(page, 1, Date.now() + 300_000);
    counting = false;
    const nav = (await page.evaluate(
      "(() => { const n = performance.getEntriesByType('navigation')[0]; const p = performance.getEntriesByName('first-contentful-paint')[0]; return { dcl: n ? n.domContentLoadedEventEnd : NaN, fcp: p ? p.startTime : NaN }; })()",
    )) as { dcl: number; fcp: number };
    const trainEnabledMs = (await page.evaluate(
      "performance.getEntriesByName('bench:train-enabled')[0]?.startTime ?? NaN",
    )) as number;
    let record = await lastRecord(page);
    const readyMsg = record.messages.find((m) => m.data.type === 'ready');
    // auto names its backend once it has timed them ('measured'); a forced one in 'ready'.
    const chosenMsg = record.messages
      .filter((m) => m.data.type === 'ready' || m.data.type === 'measured')
      .pop();
    const selection = (chosenMsg?.data.selection ?? {}) as {
      backend?: string;
      reason?: string;
      notices?: string[];
      wasmThreads?: number;
      measurement?: BackendRun['autoMeasurement'];
    };
    const load: LoadTiming = {
      domContentLoadedMs: nav.dcl,
      firstContentfulPaintMs: nav.fcp,
      backendReadyMs: readyMsg?.t ?? Number.NaN,
      trainEnabledMs,
      // As if Train had been pressed the moment it was enabled (the idle stretch left out).
      firstStepMs: trainEnabledMs + (timeOfStep(record.messages, 1) ?? Number.NaN) - idleTo,
      transferredBytes: transfers.reduce((sum, t) => sum + t.bytes, 0),
    };
    const base = {
      requested,
      backend: selection.backend ?? 'unknown',
      reason: selection.reason ?? '',
      notices: selection.notices ?? [],
      wasmThreads: selection.wasmThreads,
      autoMeasurement: selection.measurement,
      load,
      transfers: [...transfers].sort((a, b) => b.bytes - a.bytes),
      warmup: opts.warmup,
    };
    let error = first.error ?? (first.step < 1 ? 'no training step within 300 s' : undefined);
    if (!error) {
      const end = await waitForStep(page, opts.warmup + opts.steps, Date.now() + opts.maxSeconds * 1000);
      error = end.error;
      if (end.step > opts.warmup) {
        await page
          .getByRole('button', { name: 'Pause', exact: true })
          .click({ timeout: 5_000 })
          .catch(() => {});
      }
    }
    let profile: { byModel?: StepProfiles; error?: string } = {};
    if (opts.profile && !error) profile = await profileStep(page, opts.maxSeconds * 1000);
    record = await lastRecord(page);
    const tStart = timeOfStep(record.messages, opts.warmup) ?? Number.POSITIVE_INFINITY;
    const { step: lastStep } = progressOf(record.messages);
    const tEnd = timeOfStep(record.messages, lastStep) ?? tStart;
    const metricsAt = (t: number) =>
      record.messages.find((m) => m.t === t)?.data.wallMs as number | undefined;
    const startStep = record.messages.find((m) => m.t === tStart)?.data.step as number | undefined;
    const wallSpan = (metricsAt(tEnd) ?? 0) - (metricsAt(tStart) ?? 0);
    const measuredSteps = startStep === undefined ? 0 : lastStep - startStep;
    const intervals = frameIntervals(record.frames, tStart, tEnd);
    if (pageErrors.length && !error) error = `page error: ${pageErrors[0]}`;
    return {
      ...base,
      models: modelThroughput(record.messages, startStep ?? opts.warmup, opts.batchSize),
      measuredSteps,
      wallMsPerStep: measuredSteps > 0 ? wallSpan / measuredSteps : Number.NaN,
      frames: frameStats(intervals),
      idleFrames: frameStats(frameIntervals(record.frames, idleFrom, idleTo)),
      frameIntervals: intervals,
      longTasks: longTaskStats(record.longTasks, tStart, tEnd),
      ...(profile.byModel && {
        kernelsPerStep: Object.fromEntries(Object.entries(profile.byModel).map(([id, p]) => [id, p.kernels])),
        topKernels: Object.fromEntries(Object.entries(profile.byModel).map(([id, p]) => [id, p.top])),
      }),
      kernelsError: profile.error,
      error,
    };
  } finally {
    await context.close();
  }
}
