/**
 * Builds the worker's Trainer, with a peer worker (./README.md) when that is faster: the run's
 * models split between two workers, one per core. Only on wasm: WebGPU and WebGL share one GPU
 * already, and the cpu backend is too slow for this to matter.
 */
import * as tf from '../../tfjs';
import { type TrainData, Trainer } from '../train/trainer';
import type { RunConfig } from '../types';
import { PeerLink } from './peerLink';

/** The models a peer trains: every second one (a pair: the second net), none when it would not help. */
export function peerModelIds(config: RunConfig, backend: string, cores: number): string[] {
  if (backend !== 'wasm' || cores < 2 || config.models.length < 2) return [];
  return config.models.filter((_, i) => i % 2 === 1).map((m) => m.id);
}

/** How the training worker reports an error to the page (fatal: the page replaces the worker). */
type Report = (message: string, fatal: boolean) => void;

let allowed = false;
let link: PeerLink | undefined;
let report: Report = () => {};

/**
 * Whether runs may use a peer (the page's choice), and where its failures go. A peer that dies
 * takes the run with it: fatal, the page replaces the training worker and goes on from the last
 * snapshot (in one worker). One that cannot start is told, and this worker trains alone.
 */
export function allowPeer(allow: boolean, reportError: Report): void {
  allowed = allow;
  report = reportError;
}

function startPeer(): PeerLink {
  const worker = new Worker(new URL('./peerWorker.ts', import.meta.url), {
    type: 'module',
    name: 'spherelab-peer',
  });
  return new PeerLink(
    {
      post: (message, transfer = []) => worker.postMessage(message, transfer),
      listen(onMessage, onDead) {
        worker.onmessage = (event) => onMessage(event.data);
        worker.onerror = (event) => {
          event.preventDefault();
          onDead(event.message || 'it crashed');
        };
      },
      terminate: () => worker.terminate(),
    },
    (why) => report(`The peer training worker stopped: ${why}`, true),
  );
}

/** A Trainer for `config` on `data` (a peer needs data.dataset, to load the same digits). */
export async function buildTrainer(data: TrainData, config: RunConfig): Promise<Trainer> {
  const { dataset } = data;
  const remote = new Set(peerModelIds(config, tf.getBackend(), navigator.hardwareConcurrency ?? 1));
  if (!allowed || !dataset || remote.size === 0) return new Trainer(data, config);
  if (!link) {
    link = startPeer();
    // A peer that could not start its backend is not tried again: this worker trains alone.
    const failure = await link.ready;
    if (failure !== undefined)
      report(`The second training worker could not start (${failure}): one worker trains.`, false);
  }
  if ((await link.ready) !== undefined || link.dead) return new Trainer(data, config);
  const peer = link.open(dataset, { ...config, models: config.models.filter((m) => remote.has(m.id)) });
  return new Trainer(data, config, peer);
}

/** Closes the peer worker (the training worker is closing). */
export function closePeer(): void {
  link?.terminate();
  link = undefined;
}
