import type { PageToWorker, WorkerToPage } from './protocol';
import { type ReplyTo, type RequestBody, RequestCoalescer } from './requestCoalescer';
import { lifeLockName, WorkerLiveness } from './workerLiveness';

export type WorkerListener = (message: WorkerToPage) => void;

/**
 * The page's side of one training worker: typed messages both ways, requests coalesced
 * (./requestCoalescer.ts). A worker that dies (an uncaught error, self.close(), killed for memory,
 * hung: ./workerLiveness.ts) is reported once as a fatal error and ended, never silently; the owner
 * (src/ui/lab/useTraining.ts) then starts another one.
 */
export class TrainingClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<WorkerListener>();
  private readonly requests: RequestCoalescer;
  private readonly liveness: WorkerLiveness;
  private readonly lifeLock = lifeLockName();
  private stopped = false;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: 'spherelab-trainer',
    });
    this.requests = new RequestCoalescer((message) => this.worker.postMessage(message));
    this.liveness = new WorkerLiveness({
      ping: () => this.worker.postMessage({ type: 'ping' } satisfies PageToWorker),
      dead: (why) => this.die(`The training worker stopped: ${why}`),
    });
    this.worker.onmessage = (event: MessageEvent<WorkerToPage>) => {
      this.liveness.watch.heard();
      const message = event.data;
      if (message.type === 'pong') return;
      if (message.type === 'lifeLockHeld') return this.liveness.watchLock(this.lifeLock);
      // An uncaught error in the worker: its state is unknown, so it is replaced, not trusted further.
      if (message.type === 'error' && message.fatal)
        return this.die(`The training worker crashed: ${message.message}`);
      // Replies go to their caller only; the store has nothing to do with them.
      if (!this.requests.settle(message)) this.emit(message);
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.die(`The training worker crashed: ${event.message || 'unknown error'}`);
    };
    this.worker.onmessageerror = () =>
      this.emit({
        type: 'error',
        message: 'A message from the training worker could not be read.',
        fatal: false,
      });
  }

  send(message: PageToWorker, transfer: Transferable[] = []): void {
    if (this.stopped) return;
    // The first message is init: it names the lock the worker holds for its life.
    this.worker.postMessage(
      message.type === 'init' ? { ...message, lifeLock: this.lifeLock } : message,
      transfer,
    );
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
    this.liveness.stop();
    this.worker.terminate();
    this.listeners.clear();
    this.requests.dropAll();
  }

  /** Reports the worker's death once (a crash raises both the worker's message and onerror), then ends it. */
  private die(message: string): void {
    if (this.stopped) return;
    const listeners = [...this.listeners];
    this.terminate();
    for (const listener of listeners) listener({ type: 'error', message, fatal: true });
  }

  private emit(message: WorkerToPage): void {
    for (const listener of this.listeners) listener(message);
  }
}
