import { useEffect, useState } from 'react';
import type { WorkerToPage } from '../../engine/protocol';
import type { TrainingApi } from '../lab/useTraining';

export type FeaturesSnapshot = Extract<WorkerToPage, { type: 'featuresResult' }>;

/** At most this often while training: a few updates a second, as the issue asks. */
const POLL_MS = 250;
/**
 * The most of the workers' time the live plot takes while training: a reply that took T waits
 * T·(1 − share)/share before the next request. A readout is a forward pass of 2,000 digits
 * through each net (≈ 10 training steps' work); at 1/5 the plot updates every few seconds and the
 * recipe's 3,600 steps take 1.25× their training time, where the old "twice the reply" rule (1/3)
 * took 1.5×.
 */
export const READOUT_SHARE = 0.2;

/**
 * The latest 2-D features of the first `count` test digits. While training, it polls the worker a
 * few times a second, one request in flight at a time, and backs off when a reply takes long (the
 * forward pass on 2,000 digits shares the worker with training: READOUT_SHARE of its time at most).
 * While idle, it fetches once per step change (a reset, a Step, the end of a run).
 * `runKey` names the run: a new one drops the old snapshot.
 */
export function useFeaturePolling(training: TrainingApi, count: number, runKey: string) {
  const [snapshot, setSnapshot] = useState<FeaturesSnapshot>();
  const { running, configured, step } = training.state;
  const { request } = training;
  // While running, the key stays fixed (metrics must not restart the loop); idle, each step refetches.
  const pollKey = running ? 'running' : `idle-${step}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runKey drops the previous run's snapshot.
  useEffect(() => setSnapshot(undefined), [runKey]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: pollKey encodes running and step.
  useEffect(() => {
    if (!configured) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const t0 = performance.now();
      const reply = await request({ type: 'features', count });
      if (cancelled) return;
      if (reply) setSnapshot(reply);
      const took = performance.now() - t0;
      if (running) timer = setTimeout(tick, Math.max(POLL_MS, (took * (1 - READOUT_SHARE)) / READOUT_SHARE));
    };
    void tick().catch(() => undefined);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [configured, pollKey, request, count, runKey]);

  return snapshot;
}
