/**
 * The messages between the training worker and its peer worker (./peerWorker.ts), a second worker
 * that trains some of a run's models on the second core (./README.md). Every message the peer
 * sends names the configuration (`gen`) it belongs to: answers for a run already replaced are dropped.
 */
import type { Dataset } from '../../data';
import type { ModelMetrics, WeightSet } from '../protocol';
import type { FeatureReadout } from '../train/readouts';
import type { RunConfig } from '../types';

/** What the training worker asks of the peer; handled one at a time, in order. */
export type ToPeer =
  | { type: 'data'; dataset: Dataset }
  /** A run of the models the peer trains (`config.models` is that subset), replacing any other. */
  | { type: 'configure'; gen: number; config: RunConfig }
  /** One lockstep step: the peer draws the same batch from the same seeded order. */
  | { type: 'step'; gen: number }
  | { type: 'setLearningRate'; gen: number; learningRate: number }
  | { type: 'setWeights'; gen: number; weights: WeightSet }
  | { type: 'resumeAt'; gen: number; step: number }
  | { type: 'call'; gen: number; id: number; what: PeerCall; count?: number }
  /** The run is over: its models are disposed (the peer waits for the next configure). */
  | { type: 'release'; gen: number };

/**
 * Questions with an answer: the losses since the last call, the weights, a test evaluation, the
 * feature-layer readout of the first `count` test digits (the Features view's live plot).
 */
export type PeerCall = 'metrics' | 'weights' | 'evaluate' | 'features';

export type FromPeer =
  /** The peer's backend has started (or could not: `failure`). */
  | { type: 'ready'; failure?: string }
  /** A step has finished (or failed: a 'failed' came before it). */
  | { type: 'stepped'; gen: number; step: number }
  | {
      type: 'answer';
      gen: number;
      id: number;
      metrics?: ModelMetrics[];
      /** With metrics: the step the peer had reached (every loss up to it is in them). */
      step?: number;
      weights?: WeightSet;
      features?: FeatureReadout;
    }
  /** Something the peer was asked failed; `id` when it was a call. */
  | { type: 'failed'; gen: number; id?: number; message: string };
