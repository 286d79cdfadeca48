import type { BackendChoice } from './types';

/**
 * What the page does when its training worker has died (an uncaught error, a self.close(), a hang):
 * start a new one once, on the same backend with the same settings; a second crash within
 * CRASH_WINDOW_MS is not restarted by itself (a worker that keeps dying would loop), the user is
 * told what to do. Pure, so that the restart-once rule is tested without a browser
 * (crashPolicy.test.ts); src/ui/lab/useTraining.ts applies it.
 */

/** A second crash this soon after the first is not restarted again: the user is asked to act. */
export const CRASH_WINDOW_MS = 60_000;

/** When the last crash was (performance.now() time); -Infinity: none that counts. */
export type CrashHistory = { lastCrashAt: number };

/** No crash counts: a fresh page, the user's own pick of a backend, or "Try again". */
export const NO_CRASH: CrashHistory = { lastCrashAt: Number.NEGATIVE_INFINITY };

export type CrashDecision =
  | { kind: 'failed'; message: string }
  | {
      kind: 'restart';
      /** The backend the new worker runs on. */
      backend: BackendChoice;
      /** What happened and what runs now (the recovery notice). */
      reason: string;
      /** Why the new worker's backend differs from the one asked for, if it does. */
      backendReason?: string;
    };

export interface CrashContext {
  /** The dead worker's error, in words. */
  message: string;
  /** The backend the dead worker was asked to run. */
  workerBackend: BackendChoice;
  /** The backend it reported running (auto resolves to one), if it got that far. */
  selected?: string;
}

/** The decision for a crash at `now`, and the history that the next crash is judged by. */
export function decideAfterCrash(
  history: CrashHistory,
  now: number,
  crash: CrashContext,
): { history: CrashHistory; decision: CrashDecision } {
  const next = { lastCrashAt: now };
  if (now - history.lastCrashAt < CRASH_WINDOW_MS) {
    return {
      history: next,
      decision: {
        kind: 'failed',
        message: `${crash.message}. It crashed twice within ${CRASH_WINDOW_MS / 1000} s, so it is not started again by itself: reload the page or pick another backend.`,
      },
    };
  }
  // auto: the backend it had picked (measuring again would cost seconds and might pick another).
  const { workerBackend, selected } = crash;
  const same = workerBackend === 'auto' && selected ? (selected as BackendChoice) : workerBackend;
  return {
    history: next,
    decision: {
      kind: 'restart',
      backend: same,
      reason: `${crash.message}. A new worker was started on ${same} with the same settings; if it crashes again, reload the page or pick another backend.`,
      backendReason:
        same === workerBackend ? undefined : `${same}, the backend auto had picked before the worker crashed`,
    },
  };
}
