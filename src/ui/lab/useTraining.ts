import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { TrainingClient } from '../../engine/client';
import { type CrashHistory, decideAfterCrash, NO_CRASH } from '../../engine/crashPolicy';
import type { PageToWorker, WorkerToPage } from '../../engine/protocol';
import type { ReplyTo, RequestBody } from '../../engine/requestCoalescer';
import type { BackendChoice } from '../../engine/types';
import { initialTrainingState, reduceTraining, type TrainingState } from './trainingStore';

export interface TrainingApi {
  state: TrainingState;
  send(message: PageToWorker, transfer?: Transferable[]): void;
  /** The reply, or undefined when a newer request on its channel replaced it (or no answer exists). */
  request<B extends RequestBody>(body: B, channel?: string): Promise<ReplyTo<B['type']> | undefined>;
  clear(): void;
  /** After a fault: go on from the last weights read back from the failed worker. */
  continueRun(): void;
  /** After a fault: train the run again from step 0 (the old curves stay, faint). */
  restartRun(): void;
  /** After the worker crashed twice: start a new one all the same (the curves stay). */
  retryWorker(): void;
}

type Snapshot = Extract<WorkerToPage, { type: 'snapshot' }>;
type DatasetMessage = Extract<PageToWorker, { type: 'loadFiles' | 'useShippedMnist' }>;

/** The training worker's fatal error when its peer worker died (src/engine/worker.ts). */
const PEER_DIED = /peer training worker stopped/;

/** A failed worker: what replaces it, for the backend choice it failed under. */
interface Fault {
  choice: BackendChoice;
  backend: BackendChoice;
  /** What happened and what runs now (the recovery notice). */
  reason: string;
  /** Why the new worker runs on `backend`, when that is not the user's choice (the backend status). */
  backendReason?: string;
  /** Numbers the faults: each one starts a new worker. */
  count: number;
  /** The peer worker died (src/engine/peer): the new worker trains the run alone. */
  alone?: boolean;
}

/** Copies of the user's files, so a new worker gets them too (the originals are transferred). */
function copyDataset(message: DatasetMessage): DatasetMessage {
  if (message.type !== 'loadFiles') return message;
  return { type: 'loadFiles', files: message.files.map((f) => ({ name: f.name, bytes: f.bytes.slice() })) };
}

/**
 * One training worker at a time per mounted view. A backend change starts a new one (a new run);
 * a lost GPU device moves to wasm and a crashed worker is started again (once), each time keeping
 * the run's curves and its last weights so the user can go on or restart (TrainingState.recovery).
 */
export function useTraining(backend: BackendChoice, peer = true): TrainingApi {
  const [state, dispatch] = useReducer(reduceTraining, initialTrainingState);
  const [fault, setFault] = useState<Fault>();
  const clientRef = useRef<TrainingClient | null>(null);
  const generationRef = useRef(0);
  /** The current worker's latest weights, and those of the worker a fault replaced. */
  const snapshotRef = useRef<Snapshot | undefined>(undefined);
  const recoveryRef = useRef<Snapshot | undefined>(undefined);
  const datasetRef = useRef<DatasetMessage>({ type: 'useShippedMnist' });
  const crashes = useRef<CrashHistory>(NO_CRASH);

  // A fault holds for the backend choice it happened under: the user's next pick overrides it.
  const active = fault?.choice === backend ? fault : undefined;
  const workerBackend = active?.backend ?? backend;
  const activeRef = useRef(active);
  activeRef.current = active;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new worker per backend and per fault (its count).
  useEffect(() => {
    const generation = ++generationRef.current;
    const recovering = activeRef.current;
    if (recovering) recoveryRef.current = snapshotRef.current ?? recoveryRef.current;
    else recoveryRef.current = undefined;
    // The user's own pick of a backend starts afresh: an earlier crash does not count against it.
    if (!recovering) crashes.current = NO_CRASH;
    snapshotRef.current = undefined;
    const client = new TrainingClient();
    clientRef.current = client;
    dispatch({
      type: 'workerStarted',
      generation,
      recovery: recovering && { reason: recovering.reason, snapshotStep: recoveryRef.current?.step },
    });
    let selected: string | undefined;
    const replaceWorker = (reason: string, next: BackendChoice, backendReason?: string) =>
      setFault((f) => ({
        choice: backend,
        backend: next,
        reason,
        backendReason,
        count: (f?.count ?? 0) + 1,
        alone: f?.alone || PEER_DIED.test(reason),
      }));
    const unsubscribe = client.subscribe((message) => {
      if (clientRef.current !== client) return;
      if (message.type === 'snapshot') snapshotRef.current = message.weights ? message : undefined;
      if (message.type === 'ready' || message.type === 'measured') selected = message.selection.backend;
      // A dead worker's error is told by what follows (the recovery notice or the failure), not twice.
      if (!(message.type === 'error' && message.fatal)) dispatch(message);
      if (message.type === 'deviceLost') {
        // The device's pending work never finishes: drop the whole worker, go on on wasm.
        const lost = selected === 'webgl' ? 'WebGL' : 'WebGPU';
        replaceWorker(
          `${message.message} Training moved to wasm.`,
          'wasm',
          `${lost} device lost, fell back to wasm`,
        );
      } else if (message.type === 'error' && message.fatal) {
        // The client has ended the dead worker. Once in a while: a new one, same backend and settings.
        const { history, decision } = decideAfterCrash(crashes.current, performance.now(), {
          message: message.message,
          workerBackend,
          selected,
        });
        crashes.current = history;
        if (decision.kind === 'failed') dispatch({ type: 'workerFailed', message: decision.message });
        else replaceWorker(decision.reason, decision.backend, decision.backendReason);
      }
    });
    client.send({
      type: 'init',
      backend: workerBackend,
      fallbackReason: recovering?.backendReason,
      peer: peer && !recovering?.alone,
    });
    const dataset = copyDataset(datasetRef.current);
    client.send(dataset, dataset.type === 'loadFiles' ? dataset.files.map((f) => f.bytes.buffer) : []);
    return () => {
      unsubscribe();
      client.terminate();
      if (clientRef.current === client) clientRef.current = null;
    };
  }, [workerBackend, active?.count, peer]);

  const send = useCallback((message: PageToWorker, transfer: Transferable[] = []) => {
    if (message.type === 'loadFiles' || message.type === 'useShippedMnist') {
      datasetRef.current = copyDataset(message);
    }
    clientRef.current?.send(message, transfer);
  }, []);

  const request = useCallback(
    <B extends RequestBody>(body: B, channel?: string) =>
      clientRef.current?.request(body, channel) ?? Promise.resolve(undefined),
    [],
  );

  const clear = useCallback(() => {
    recoveryRef.current = undefined;
    dispatch({ type: 'clear' });
  }, []);

  const continueRun = useCallback(() => {
    const snapshot = recoveryRef.current;
    if (!snapshot?.weights) return;
    recoveryRef.current = undefined;
    dispatch({ type: 'continued', step: snapshot.step });
    send({ type: 'restore', step: snapshot.step, wallMs: snapshot.wallMs, weights: snapshot.weights });
    send({ type: 'start' });
  }, [send]);

  const restartRun = useCallback(() => {
    recoveryRef.current = undefined;
    dispatch({ type: 'restarted' });
    send({ type: 'start' });
  }, [send]);

  const retryWorker = useCallback(() => {
    crashes.current = NO_CRASH;
    setFault((f) => ({
      choice: backend,
      backend: f?.choice === backend ? f.backend : backend,
      reason: 'A new training worker was started after two crashes, with the same settings.',
      backendReason: f?.choice === backend ? f.backendReason : undefined,
      count: (f?.count ?? 0) + 1,
    }));
  }, [backend]);

  return { state, send, request, clear, continueRun, restartRun, retryWorker };
}
