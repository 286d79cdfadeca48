/**
 * Builds the worker's Trainer, with a peer worker (./README.md) when that is faster: the run's
 * models split between two workers, one per core. Only on wasm: WebGPU and WebGL share one GPU
 * already, and the cpu backend is too slow for this to matter.
 */
import * as tf from '../../tfjs';
import { type TrainData, Trainer } from '../train/trainer';
import type { ModelSpec, RunConfig } from '../types';
import { PeerLink } from './peerLink';

/**
 * A rough relative cost of one training step: the convs' multiply-adds on a 28×28 image (each
 * stage half the size of the one before), ×1.15 for a SphereNet (its patch norms and operator;
 * `npm run bench:torch` puts a SphereNet's step at 0.96–1.08× the CNN's without BN and 1.20–1.26×
 * with it: docs/PERFORMANCE.md). Only compared between the models of one run, to balance the two
 * workers.
 */
export function stepCostEstimate(spec: ModelSpec): number {
  if (spec.kind !== 'net') return 1;
  const { widths, depth, arch } = spec.net;
  let cost = 0;
  let channels = 1;
  widths.forEach((width, stage) => {
    for (let i = 0; i < depth; i++) {
      cost += (784 / 4 ** stage) * channels * width;
      channels = width;
    }
  });
  return cost * (arch === 'sphere' ? 1.15 : 1);
}

/**
 * The models a peer trains, none when it would not help (not wasm, one core, one model): heaviest
 * first, each to the worker with less to do so far. The training worker starts a little behind
 * (a tenth of an average model): it also serves the page. A SphereNet + CNN pair: the peer trains
 * the SphereNet.
 */
export function peerModelIds(config: RunConfig, backend: string, cores: number): string[] {
  if (backend !== 'wasm' || cores < 2 || config.models.length < 2) return [];
  const costs = config.models.map((m) => ({ id: m.id, cost: stepCostEstimate(m.spec) }));
  const load = [0.1 * (costs.reduce((sum, c) => sum + c.cost, 0) / costs.length), 0];
  const peer: string[] = [];
  for (const { id, cost } of [...costs].sort((a, b) => b.cost - a.cost)) {
    const to = load[1] <= load[0] ? 1 : 0;
    load[to] += cost;
    if (to === 1) peer.push(id);
  }
  return peer;
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
