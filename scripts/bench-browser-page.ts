/**
 * What bench-browser injects into the page (page.addInitScript) before the app's own code runs:
 * main-thread frame timestamps (requestAnimationFrame), long tasks (PerformanceObserver), and a
 * copy of every message the training worker posts (so images/s can be aggregated exactly over
 * the measured steps, with no change to the app). Also reads the WebGPU adapter in the page.
 */

/** Worker → page messages the bench keeps (metrics, status, ready, errors...). */
export interface RecordedMessage {
  /** performance.now() in the page when the message arrived. */
  t: number;
  data: { type: string; [key: string]: unknown };
}

export interface PageRecord {
  /** requestAnimationFrame timestamps (ms since navigation start). */
  frames: number[];
  longTasks: { start: number; duration: number }[];
  messages: RecordedMessage[];
  /** The training workers the page created (the bench asks the latest for a step profile). */
  workers?: Worker[];
}

/**
 * Page code as a script string. tsx (esbuild keepNames) wraps inner functions in `__name(...)`,
 * which does not exist in the page, so the string defines it first.
 */
export function inPage(fn: () => unknown): string {
  return `(() => { const __name = (f) => f; return (${fn.toString()})(); })()`;
}

declare global {
  interface Window {
    __bench?: PageRecord;
  }
}

/**
 * Runs in the page, so it must be self-contained (Playwright serializes it). Big replies
 * (predictions, exports, features) are skipped: only small status/metrics messages are kept.
 */
export function installInstrumentation(): void {
  const rec: PageRecord = { frames: [], longTasks: [], messages: [], workers: [] };
  window.__bench = rec;
  const tick = (t: number) => {
    rec.frames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task API: the frame intervals still show jank.
  }
  const keep = new Set([
    'ready',
    'measured',
    'dataset',
    'metrics',
    'status',
    'error',
    'deviceLost',
    'stepProfile',
  ]);
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      // The training worker (src/engine/client.ts names it): the bench asks it for a step profile.
      if (options?.name === 'spherelab-trainer') rec.workers?.push(this);
      this.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as RecordedMessage['data'] | undefined;
        if (data && typeof data === 'object' && keep.has(data.type)) {
          rec.messages.push({ t: performance.now(), data });
        }
      });
    }
  };
}

export interface AdapterInfo {
  description: string;
  isFallbackAdapter: boolean | null;
  available: boolean;
}

/** Runs in the page: the WebGPU adapter as the page sees it (no device is created). */
export async function readAdapterInPage(): Promise<AdapterInfo> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return { description: 'navigator.gpu missing', isFallbackAdapter: null, available: false };
  const adapter = (await gpu.requestAdapter()) as {
    info?: Record<string, unknown>;
    isFallbackAdapter?: boolean;
  } | null;
  if (!adapter) return { description: 'no adapter', isFallbackAdapter: null, available: false };
  const info = adapter.info ?? {};
  const parts = ['vendor', 'architecture', 'device', 'description']
    .map((k) => info[k])
    .filter((v): v is string => typeof v === 'string' && v !== '');
  const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter;
  return {
    description: parts.join(' / ') || 'unknown adapter',
    isFallbackAdapter: typeof fallback === 'boolean' ? fallback : null,
    available: true,
  };
}
