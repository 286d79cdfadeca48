/**
 * The `auto` backend's decisions, as pure functions (no tf.js): which backends to time, when a
 * timing can stop early, which one to keep, when a run needs new timings. The worker measures
 * (./measureBackends.ts); everything it decides is here, unit-tested with injected timings.
 */
import type { BackendName } from '../../tfjs/backendModules';
import type { BackendMeasurement, BackendTiming, RunConfig } from '../types';

/**
 * Auto never keeps a backend that is this much slower than the best one it measured (the
 * property the tests check). Below HYSTERESIS it stays on the backend it already runs on, so
 * timing noise does not flip it between two equally fast ones.
 */
export const SLOWER_LIMIT = 0.1;
export const HYSTERESIS = 0.05;

/** Tie-break order when two figures are equal (the order auto preferred before it measured). */
export const PREFERENCE: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

/**
 * The backends auto times, in order. wasm first: it always starts fast and gives the figure the
 * others' early stop compares with. WebGPU only on a hardware adapter (a software one such as
 * SwiftShader is far slower than wasm), and WebGL likewise only on a hardware renderer (on
 * SwiftShader it ran the Lab's pair at 49 img/s against wasm's 1,076, and timing it cost a cold
 * load 2.5–3.5 s). An unknown renderer is timed. cpu is never timed: it is the last resort when
 * none of these can start.
 */
export type RendererKind = 'hardware' | 'software' | 'none' | 'unknown';

export function candidateOrder(webgpu: RendererKind, webgl: RendererKind = 'unknown'): BackendName[] {
  const order: BackendName[] = ['wasm'];
  if (webgpu === 'hardware') order.push('webgpu');
  if (webgl === 'hardware' || webgl === 'unknown') order.push('webgl');
  return order;
}

/** Renderer strings of software rasterizers (Chrome's SwiftShader, Mesa's llvmpipe/softpipe/lavapipe). */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|lavapipe|software|microsoft basic render/i.test(renderer);
}

/**
 * What makes a run cost what it costs: batch size and, per model, its widths and depth (a recurrent
 * model: its cell and hidden units). Timings are cached per key; a change of width, batch or model
 * set measures again, going back does not.
 */
export function costKey(config: Pick<RunConfig, 'batchSize' | 'models'>): string {
  const models = config.models.map((m) => {
    const { spec } = m;
    if (spec.kind === 'net')
      return `${m.id}:${spec.net.widths.join('/')}x${spec.net.depth}${spec.net.norm === 'bn' ? 'bn' : ''}`;
    if (spec.kind === 'recurrent') return `${m.id}:${spec.rnn.cell}${spec.rnn.hiddenUnits}`;
    return `${m.id}:tiny${spec.filters}`;
  });
  return `b${config.batchSize}|${models.join(',')}`;
}

/** How long a backend is timed: warm-up (shader compiles), then a few awaited steps. */
export const TIMING_PLAN = {
  /** The first step compiles shaders and allocates: never timed. */
  warmupSteps: 1,
  /** A second warm-up step when the first was this quick (cheap for fast backends, steadier figure). */
  secondWarmupBelowMs: 400,
  maxSteps: 5,
  minSteps: 2,
  /** Timed steps stop once they have taken this long (minSteps reached). */
  budgetMs: 700,
  /** One timed step this many times slower than the best median so far is enough to rule it out. */
  clearlySlower: 2,
  /** A forward-only probe this many times the best step rules a backend out (see probeRulesOut). */
  probeSlower: 1.5,
} as const;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** After each timed step: stop timing this backend? `bestMs` = the best median measured so far. */
export function timingDone(stepsMs: readonly number[], bestMs: number | undefined): boolean {
  const n = stepsMs.length;
  if (n >= TIMING_PLAN.maxSteps) return true;
  if (n === 0) return false;
  // A clear loser needs no second step: even its fastest step is far behind.
  if (bestMs !== undefined && Math.min(...stepsMs) > TIMING_PLAN.clearlySlower * bestMs) return true;
  const spent = stepsMs.reduce((a, b) => a + b, 0);
  return n >= TIMING_PLAN.minSteps && spent >= TIMING_PLAN.budgetMs;
}

/**
 * Before a full timing (whose warm-up compiles every shader of every model: ~5 s on a software
 * GPU), a backend gets a probe: one warm forward pass of each model. That is less work than a
 * lockstep training step, so a probe well over the best step rules the backend out (it could only
 * be slower still). The margin is for the noise of a single timed pass.
 */
export function probeRulesOut(probeMs: number, bestMs: number | undefined): boolean {
  return bestMs !== undefined && probeMs > TIMING_PLAN.probeSlower * bestMs;
}

/** The figure of a backend ruled out by its probe: a bound, not a measurement of the run. */
export function boundedTiming(backend: BackendName, probeMs: number, batchSize: number): BackendTiming {
  return {
    backend,
    msPerStep: probeMs,
    imagesPerSecond: (batchSize * 1000) / probeMs,
    steps: 0,
    atMost: true,
  };
}

/** A timing's figure from its step times (failure when there are none or they are not finite). */
export function summarize(
  backend: BackendName,
  stepsMs: readonly number[],
  batchSize: number,
  failure?: string,
): BackendTiming {
  const ms = median(stepsMs);
  if (failure || !(ms > 0) || !Number.isFinite(ms)) {
    return { backend, steps: stepsMs.length, failure: failure ?? 'no timed step finished' };
  }
  return { backend, msPerStep: ms, imagesPerSecond: (batchSize * 1000) / ms, steps: stepsMs.length };
}

const hasFigure = (t: BackendTiming): t is BackendTiming & { imagesPerSecond: number } =>
  !t.failure &&
  t.imagesPerSecond !== undefined &&
  Number.isFinite(t.imagesPerSecond) &&
  t.imagesPerSecond > 0;

/**
 * The measured backends that may run the job, best first: the fastest, then the others within
 * SLOWER_LIMIT of it (fallbacks if switching to the first fails). The one already running stays
 * first when it is within HYSTERESIS of the best; equal figures go by PREFERENCE. Empty when no
 * backend gave a figure.
 */
export function rankBackends(timings: readonly BackendTiming[], current?: BackendName): BackendName[] {
  const ok = timings.filter(hasFigure).filter((t) => !t.atMost);
  if (ok.length === 0) return [];
  const rank = (b: BackendName) => PREFERENCE.indexOf(b);
  const sorted = [...ok].sort(
    (a, b) => b.imagesPerSecond - a.imagesPerSecond || rank(a.backend) - rank(b.backend),
  );
  const best = sorted[0].imagesPerSecond;
  // "10% slower" in step time (the stricter reading: 10% more time is 9.1% fewer images/s).
  const allowed = sorted.filter((t) => t.imagesPerSecond * (1 + SLOWER_LIMIT) > best);
  const stay = allowed.find((t) => t.backend === current && t.imagesPerSecond >= (1 - HYSTERESIS) * best);
  const order = allowed.map((t) => t.backend);
  return stay ? [stay.backend, ...order.filter((b) => b !== stay.backend)] : order;
}

const IMG_PER_S = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function figure(t: BackendTiming): string {
  if (!hasFigure(t)) return `${t.backend} failed`;
  const ips = t.imagesPerSecond;
  return `${t.backend} ${t.atMost ? '< ' : ''}${ips < 10 ? ips.toFixed(1) : IMG_PER_S.format(ips)} img/s`;
}

/** "webgpu 2,650 img/s · wasm 1,080 img/s · webgl < 40 img/s → webgpu": fastest first, failures last. */
export function describeMeasurement(m: Pick<BackendMeasurement, 'timings' | 'chosen'>): string {
  const ordered = [...m.timings].sort(
    (a, b) => (hasFigure(b) ? b.imagesPerSecond : -1) - (hasFigure(a) ? a.imagesPerSecond : -1),
  );
  return `${ordered.map(figure).join(' · ')} → ${m.chosen}`;
}

/** The reason line for the UI (and notices for what failed on the way). */
export function measuredReason(m: BackendMeasurement): { reason: string; notices: string[] } {
  const notices = m.timings.filter((t) => !hasFigure(t)).map((t) => `auto: ${t.backend} — ${t.failure}`);
  const how = m.cached ? 'timed earlier on a run of this size' : 'timed on this run';
  return { reason: `auto picked the fastest of the backends ${how}`, notices };
}
