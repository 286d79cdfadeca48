/// <reference lib="webworker" />
/**
 * The peer worker: a second training worker, started by the first, that trains some of a run's
 * models on wasm on another core (./README.md). It speaks only to the worker that started it.
 */
import { startBackend } from '../backends/startBackend';
import { bundledWasmPaths } from '../backends/wasmAssets';
import { PeerHost } from './peerHost';
import type { FromPeer, ToPeer } from './peerProtocol';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromPeer, transfer: Transferable[] = []) => ctx.postMessage(message, transfer);
const host = new PeerHost(post);

// Messages that arrive while the backend starts wait behind it.
const started = startBackend('wasm', { wasmPaths: bundledWasmPaths }).then(
  (failure) => post({ type: 'ready', failure }),
  (e) => post({ type: 'ready', failure: e instanceof Error ? e.message : String(e) }),
);
ctx.onmessage = (event: MessageEvent<ToPeer>) => {
  const message = event.data;
  void started.then(() => host.receive(message));
};
