import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../data';
import * as tf from '../../tfjs';
import { initWasmBackend } from '../backends/testBackend';
import type { WeightSet } from '../protocol';
import { readWeights } from '../train/readWeights';
import { TWO_TINY_CNNS } from '../train/testData';
import { toTrainData } from '../train/trainData';
import { Trainer } from '../train/trainer';
import type { NetSpec, RunConfig } from '../types';
import { peerModelIds, stepCostEstimate } from './parallelTrainer';
import { PeerHost } from './peerHost';
import { type PeerChannel, PeerLink } from './peerLink';
import type { FromPeer, ToPeer } from './peerProtocol';

/** 8×8 digits of four classes (a bright quadrant), as a Dataset: the peer is sent Datasets. */
function quadrants(count: number): Dataset {
  const images = new Uint8Array(count * 64);
  const labels = new Uint8Array(count);
  let s = 99;
  for (let n = 0; n < count; n++) {
    labels[n] = n % 4;
    const [oy, ox] = [labels[n] < 2 ? 0 : 4, labels[n] % 2 === 0 ? 0 : 4];
    for (let i = 0; i < 64; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const inBlob = Math.floor(i / 8) - oy in [0, 1, 2, 3] && (i % 8) - ox in [0, 1, 2, 3];
      images[n * 64 + i] = (inBlob ? 180 : 20) + (s >>> 27);
    }
  }
  const split = (from: number, to: number) => ({
    images: images.slice(from * 64, to * 64),
    labels: labels.slice(from, to),
    count: to - from,
  });
  const cut = Math.floor(count * 0.75);
  const classNames = ['a', 'b', 'c', 'd'];
  return {
    name: 'quadrants',
    width: 8,
    height: 8,
    channels: 1,
    numClasses: 4,
    classNames,
    ...splitOf(split, cut, count),
  };
}
const splitOf = (split: (a: number, b: number) => Dataset['train'], cut: number, count: number) => ({
  train: split(0, cut),
  test: split(cut, count),
});

/** The peer in this thread: messages structured-cloned and delivered later, as between workers. */
function inThreadPeer(): { link: PeerLink; kill(why: string): void; sent: ToPeer[] } {
  let toLink: (m: FromPeer) => void = () => {};
  let dead: (why: string) => void = () => {};
  const sent: ToPeer[] = [];
  const host = new PeerHost((m) => setTimeout(() => toLink(structuredClone(m))));
  host.receive = host.receive.bind(host);
  const channel: PeerChannel = {
    post: (m) => {
      sent.push(m);
      const copy = structuredClone(m);
      setTimeout(() => host.receive(copy));
    },
    listen: (onMessage, onDead) => {
      toLink = onMessage;
      dead = onDead;
    },
    terminate: () => {},
  };
  const link = new PeerLink(channel, () => {});
  toLink({ type: 'ready' });
  return { link, kill: (why) => dead(why), sent };
}

const net = (arch: 'sphere' | 'baseline', extra: Partial<NetSpec> = {}): NetSpec => ({
  arch,
  operator: arch === 'sphere' ? 'cosine' : 'linear',
  k: 1,
  norm: 'bn',
  head: 'softmax',
  m: 1,
  widths: [4, 6],
  depth: 1,
  featureDim: 2,
  ...extra,
});

/** The tiny CNN of TWO_TINY_CNNS that the peer trains. */
const remoteTiny = peerModelIds(TWO_TINY_CNNS, 'wasm', 2)[0];

const PAIR: RunConfig = {
  models: [
    { id: 'sphere', label: 'SphereNet', spec: { kind: 'net', net: net('sphere') } },
    { id: 'cnn', label: 'CNN', spec: { kind: 'net', net: net('baseline') } },
    { id: 'tiny', label: 'tiny', spec: { kind: 'tiny-cnn', filters: 3 } },
  ],
  batchSize: 12,
  learningRate: 0.01,
  optimizer: 'adam',
  seed: 5,
  evalEvery: 0,
  evalSize: 40,
  maxSteps: 40,
  lrSchedule: 'cosine',
  shiftAugment: 1,
};

function split(config: RunConfig, data: Dataset, link: PeerLink): Trainer {
  const remote = new Set(peerModelIds(config, 'wasm', 2));
  const peer = link.open(data, { ...config, models: config.models.filter((m) => remote.has(m.id)) });
  return new Trainer(toTrainData(data), config, peer);
}

/** Steps the way the worker's loop does: dispatch, keep at most one step in flight, read now and then. */
async function train(trainer: Trainer, steps: number, losses: Record<string, number[]>) {
  for (let i = 0; i < steps; i++) {
    await trainer.trainStepAsync();
    await trainer.limitInFlight(1);
    // Unsettled reads (a running loop's) and settled ones, as the worker mixes them.
    if (i % 3 === 1) collect(await trainer.collectMetrics(i % 2 === 0), losses);
  }
  collect(await trainer.collectMetrics(), losses);
}
function collect(metrics: { id: string; losses: number[] }[], into: Record<string, number[]>) {
  for (const m of metrics) into[m.id] = [...(into[m.id] ?? []), ...m.losses];
}

async function weightsOf(trainer: Trainer): Promise<WeightSet> {
  await trainer.syncMirrors();
  return readWeights(trainer.models());
}

describe('a run split between this worker and a peer worker', () => {
  const data = quadrants(160);
  let peer: ReturnType<typeof inThreadPeer>;
  beforeAll(async () => {
    await initWasmBackend();
    peer = inThreadPeer();
  });
  afterAll(() => peer.link.terminate());

  it('splits a run so the two workers have about as much to do, and only where it helps', () => {
    // sphere (the heaviest) to the peer; cnn and tiny (together lighter) stay.
    expect(peerModelIds(PAIR, 'wasm', 2)).toEqual(['sphere']);
    // The Lab's pair: the SphereNet trains in the peer, the CNN here.
    const lab = { ...PAIR, models: PAIR.models.slice(0, 2) };
    expect(peerModelIds(lab, 'wasm', 2)).toEqual(['sphere']);
    expect(peerModelIds({ ...lab, models: [...lab.models].reverse() }, 'wasm', 2)).toEqual(['sphere']);
    // Five equal nets: three here would be one more than two there; the handicap gives the peer three.
    const five = Array.from({ length: 5 }, (_, i) => ({ ...PAIR.models[1], id: `n${i}` }));
    expect(peerModelIds({ ...PAIR, models: five }, 'wasm', 2)).toEqual(['n0', 'n2', 'n4']);
    expect(peerModelIds(PAIR, 'webgpu', 8)).toEqual([]);
    expect(peerModelIds(PAIR, 'wasm', 1)).toEqual([]);
    expect(peerModelIds({ ...PAIR, models: PAIR.models.slice(0, 1) }, 'wasm', 4)).toEqual([]);
  });

  it('estimates a SphereNet dearer than the CNN of the same widths, and wider nets dearer', () => {
    const cost = (n: NetSpec) => stepCostEstimate({ kind: 'net', net: n });
    expect(cost(net('sphere')) / cost(net('baseline'))).toBeCloseTo(1.15);
    expect(cost(net('baseline', { widths: [8, 12] }))).toBeGreaterThan(cost(net('baseline')));
    expect(cost(net('baseline', { depth: 2 }))).toBeGreaterThan(cost(net('baseline')));
  });

  it('trains bit for bit what one worker trains: losses, weights, accuracy, predictions', async () => {
    const alone = new Trainer(toTrainData(data), PAIR);
    const paired = split(PAIR, data, peer.link);
    const [lossAlone, lossPaired]: Record<string, number[]>[] = [{}, {}];
    await train(alone, 15, lossAlone);
    await train(paired, 15, lossPaired);
    // A live learning-rate change lands on the same step on both sides.
    alone.setLearningRate(0.02);
    paired.setLearningRate(0.02);
    await train(alone, 10, lossAlone);
    await train(paired, 10, lossPaired);
    expect(lossPaired).toEqual(lossAlone);
    expect(lossPaired.cnn).toHaveLength(25);
    // Two readers at once (a snapshot and an inspection): the second waits for the first's pull.
    const [first, second] = await Promise.all([weightsOf(paired), weightsOf(paired)]);
    const expected = await weightsOf(alone);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    await alone.evaluate();
    await paired.evaluate();
    const accuracy = (m: { id: string; accuracy?: unknown }[]) => m.map((x) => [x.id, x.accuracy]);
    expect(accuracy(await paired.collectMetrics())).toEqual(accuracy(await alone.collectMetrics()));
    const x = toTrainData(data).batch('test', [0, 1, 2]).x;
    await train(alone, 2, {});
    await train(paired, 2, {});
    expect(await paired.predict(x, 3)).toEqual(await alone.predict(x, 3));
    // The Features view's readout: each worker reads its own nets.
    const features = await paired.features(12);
    expect(Object.keys(features.byModel).sort()).toEqual(['cnn', 'sphere']);
    expect(features).toEqual(await alone.features(12));
    alone.dispose();
    paired.dispose();
  });

  it('a running loop reads the peer without waiting, and no loss is lost or read twice', async () => {
    const trainer = split(TWO_TINY_CNNS, data, peer.link);
    const localTiny = TWO_TINY_CNNS.models.find((m) => m.id !== remoteTiny)!.id;
    const steps: number[] = [];
    const localSteps: number[] = [];
    const read = async (settle: boolean) => {
      const metrics = await trainer.collectMetrics(settle);
      const b = metrics.find((m) => m.id === remoteTiny);
      steps.push(...(b?.steps ?? []));
      const local = metrics.find((m) => m.id === localTiny)?.steps ?? [];
      localSteps.push(...local);
      // The charts keep the nets level: this worker reports no step the peer has not reported.
      if (!settle) expect(Math.max(0, ...local)).toBeLessThanOrEqual(Math.max(0, ...steps));
      return b;
    };
    const metricsCalls = () => peer.sent.filter((m) => m.type === 'call' && m.what === 'metrics').length;
    await train(trainer, 3, {});
    // The settled read inside train() took steps 1–3. Two quick reads: the second does not wait
    // for the first's answer, nor ask again while it is out.
    trainer.trainStep();
    const calls = metricsCalls();
    expect(await read(false)).toBeUndefined();
    expect(await read(false)).toBeUndefined();
    expect(metricsCalls()).toBe(calls + 1);
    expect(localSteps).toEqual([]);
    await new Promise((r) => setTimeout(r, 30));
    // Back now: it reports step 4 (and this worker's step 4 with it), and asks for what follows.
    expect((await read(false))?.steps).toEqual([4]);
    expect(localSteps).toEqual([4]);
    trainer.trainStep();
    await new Promise((r) => setTimeout(r, 30));
    trainer.trainStep();
    await read(false);
    await read(true);
    expect(steps).toEqual([4, 5, 6]);
    expect(localSteps).toEqual([4, 5, 6]);
    trainer.dispose();
  });

  it('goes on from a snapshot (setWeights + resumeAt) exactly as one worker does', async () => {
    const source = new Trainer(toTrainData(data), PAIR);
    await train(source, 9, {});
    const snapshot = await weightsOf(source);
    source.dispose();
    const restored: Trainer[] = [new Trainer(toTrainData(data), PAIR), split(PAIR, data, peer.link)];
    const losses: Record<string, number[]>[] = [{}, {}];
    for (const [i, t] of restored.entries()) {
      for (const [id, w] of Object.entries(snapshot)) t.setWeights(id, w.shapes, w.values);
      t.resumeAt(9);
      await train(t, 6, losses[i]);
    }
    expect(losses[1]).toEqual(losses[0]);
    expect(await weightsOf(restored[1])).toEqual(await weightsOf(restored[0]));
    for (const t of restored) t.dispose();
  });

  it('holds no tensors across many steps, runs and reconfigurations', async () => {
    // The peer (in this same tf.js) first releases the runs the tests before left to it.
    const settle = () => new Promise((r) => setTimeout(r, 50));
    await settle();
    const before = tf.memory().numTensors;
    for (const config of [PAIR, TWO_TINY_CNNS, { ...PAIR, optimizer: 'sgd' as const }]) {
      const trainer = split(config, data, peer.link);
      await train(trainer, 12, {});
      await trainer.evaluate();
      await weightsOf(trainer);
      trainer.dispose();
    }
    await settle();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a model that diverges on the peer, and stops counting it', async () => {
    const trainer = split({ ...TWO_TINY_CNNS, learningRate: 1e20 }, data, peer.link);
    const metrics: { id: string; stopped?: string }[] = [];
    for (let i = 0; i < 20 && trainer.activeCount > 0; i++) {
      await train(trainer, 1, {});
      metrics.push(...(await trainer.collectMetrics()));
    }
    expect(metrics.find((m) => m.id === remoteTiny && m.stopped)?.stopped).toMatch(/learning rate/);
    trainer.dispose();
  });

  it('a peer that dies before it is up is a start failure, not a lost run', async () => {
    let dead = '';
    let kill: (why: string) => void = () => {};
    const link = new PeerLink(
      { post: () => {}, listen: (_, onDead) => (kill = onDead), terminate: () => {} },
      (why) => (dead = why),
    );
    kill('404 on its script');
    expect(await link.ready).toBe('404 on its script');
    expect(dead).toBe('');
  });

  it('a peer that owes a step and says nothing is ended as hung; an idle one is left alone', async () => {
    let dead = '';
    let terminated = false;
    const silent: PeerChannel = {
      post: () => {},
      listen: (onMessage) => onMessage({ type: 'ready' }),
      terminate: () => (terminated = true),
    };
    const link = new PeerLink(silent, (why) => (dead = why), 40);
    const run = link.open(data, TWO_TINY_CNNS);
    // Idle (nothing asked) for longer than the limit: alive.
    await new Promise((r) => setTimeout(r, 120));
    expect(dead).toBe('');
    run.step();
    await expect(run.within(0)).rejects.toThrow(/did not answer/);
    expect(dead).toMatch(/did not answer/);
    expect(terminated).toBe(true);
  });

  it('fails the loop with the reason when the peer dies, never waits forever', async () => {
    const own = inThreadPeer();
    const trainer = split(PAIR, data, own.link);
    await train(trainer, 2, {});
    trainer.trainStep();
    own.kill('killed for memory');
    await expect(trainer.limitInFlight(0)).rejects.toThrow(/killed for memory/);
    await expect(trainer.collectMetrics()).rejects.toThrow(/killed for memory/);
    trainer.dispose();
  });
});
