import type { NetSpec } from '../../engine/models';
import type { RunConfig } from '../../engine/protocol';
import type { ViewState } from '../../url/schema';

type FeaturesState = ViewState<'features'>;

/** Test digits plotted (the whole fixed test split of the shipped MNIST). */
export const FEATURE_POINTS = 2000;

export const FEATURE_MODELS = [
  { id: 'baseline', title: 'Baseline CNN' },
  { id: 'sphere', title: 'SphereNet' },
] as const;

/**
 * Small nets whose last hidden layer is 2-D: convs (8, 16 channels, 2×2 max-pool between) →
 * dense 2 → classifier. Small enough to train at several steps a second on wasm while the page
 * polls 2,000 test features.
 */
function featureNet(state: FeaturesState, arch: NetSpec['arch']): NetSpec {
  return {
    arch,
    operator: state.operator,
    k: state.k,
    norm: 'none',
    head: state.head,
    m: state.m,
    widths: [8, 16],
    depth: 1,
    featureDim: 2,
  };
}

/** Both nets train in lockstep from one seed, with the same loss (the poster's comparison). */
export function featureRunConfig(state: FeaturesState): RunConfig {
  return {
    models: [
      { id: 'baseline', label: 'Baseline CNN', spec: { kind: 'net', net: featureNet(state, 'baseline') } },
      { id: 'sphere', label: 'SphereNet', spec: { kind: 'net', net: featureNet(state, 'sphere') } },
    ],
    batchSize: 32,
    learningRate: 0.003,
    optimizer: 'adam',
    seed: state.seed,
    // Accuracy comes from the polled predictions on all 2,000 test digits; no separate evaluation.
    evalEvery: 0,
    evalSize: 0,
    maxSteps: 0,
  };
}
