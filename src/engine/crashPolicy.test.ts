import { describe, expect, it } from 'vitest';
import { CRASH_WINDOW_MS, type CrashHistory, decideAfterCrash, NO_CRASH } from './crashPolicy';

const crash = { message: 'boom', workerBackend: 'wasm' as const, selected: 'wasm' };

describe('decideAfterCrash: restart once, then ask the user', () => {
  it('restarts the first crash on the same backend, with the error and what follows in words', () => {
    const { history, decision } = decideAfterCrash(NO_CRASH, 1_000, crash);
    expect(decision).toEqual({
      kind: 'restart',
      backend: 'wasm',
      reason:
        'boom. A new worker was started on wasm with the same settings; if it crashes again, reload the page or pick another backend.',
      backendReason: undefined,
    });
    expect(history.lastCrashAt).toBe(1_000);
  });

  it('does not restart a second crash within the window: the page says to reload or pick another backend', () => {
    const first = decideAfterCrash(NO_CRASH, 1_000, crash);
    const second = decideAfterCrash(first.history, 1_000 + CRASH_WINDOW_MS - 1, crash);
    expect(second.decision.kind).toBe('failed');
    if (second.decision.kind !== 'failed') return;
    expect(second.decision.message).toContain('crashed twice within 60 s');
    expect(second.decision.message).toContain('reload the page or pick another backend');
    // A third one right after is not restarted either.
    expect(decideAfterCrash(second.history, 1_000 + CRASH_WINDOW_MS, crash).decision.kind).toBe('failed');
  });

  it('restarts again once the window has passed since the last crash', () => {
    const first = decideAfterCrash(NO_CRASH, 1_000, crash);
    expect(decideAfterCrash(first.history, 1_000 + CRASH_WINDOW_MS, crash).decision.kind).toBe('restart');
  });

  it('forgets earlier crashes after the user picks a backend or presses Try again (NO_CRASH)', () => {
    let history: CrashHistory = decideAfterCrash(NO_CRASH, 1_000, crash).history;
    history = decideAfterCrash(history, 2_000, crash).history;
    expect(decideAfterCrash(NO_CRASH, 2_500, crash).decision.kind).toBe('restart');
  });

  it('restarts auto on the backend it had picked, and says so', () => {
    const { decision } = decideAfterCrash(NO_CRASH, 0, { ...crash, workerBackend: 'auto', selected: 'cpu' });
    expect(decision).toMatchObject({
      kind: 'restart',
      backend: 'cpu',
      backendReason: 'cpu, the backend auto had picked before the worker crashed',
    });
    // auto before it had picked one: auto again.
    const early = decideAfterCrash(NO_CRASH, 0, { ...crash, workerBackend: 'auto', selected: undefined });
    expect(early.decision).toMatchObject({ kind: 'restart', backend: 'auto', backendReason: undefined });
  });
});
