/// <reference lib="webworker" />
/**
 * The peer worker: a second training worker, started by the first, that trains some of a run's
 * models on wasm on another core (./README.md). It speaks only to the worker that started it.
 */
import * as tf from '../../tfjs';
import { loadBackendModule } from '../../tfjs/backendModules';
import { startBackend } from '../backends/startBackend';
import { bundledWasmPaths } from '../backends/wasmAssets';
import { PeerHost } from './peerHost';
import type { FromPeer, ToPeer } from './peerProtocol';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromPeer, transfer: Transferable[] = []) => ctx.postMessage(message, transfer);
const host = new PeerHost(post);

/**
 * The single-threaded build: tf.js 4.22 gives the threaded one 1 thread here anyway (half the
 * cores), and its pthread pool would be a second set of idle workers beside the training worker's.
 * The flag exists once the backend's module is loaded.
 */
async function startWasm(): Promise<string | undefined> {
  await loadBackendModule('wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return startBackend('wasm', { wasmPaths: bundledWasmPaths });
}

// Messages that arrive while the backend starts wait behind it.
const started = startWasm().then(
  (failure) => post({ type: 'ready', failure }),
  (e) => post({ type: 'ready', failure: e instanceof Error ? e.message : String(e) }),
);
ctx.onmessage = (event: MessageEvent<ToPeer>) => {
  const message = event.data;
  void started.then(() => host.receive(message));
};
