/**
 * The training worker's side of its peer (./peerProtocol.ts): one link per peer worker, and per
 * run a RemoteModels, the handle the Trainer drives the peer's models through (TrainerPeer).
 */
import type { Dataset } from '../../data';
import type { ModelMetrics, WeightSet } from '../protocol';
import type { FeatureReadout } from '../train/readouts';
import type { TrainerPeer } from '../train/trainerPeer';
import type { RunConfig } from '../types';
import type { FromPeer, PeerCall, ToPeer } from './peerProtocol';

/** A worker, or (tests) the same thread behind structured clones. */
export interface PeerChannel {
  post(message: ToPeer, transfer?: Transferable[]): void;
  listen(onMessage: (message: FromPeer) => void, onDead: (why: string) => void): void;
  terminate(): void;
}

/**
 * A peer that owes an answer (a step, a call) and says nothing for this long has hung: a step
 * takes a second or so, an evaluation a few. It is then ended like one that died.
 */
export const PEER_SILENCE_LIMIT_MS = 60_000;

export class PeerLink {
  /** The peer's backend start: undefined when it runs, else why not. */
  readonly ready: Promise<string | undefined>;
  private gen = 0;
  private run: RemoteModels | undefined;
  private sentData: Dataset | undefined;
  private deadWhy: string | undefined;
  private readonly watchdog: ReturnType<typeof setInterval>;

  constructor(
    private readonly channel: PeerChannel,
    /** The peer died (crashed, hung, killed for memory): the run it held cannot go on. */
    private readonly onDead: (why: string) => void,
    silenceLimitMs = PEER_SILENCE_LIMIT_MS,
  ) {
    let started: (failure: string | undefined) => void = () => {};
    let up = false;
    this.ready = new Promise((resolve) => {
      started = resolve;
    });
    const die = (why: string) => {
      if (this.deadWhy !== undefined) return;
      this.deadWhy = why;
      clearInterval(this.watchdog);
      // Dead before it was up (its script failed to load): a start failure, not a lost run.
      started(why);
      if (!up) return;
      this.run?.fail(new Error(`The peer training worker stopped: ${why}`));
      this.onDead(why);
    };
    channel.listen(
      (message) => {
        if (message.type === 'ready') {
          up = message.failure === undefined;
          return started(message.failure);
        }
        if (this.run && message.gen === this.run.gen) this.run.receive(message);
      },
      (why) => die(why),
    );
    this.watchdog = setInterval(
      () => {
        if (this.dead) return clearInterval(this.watchdog);
        if ((this.run?.silentFor(performance.now()) ?? 0) <= silenceLimitMs) return;
        this.channel.terminate();
        die(`it did not answer for ${Math.round(silenceLimitMs / 1000)} s`);
      },
      Math.min(5000, silenceLimitMs / 2),
    );
  }

  get dead(): boolean {
    return this.deadWhy !== undefined;
  }

  /** Builds `config`'s models (a subset of a run's) on the peer, trained from `dataset`. */
  open(dataset: Dataset, config: RunConfig): RemoteModels {
    if (dataset !== this.sentData) {
      this.channel.post({ type: 'data', dataset });
      this.sentData = dataset;
    }
    this.gen += 1;
    this.channel.post({ type: 'configure', gen: this.gen, config });
    this.run = new RemoteModels(
      this.gen,
      config.models.map((m) => m.id),
      (message, transfer) => this.channel.post(message, transfer),
    );
    return this.run;
  }

  terminate(): void {
    clearInterval(this.watchdog);
    this.channel.terminate();
    this.run?.fail(new Error('The peer training worker was closed.'));
  }
}

type PeerMetrics = { models: ModelMetrics[]; upTo: number };

type Pending = { resolve: (answer: FromPeer & { type: 'answer' }) => void; reject: (e: Error) => void };

/** One run's models on the peer: steps counted as they finish, calls answered by id. */
export class RemoteModels implements TrainerPeer {
  readonly ids: ReadonlySet<string>;
  private sent = 0;
  private finished = 0;
  private nextCall = 0;
  private readonly calls = new Map<number, Pending>();
  private waiters: { upTo: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  /** A metrics call a running loop left in flight (metrics(false)), read by the next call. */
  private metricsCall: { answer: Promise<PeerMetrics>; back?: boolean } | undefined;
  /** The furthest step a metrics answer has reported (this run's steps up to it are read). */
  private reportedUpTo = 0;
  /** A failed step, thrown by the next within() (a loop stops on it as on a local step's error). */
  private stepError: Error | undefined;
  private fatal: Error | undefined;
  /** When the peer last sent something, or was asked something while it owed nothing. */
  private lastActivity = performance.now();

  constructor(
    readonly gen: number,
    ids: string[],
    private readonly send: (message: ToPeer, transfer?: Transferable[]) => void,
  ) {
    this.ids = new Set(ids);
  }

  step(): void {
    this.noteAsked();
    this.sent += 1;
    this.send({ type: 'step', gen: this.gen });
  }

  async within(maxAhead: number): Promise<void> {
    if (this.sent - this.finished > maxAhead) {
      await new Promise<void>((resolve, reject) => {
        if (this.fatal) return reject(this.fatal);
        this.waiters.push({ upTo: this.sent - maxAhead, resolve, reject });
      });
    }
    const error = this.fatal ?? this.stepError;
    this.stepError = undefined;
    if (error) throw error;
  }

  async metrics(settle: boolean): Promise<PeerMetrics> {
    const earlier = this.metricsCall;
    if (settle) {
      this.metricsCall = undefined;
      const older = earlier ? await earlier.answer : undefined;
      const fresh = await this.askMetrics();
      return { models: mergeMetrics(older?.models ?? [], fresh.models), upTo: fresh.upTo };
    }
    // One call in flight at a time: until it is back there is nothing new to report.
    if (earlier && !earlier.back) return { models: [], upTo: this.reportedUpTo };
    const answer = this.askMetrics();
    this.metricsCall = { answer };
    const back = () => {
      if (this.metricsCall?.answer === answer) this.metricsCall.back = true;
    };
    answer.then(back, back);
    return earlier ? earlier.answer : { models: [], upTo: this.reportedUpTo };
  }

  private async askMetrics(): Promise<PeerMetrics> {
    const answer = await this.call('metrics');
    // Kept here: the next unsettled read with nothing new still knows how far the peer had got.
    this.reportedUpTo = Math.max(this.reportedUpTo, answer.step ?? 0);
    return { models: answer.metrics ?? [], upTo: answer.step ?? 0 };
  }

  async weights(): Promise<WeightSet> {
    return (await this.call('weights')).weights ?? {};
  }

  async evaluate(): Promise<void> {
    await this.call('evaluate');
  }

  async features(count: number): Promise<FeatureReadout> {
    return (await this.call('features', count)).features ?? { labels: [], byModel: {} };
  }

  setWeights(weights: WeightSet): void {
    this.send({ type: 'setWeights', gen: this.gen, weights });
  }

  resumeAt(step: number): void {
    this.send({ type: 'resumeAt', gen: this.gen, step });
  }

  setLearningRate(learningRate: number): void {
    this.send({ type: 'setLearningRate', gen: this.gen, learningRate });
  }

  dispose(): void {
    this.send({ type: 'release', gen: this.gen });
    this.fail(new Error('This run was replaced.'));
  }

  /** How long the peer has owed an answer without a word (0 when it owes none). */
  silentFor(now: number): number {
    return this.owes() && !this.fatal ? now - this.lastActivity : 0;
  }

  private owes(): boolean {
    return this.sent > this.finished || this.calls.size > 0;
  }

  private noteAsked(): void {
    if (!this.owes()) this.lastActivity = performance.now();
  }

  receive(message: FromPeer): void {
    this.lastActivity = performance.now();
    if (message.type === 'stepped') {
      this.finished += 1;
      const due = this.waiters.filter((w) => w.upTo <= this.finished);
      this.waiters = this.waiters.filter((w) => w.upTo > this.finished);
      for (const w of due) w.resolve();
    } else if (message.type === 'answer') {
      this.calls.get(message.id)?.resolve(message);
      this.calls.delete(message.id);
    } else if (message.type === 'failed') {
      const error = new Error(message.message);
      if (message.id === undefined) this.stepError = error;
      else this.calls.get(message.id)?.reject(error);
      if (message.id !== undefined) this.calls.delete(message.id);
    }
  }

  /** Everything waiting, and everything asked from now on, fails with `error`. */
  fail(error: Error): void {
    this.fatal ??= error;
    for (const w of this.waiters) w.reject(error);
    for (const c of this.calls.values()) c.reject(error);
    this.waiters = [];
    this.calls.clear();
  }

  private call(what: PeerCall, count?: number): Promise<FromPeer & { type: 'answer' }> {
    if (this.fatal) return Promise.reject(this.fatal);
    const id = ++this.nextCall;
    this.noteAsked();
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.send({ type: 'call', gen: this.gen, id, what, count });
    });
  }
}

/** Two consecutive metrics reads of the same models as one: the losses joined, the rest the later's. */
export function mergeMetrics(earlier: ModelMetrics[], later: ModelMetrics[]): ModelMetrics[] {
  return later.map((m) => {
    const e = earlier.find((x) => x.id === m.id);
    if (!e) return m;
    const dataLosses =
      e.dataLosses || m.dataLosses ? [...(e.dataLosses ?? []), ...(m.dataLosses ?? [])] : undefined;
    return { ...m, steps: [...e.steps, ...m.steps], losses: [...e.losses, ...m.losses], dataLosses };
  });
}
