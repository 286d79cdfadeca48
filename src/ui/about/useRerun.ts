/**
 * One claim's rerun in the browser: a dedicated worker (src/replication/rerun/worker.ts) on the
 * page's backend, apart from the Lab's training worker. Cancel terminates that worker; the next
 * estimate or start makes a fresh one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackendChoice, BackendSelection } from '../../engine/types';
import { RerunClient } from '../../replication/rerun/client';
import type { RerunToPage } from '../../replication/rerun/protocol';
import type { RerunRequest } from '../../replication/rerun/rerunJob';
import type { ClaimEstimate } from '../../replication/run/estimate';
import type { SeedDone } from '../../replication/run/runClaim';
import type { ClaimResult } from '../../replication/types';

export type RerunPhase = 'idle' | 'estimating' | 'ready' | 'running' | 'done' | 'cancelled' | 'error';

export interface RerunState {
  phase: RerunPhase;
  selection?: BackendSelection;
  estimate?: ClaimEstimate;
  /** Seeds finished so far, in order (search seeds first for C1 when its grid runs). */
  seeds: SeedDone[];
  result?: ClaimResult;
  error?: string;
  /** What the worker is doing before it is ready (loading MNIST). */
  task?: string;
  startedAt?: number;
  /** When the result arrived (performance.now()): the run's measured length is endedAt − startedAt. */
  endedAt?: number;
}

const INITIAL: RerunState = { phase: 'idle', seeds: [] };

export function useRerun(backend: BackendChoice) {
  const [state, setState] = useState<RerunState>(INITIAL);
  const client = useRef<RerunClient | undefined>(undefined);

  const onMessage = useCallback((message: RerunToPage) => {
    setState((s) => {
      switch (message.type) {
        case 'ready':
          return { ...s, selection: message.selection, task: undefined };
        case 'progress':
          return { ...s, task: message.task };
        case 'estimate':
          return s.phase === 'estimating' ? { ...s, phase: 'ready', estimate: message.estimate } : s;
        case 'seed':
          return { ...s, seeds: [...s.seeds, message.done] };
        case 'result':
          return { ...s, phase: 'done', result: message.result, endedAt: performance.now() };
        case 'error':
          return { ...s, phase: 'error', error: message.message };
      }
    });
  }, []);

  /** The worker, started (backend and MNIST) on first use. */
  const worker = useCallback(() => {
    if (!client.current) {
      client.current = new RerunClient(onMessage);
      const dataUrl = new URL(`${import.meta.env.BASE_URL}data/mnist-10k.bin.gz`, window.location.href).href;
      client.current.send({ type: 'init', backend, dataUrl });
    }
    return client.current;
  }, [backend, onMessage]);

  const stopWorker = useCallback(() => {
    client.current?.cancel();
    client.current = undefined;
  }, []);
  useEffect(() => stopWorker, [stopWorker]);
  // A new backend choice: the next rerun starts a worker on it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: backend is the trigger
  useEffect(() => stopWorker(), [backend, stopWorker]);

  const estimate = useCallback(
    (request: RerunRequest) => {
      setState((s) => ({ ...INITIAL, selection: s.selection, phase: 'estimating' }));
      worker().send({ type: 'estimate', request });
    },
    [worker],
  );

  const start = useCallback(
    (request: RerunRequest, storedSeeds: number[]) => {
      setState((s) => ({
        ...s,
        phase: 'running',
        seeds: [],
        result: undefined,
        startedAt: performance.now(),
        endedAt: undefined,
      }));
      worker().send({
        type: 'run',
        request,
        context: {
          commit: String(import.meta.env.VITE_SPHERELAB_COMMIT ?? 'unknown'),
          userAgent: navigator.userAgent,
          storedSeeds,
        },
      });
    },
    [worker],
  );

  const cancel = useCallback(() => {
    stopWorker();
    setState((s) => ({ ...s, phase: 'cancelled', task: undefined }));
  }, [stopWorker]);

  const close = useCallback(() => {
    stopWorker();
    setState(INITIAL);
  }, [stopWorker]);

  return { state, estimate, start, cancel, close };
}
