import type { PageToWorker, WorkerToPage } from './protocol';
import { type ReplyTo, type RequestBody, RequestCoalescer } from './requestCoalescer';

export type WorkerListener = (message: WorkerToPage) => void;

/**
 * The page's side of one training worker: typed messages both ways, requests coalesced
 * (./requestCoalescer.ts). A worker that dies (script error, out of memory) is reported as a fatal
 * error, never silently; the owner (src/ui/lab/useTraining.ts) then starts another one.
 */
export class TrainingClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<WorkerListener>();
  private readonly requests: RequestCoalescer;
  private stopped = false;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: 'spherelab-trainer',
    });
    this.requests = new RequestCoalescer((message) => this.worker.postMessage(message));
    this.worker.onmessage = (event: MessageEvent<WorkerToPage>) => {
      // Replies go to their caller only; the store has nothing to do with them.
      if (!this.requests.settle(event.data)) this.emit(event.data);
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.emit({
        type: 'error',
        message: `The training worker crashed: ${event.message || 'unknown error'}`,
        fatal: true,
      });
    };
    this.worker.onmessageerror = () =>
      this.emit({
        type: 'error',
        message: 'A message from the training worker could not be read.',
        fatal: false,
      });
  }

  send(message: PageToWorker, transfer: Transferable[] = []): void {
    if (!this.stopped) this.worker.postMessage(message, transfer);
  }

  /** The reply, or undefined when it was superseded, declined or the worker stopped (see RequestCoalescer). */
  request<B extends RequestBody>(body: B, channel?: string): Promise<ReplyTo<B['type']> | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    return this.requests.request(body, channel);
  }

  /** Requests posted to the worker so far. */
  get requestsSent(): number {
    return this.requests.sent;
  }

  subscribe(listener: WorkerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.stopped = true;
    this.worker.terminate();
    this.listeners.clear();
    this.requests.dropAll();
  }

  private emit(message: WorkerToPage): void {
    for (const listener of this.listeners) listener(message);
  }
}
