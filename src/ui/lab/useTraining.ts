import { useCallback, useEffect, useReducer, useRef } from 'react';
import { TrainingClient } from '../../engine/client';
import type { PageToWorker, WorkerToPage } from '../../engine/protocol';
import type { BackendChoice } from '../../engine/types';
import { initialTrainingState, reduceTraining, type TrainingState } from './trainingStore';

export interface TrainingApi {
  state: TrainingState;
  send(message: PageToWorker, transfer?: Transferable[]): void;
  /** Resolves with the first reply matching `type` and `requestId`. */
  request<T extends WorkerToPage & { requestId: number }>(
    message: PageToWorker & { requestId: number },
    type: T['type'],
  ): Promise<T>;
  clear(): void;
}

/** One training worker per mounted view; (re)initialised when the backend choice changes. */
export function useTraining(backend: BackendChoice): TrainingApi {
  const [state, dispatch] = useReducer(reduceTraining, initialTrainingState);
  const clientRef = useRef<TrainingClient | null>(null);

  useEffect(() => {
    const client = new TrainingClient();
    clientRef.current = client;
    const unsubscribe = client.subscribe(dispatch);
    client.send({ type: 'init', backend });
    client.send({ type: 'useShippedMnist' });
    return () => {
      unsubscribe();
      client.terminate();
      clientRef.current = null;
      dispatch({ type: 'clear' });
    };
  }, [backend]);

  const send = useCallback((message: PageToWorker, transfer: Transferable[] = []) => {
    clientRef.current?.send(message, transfer);
  }, []);

  const request = useCallback(
    <T extends WorkerToPage & { requestId: number }>(
      message: PageToWorker & { requestId: number },
      type: T['type'],
    ) =>
      new Promise<T>((resolve, reject) => {
        const client = clientRef.current;
        if (!client) return reject(new Error('The training worker is not running.'));
        const off = client.subscribe((reply) => {
          if (reply.type === type && (reply as T).requestId === message.requestId) {
            off();
            resolve(reply as T);
          }
        });
        client.send(message);
      }),
    [],
  );

  const clear = useCallback(() => dispatch({ type: 'clear' }), []);
  return { state, send, request, clear };
}
