/**
 * The training worker's answers to requests (messages with a requestId). Every request gets exactly
 * one reply, its answer or a 'declined', because the page keeps one request per channel in flight
 * (./requestCoalescer.ts): a request left unanswered would block its channel for good.
 */
import * as tf from '../tfjs';
import type { WorkerToPage } from './protocol';
import type { RequestMessage } from './requestCoalescer';
import { exportable, exportModels } from './train/exportModels';
import { inspectRun } from './train/inspectRun';
import { profileTrainingStep } from './train/stepProfile';
import type { TrainData, Trainer } from './train/trainer';
import type { RunConfig } from './types';

export interface RequestContext {
  trainer?: Trainer;
  data?: TrainData;
  config?: RunConfig;
  stopLoop(): Promise<void>;
  post(message: WorkerToPage, transfer?: Transferable[]): void;
}

/** Answers one request; a request it cannot answer (or that throws) is declined with the reason. */
export async function answerRequest(msg: RequestMessage, ctx: RequestContext): Promise<void> {
  let reason: string | undefined;
  try {
    reason = await answer(msg, ctx);
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
    ctx.post({ type: 'error', message: reason, fatal: false });
  }
  if (reason !== undefined) ctx.post({ type: 'declined', requestId: msg.requestId, reason });
}

const NO_RUN = 'No models yet: the data or the configuration is missing.';

/** undefined when it answered, else why not. */
async function answer(msg: RequestMessage, ctx: RequestContext): Promise<string | undefined> {
  const { trainer, data, config, post } = ctx;
  // The models a peer worker trains are read from their mirrors here: brought up to date first.
  await trainer?.syncMirrors();
  switch (msg.type) {
    case 'predict': {
      if (!trainer || !data) return NO_RUN;
      const { x, y } = data.batch('test', msg.indices);
      const byModel = await trainer.predict(x, msg.indices.length);
      // The pixels go along (transferred, not copied): the page draws the digits it was asked about.
      post({ type: 'predictions', requestId: msg.requestId, byModel, inputs: x, labels: Array.from(y) }, [
        x.buffer,
      ]);
      return undefined;
    }
    case 'predictPixels':
      if (!trainer) return NO_RUN;
      post({ type: 'predictions', requestId: msg.requestId, byModel: await trainer.predict(msg.pixels, 1) });
      return undefined;
    case 'features': {
      if (!trainer) return NO_RUN;
      const { labels, byModel } = await trainer.features(msg.count);
      const transfer = Object.values(byModel).flatMap((m) => [
        m.features.buffer,
        m.classWeights.buffer,
        m.predictions.buffer,
      ]);
      post(
        { type: 'featuresResult', requestId: msg.requestId, step: trainer.step, labels, byModel },
        transfer,
      );
      return undefined;
    }
    case 'profileStep': {
      if (!data || !config) return 'Nothing to profile yet: the data or the configuration is missing.';
      await ctx.stopLoop();
      const byModel = await profileTrainingStep(data, config);
      post({ type: 'stepProfile', requestId: msg.requestId, backend: tf.getBackend(), byModel });
      return undefined;
    }
    case 'exportModels': {
      if (!trainer) return NO_RUN;
      if (!exportable(trainer.models()))
        return 'Recurrent nets are not tf.LayersModels: there is no tfjs file to download for them.';
      const models = await exportModels(trainer.models());
      post(
        { type: 'exported', requestId: msg.requestId, models },
        models.flatMap((m) => m.files.map((f) => f.bytes.buffer)),
      );
      return undefined;
    }
    case 'inspect': {
      // Always answered: a failure (no run yet, a bad input) travels in the answer's `failure`.
      const answer = await inspectRun(trainer, data, config, msg.requestId, msg.input, msg.models);
      post(answer.message, answer.transfer);
      return undefined;
    }
  }
}
