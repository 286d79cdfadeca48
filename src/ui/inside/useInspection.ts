import { useCallback, useEffect, useRef, useState } from 'react';
import type { InspectInput, WorkerToPage } from '../../engine/protocol';
import { appendInspection, type Timeline } from '../../inside/timeline';
import type { TrainingApi } from '../lab/useTraining';

export type Inspection = Extract<WorkerToPage, { type: 'inspection' }>;

/** At most this often while training (≤ 3 inspections a second). */
export const MIN_INTERVAL_MS = 333;
/**
 * While training, the next request waits this many times the last inspection's worker time, so
 * inspecting holds the worker at most 1/12 ≈ 8% of the time: the ≤ 10% throughput budget.
 */
export const INTERVAL_PER_COMPUTE = 12;
/** A request the worker never answered (it was replaced, or busy configuring) frees the slot. */
const ANSWER_TIMEOUT_MS = 15_000;

export interface InspectionState {
  latest?: Inspection;
  timeline: Timeline;
  failure?: string;
}

/**
 * Inspections of the worker's current models on `input`: one request outstanding at a time, a
 * new one when the input, the run or the step changes, rate-limited while training; an answer
 * for an input or run no longer shown is dropped. `runKey` names the run: a new one starts the
 * timeline again.
 */
export function useInspection(
  training: TrainingApi,
  opts: { input?: InspectInput; models?: string[]; runKey: string; enabled: boolean },
): InspectionState {
  const { request, state } = training;
  const [result, setResult] = useState<InspectionState>({ timeline: {} });
  const inFlight = useRef(false);
  const dirty = useRef(false);
  const lastSentAt = useRef(-Infinity);
  const lastComputeMs = useRef(0);
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const live = useRef({ ...opts, running: state.running, configured: state.configured });
  live.current = { ...opts, running: state.running, configured: state.configured };

  const schedule = useCallback(() => {
    const now = live.current;
    if (inFlight.current || !dirty.current || !now.enabled || !now.configured || !now.input) return;
    const gap = now.running ? Math.max(MIN_INTERVAL_MS, INTERVAL_PER_COMPUTE * lastComputeMs.current) : 0;
    const wait = lastSentAt.current + gap - performance.now();
    if (wait > 0) {
      timer.current ??= setTimeout(() => {
        timer.current = undefined;
        schedule();
      }, wait);
      return;
    }
    dirty.current = false;
    inFlight.current = true;
    lastSentAt.current = performance.now();
    const sentFor = generation.current;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const answer = new Promise<Inspection | undefined>((resolve) => {
      timeout = setTimeout(() => resolve(undefined), ANSWER_TIMEOUT_MS);
      request({ type: 'inspect', input: now.input!, models: now.models }).then(resolve, () =>
        resolve(undefined),
      );
    });
    void answer.then((a) => {
      clearTimeout(timeout);
      inFlight.current = false;
      if (!a) dirty.current = true;
      else {
        lastComputeMs.current = a.computeMs;
        if (sentFor === generation.current) {
          setResult((r) =>
            a.failure
              ? { ...r, failure: a.failure }
              : { latest: a, timeline: appendInspection(r.timeline, a.step, a.models), failure: undefined },
          );
        } else dirty.current = true;
      }
      schedule();
    });
  }, [request]);

  const trigger = useCallback(() => {
    dirty.current = true;
    schedule();
  }, [schedule]);

  // A new run: its first inspection starts the timeline again (older answers are dropped).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runKey is the trigger.
  useEffect(() => {
    generation.current += 1;
    setResult({ timeline: {} });
    trigger();
  }, [opts.runKey, trigger]);
  // A new input or set of nets: answers for the old one are dropped, the timeline stays.
  const modelsKey = opts.models?.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the input and the ids are the triggers.
  useEffect(() => {
    generation.current += 1;
    trigger();
  }, [opts.input, modelsKey, trigger]);
  // The weights moved (metrics come a few times a second while training), or the models appeared.
  // biome-ignore lint/correctness/useExhaustiveDependencies: step, configured and enabled are the triggers.
  useEffect(() => {
    trigger();
  }, [state.step, state.configured, opts.enabled, trigger]);
  useEffect(() => () => clearTimeout(timer.current), []);

  return result;
}
