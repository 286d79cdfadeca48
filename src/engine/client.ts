import type { PageToWorker, WorkerToPage } from './protocol';

export type WorkerListener = (message: WorkerToPage) => void;

/**
 * The page's side of the training worker: created once per view, typed messages both ways.
 * A worker that dies (script error, out of memory) is reported as an error, never silently.
 */
export class TrainingClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<WorkerListener>();

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: 'spherelab-trainer',
    });
    this.worker.onmessage = (event: MessageEvent<WorkerToPage>) => this.emit(event.data);
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
    this.worker.postMessage(message, transfer);
  }

  subscribe(listener: WorkerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.worker.terminate();
    this.listeners.clear();
  }

  private emit(message: WorkerToPage): void {
    for (const listener of this.listeners) listener(message);
  }
}
