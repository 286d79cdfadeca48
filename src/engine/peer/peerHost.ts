/**
 * The peer's side (./peerProtocol.ts): a Trainer of the models it was given, driven by messages
 * handled one at a time in order. Plain TypeScript: ./peerWorker.ts runs it in a worker, the tests
 * in the same thread.
 */
import { readWeights } from '../train/readWeights';
import { toTrainData } from '../train/trainData';
import { type TrainData, Trainer } from '../train/trainer';
import type { FromPeer, PeerCall, ToPeer } from './peerProtocol';

export class PeerHost {
  private data: TrainData | undefined;
  private trainer: Trainer | undefined;
  private gen = -1;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly post: (message: FromPeer, transfer?: Transferable[]) => void) {}

  /** Queues a message; each is handled after the ones before it have finished. */
  receive(message: ToPeer): void {
    // Never a rejected queue: it would drop every later message, and the training worker would wait.
    this.queue = this.queue
      .then(() => this.handle(message))
      .catch((e) =>
        this.post({ type: 'failed', gen: this.gen, message: e instanceof Error ? e.message : String(e) }),
      );
  }

  private async handle(message: ToPeer): Promise<void> {
    if (message.type === 'data') {
      this.data = toTrainData(message.dataset);
      return;
    }
    // A message for a run that a newer configure replaced has nothing left to act on.
    if (message.type !== 'configure' && message.gen !== this.gen) return;
    const { gen } = message;
    try {
      await this.act(message);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      this.post({ type: 'failed', gen, id: message.type === 'call' ? message.id : undefined, message: text });
    }
    if (message.type === 'step') this.post({ type: 'stepped', gen, step: this.trainer?.step ?? 0 });
  }

  private async act(message: ToPeer): Promise<void> {
    switch (message.type) {
      case 'configure':
        this.trainer?.dispose();
        this.trainer = undefined;
        this.gen = message.gen;
        if (!this.data) throw new Error('The peer worker has no data to train on.');
        this.trainer = new Trainer(this.data, message.config);
        return;
      case 'step':
        await this.run().trainStepAsync();
        return;
      case 'setLearningRate':
        this.run().setLearningRate(message.learningRate);
        return;
      case 'setWeights':
        for (const [id, w] of Object.entries(message.weights)) this.run().setWeights(id, w.shapes, w.values);
        return;
      case 'resumeAt':
        this.run().resumeAt(message.step);
        return;
      case 'call':
        return this.answer(message.gen, message.id, message.what, message.count ?? 0);
      case 'release':
        this.trainer?.dispose();
        this.trainer = undefined;
        return;
    }
  }

  private async answer(gen: number, id: number, what: PeerCall, count: number): Promise<void> {
    const trainer = this.run();
    if (what === 'features') {
      const features = await trainer.features(count);
      const transfer = Object.values(features.byModel).flatMap((m) => [
        m.features.buffer,
        m.classWeights.buffer,
        m.predictions.buffer,
      ]);
      return this.post({ type: 'answer', gen, id, features }, transfer);
    }
    if (what === 'metrics')
      return this.post({
        type: 'answer',
        gen,
        id,
        metrics: await trainer.collectMetrics(),
        step: trainer.step,
      });
    if (what === 'evaluate') {
      await trainer.evaluate();
      return this.post({ type: 'answer', gen, id });
    }
    const weights = await readWeights(trainer.models());
    // Copies, not the variables' storage (the cpu backend hands that out): safe to transfer.
    const copied = Object.fromEntries(
      Object.entries(weights).map(([k, w]) => [
        k,
        { shapes: w.shapes, values: w.values.map((v) => v.slice()) },
      ]),
    );
    const transfer = Object.values(copied).flatMap((w) => w.values.map((v) => v.buffer));
    this.post({ type: 'answer', gen, id, weights: copied }, transfer);
  }

  private run(): Trainer {
    if (!this.trainer) throw new Error('The peer worker has no run configured.');
    return this.trainer;
  }
}
