import type { ModelMetrics, WeightSet } from '../protocol';
import type { FeatureReadout } from './readouts';

/**
 * Some of a run's models trained elsewhere (a peer worker on the second core: ../peer/README.md),
 * on the same batches in lockstep. The Trainer keeps a local copy of each (a mirror) that it
 * refreshes from weights() before anything reads them; every call queues behind the steps before it.
 */
export interface TrainerPeer {
  /** The models the peer trains (the rest of the run trains here). */
  readonly ids: ReadonlySet<string>;
  /** Dispatches one step; never waits. */
  step(): void;
  /** Resolves when at most `maxAhead` dispatched steps are unfinished; throws a failed step's error. */
  within(maxAhead: number): Promise<void>;
  /**
   * The peer models' metrics since the last call (losses, accuracy, images/s, k, stopped), and
   * the step they reach (`upTo`). `settle` false: whatever has come back since the last call,
   * without waiting for the peer (possibly nothing); a running loop reads so, and settles when it stops.
   */
  metrics(settle: boolean): Promise<{ models: ModelMetrics[]; upTo: number }>;
  /** Their weights after every step dispatched so far. */
  weights(): Promise<WeightSet>;
  /** Measures their test accuracy (reported by the next metrics()). */
  evaluate(): Promise<void>;
  /** Their feature-layer readout on the first `count` test digits (computed where they train). */
  features(count: number): Promise<FeatureReadout>;
  setWeights(weights: WeightSet): void;
  resumeAt(step: number): void;
  setLearningRate(learningRate: number): void;
  dispose(): void;
}
