/**
 * Tells the page that its training worker is gone, which the browser does not: a worker that calls
 * self.close(), is killed for memory or runs into an endless loop sends no event at all. Two signals:
 * - A Web Lock the worker holds for its whole life (see holdLifeLock in ./worker.ts). The browser
 *   releases it when the worker's context ends, so the page's own request for it is granted at once:
 *   a dead worker is seen in milliseconds. Needs a secure context (https or localhost).
 * - Silence: a worker that has said nothing for QUIET_MS is pinged (it answers between steps, outside
 *   its message queue); one that stays silent for HANG_MS is taken as hung. This also covers browsers
 *   without Web Locks, only later.
 */

/** Silence after which the page pings; a training worker sends metrics every 250 ms, so pings are rare. */
export const QUIET_MS = 5_000;
/**
 * Silence after which a worker counts as hung. Legitimate work holds the worker's event loop for
 * seconds at most (a training step, a WebGL shader compile: ~15 s in total for SwiftShader's first step,
 * in pieces), so a minute of silence, even on a loaded machine, means it will not answer again.
 */
export const HANG_MS = 60_000;
const TICK_MS = 1_000;

export interface LivenessOptions {
  /** Sends the worker a ping (it answers with any message). */
  ping(): void;
  /** Called once, when the worker is taken for dead: `why` in words. */
  dead(why: string): void;
  now?: () => number;
  quietMs?: number;
  hangMs?: number;
}

/** The silence rule on its own (ticked by a timer in WorkerLiveness, by hand in tests). */
export class SilenceWatch {
  private lastHeard: number;
  private lastPing = Number.NEGATIVE_INFINITY;
  private over = false;
  private readonly now: () => number;
  private readonly quietMs: number;
  private readonly hangMs: number;

  constructor(private readonly options: LivenessOptions) {
    this.now = options.now ?? (() => performance.now());
    this.quietMs = options.quietMs ?? QUIET_MS;
    this.hangMs = options.hangMs ?? HANG_MS;
    this.lastHeard = this.now();
  }

  /** Any message from the worker. */
  heard(): void {
    this.lastHeard = this.now();
  }

  tick(): void {
    if (this.over) return;
    const now = this.now();
    const quiet = now - this.lastHeard;
    if (quiet >= this.hangMs) {
      this.end(`it did not answer for ${Math.round(quiet / 1000)} s`);
    } else if (quiet >= this.quietMs && now - this.lastPing >= this.quietMs) {
      this.lastPing = now;
      this.options.ping();
    }
  }

  /** Reports the death (once) and stops watching. */
  end(why: string): void {
    if (this.over) return;
    this.over = true;
    this.options.dead(why);
  }

  /** Stops watching without a report (the page ended the worker itself). */
  stop(): void {
    this.over = true;
  }

  get stopped(): boolean {
    return this.over;
  }
}

/** A lock name no other worker of any tab uses. */
export function lifeLockName(): string {
  const id = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  return `spherelab-trainer-life-${id}`;
}

/** The browser's Web Locks, where this context has them (not on plain http outside localhost). */
export function webLocks(): LockManager | undefined {
  return (globalThis.navigator as Navigator | undefined)?.locks;
}

/**
 * The worker's side: holds `name` until its context ends (closed, terminated, crashed); the browser
 * then releases it and the page, queued for it, learns at once that the worker is gone.
 */
export function holdLifeLock(name: string, held: () => void): void {
  const locks = webLocks();
  if (!locks) return;
  void locks
    .request(name, () => {
      held();
      return new Promise<never>(() => {});
    })
    .catch(() => {});
}

/** The silence watch on a timer, plus the worker's life lock once the worker says it holds it. */
export class WorkerLiveness {
  readonly watch: SilenceWatch;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly abort = new AbortController();

  constructor(options: LivenessOptions) {
    this.watch = new SilenceWatch(options);
    this.timer = setInterval(() => this.watch.tick(), TICK_MS);
  }

  /** The worker holds `lockName`: being granted it means the worker is gone. */
  watchLock(lockName: string): void {
    const locks = webLocks();
    if (!locks || this.watch.stopped) return;
    locks
      .request(lockName, { signal: this.abort.signal }, () => {
        this.watch.end('it stopped running');
        clearInterval(this.timer);
      })
      .catch(() => {
        // Aborted by stop(): the page ended the worker itself.
      });
  }

  stop(): void {
    clearInterval(this.timer);
    this.watch.stop();
    this.abort.abort();
  }
}
