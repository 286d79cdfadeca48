import { useEffect, useState } from 'react';
import type { WorkerToPage } from '../../engine/protocol';
import type { TrainingApi } from '../lab/useTraining';

export type FeaturesSnapshot = Extract<WorkerToPage, { type: 'featuresResult' }>;

/** At most this often while training: a few updates a second, as the issue asks. */
const POLL_MS = 250;

/**
 * The latest 2-D features of the first `count` test digits. While training, it polls the worker a
 * few times a second, one request in flight at a time, and backs off when a reply takes long (the
 * forward pass on 2,000 digits shares the worker with training: it must not eat most of its time).
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
      if (running) timer = setTimeout(tick, Math.max(POLL_MS, 2 * (performance.now() - t0)));
    };
    void tick().catch(() => undefined);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [configured, pollKey, request, count, runKey]);

  return snapshot;
}
