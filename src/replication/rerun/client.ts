import type { PageToRerun, RerunToPage } from './protocol';

/**
 * The page's side of one rerun worker. `cancel` terminates it at once (a claim's run can take
 * minutes, and a worker busy in a training step reads no message until it ends).
 */
export class RerunClient {
  private readonly worker: Worker;
  private cancelled = false;

  constructor(onMessage: (message: RerunToPage) => void) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: 'spherelab-rerun',
    });
    this.worker.onmessage = (event: MessageEvent<RerunToPage>) => {
      if (!this.cancelled) onMessage(event.data);
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      if (!this.cancelled)
        onMessage({
          type: 'error',
          message: `The rerun worker crashed: ${event.message || 'unknown error'}`,
        });
    };
  }

  send(message: PageToRerun): void {
    if (!this.cancelled) this.worker.postMessage(message);
  }

  cancel(): void {
    this.cancelled = true;
    this.worker.terminate();
  }
}
