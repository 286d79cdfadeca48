/// <reference lib="webworker" />
/**
 * The rerun worker: its own tf.js backend, data and models, apart from the Lab's training worker
 * (a rerun never touches the Lab's run). It answers one message at a time, in order.
 */
import { selectBackend } from '../../engine/backends/startBackend';
import { bundledWasmPaths } from '../../engine/backends/wasmAssets';
import { loadShippedDataset } from '../../engine/train/trainData';
import type { TrainData } from '../../engine/train/trainer';
import type { BackendSelection } from '../../engine/types';
import type { PageToRerun, RerunToPage } from './protocol';
import { estimateRerun, rerunClaim } from './rerunJob';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
let data: TrainData | undefined;
let selection: BackendSelection | undefined;

function post(message: RerunToPage): void {
  ctx.postMessage(message);
}

async function handle(msg: PageToRerun): Promise<void> {
  switch (msg.type) {
    case 'init':
      selection = await selectBackend(msg.backend, { wasmPaths: bundledWasmPaths });
      data = await loadShippedDataset(msg.dataUrl, (task, done, total) =>
        post({ type: 'progress', task, done, total }),
      );
      post({ type: 'ready', selection });
      return;
    case 'estimate':
      if (!data) throw new Error('The rerun worker has no data yet.');
      post({ type: 'estimate', estimate: await estimateRerun(msg.request, data) });
      return;
    case 'run': {
      if (!data || !selection) throw new Error('The rerun worker has no data yet.');
      const context = { ...msg.context, backend: selection.backend };
      const result = await rerunClaim(msg.request, data, context, (done) => post({ type: 'seed', done }));
      post({ type: 'result', result });
      return;
    }
  }
}

let queue: Promise<void> = Promise.resolve();
ctx.onmessage = (event: MessageEvent<PageToRerun>) => {
  const msg = event.data;
  queue = queue
    .then(() => handle(msg))
    .catch((e) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
};
ctx.addEventListener('unhandledrejection', (e) =>
  post({ type: 'error', message: String((e as PromiseRejectionEvent).reason) }),
);
