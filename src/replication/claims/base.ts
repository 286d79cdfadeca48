/** What several claims share: their seeds, the Lab's default net and the baseline/SphereNet pair. */
import type { RunModel, Setting } from '../types';

/** Seeds of every claim's runs. C1's grid search uses its own seeds (SEARCH_SEEDS), never these. */
export const CLAIM_SEEDS = [101, 102, 103, 104, 105];
/** Claims that cost under 5 minutes on 10 seeds run on 10 (issue 25): the first five are CLAIM_SEEDS. */
export const TEN_SEEDS = [...CLAIM_SEEDS, 106, 107, 108, 109, 110];
export const SEARCH_SEEDS = [901, 902];

/** The Lab's default net: widths 16/32, one 3×3 conv per stage, sigmoid SphereConv k = 0.3. */
export const LAB_NET: Setting = {
  operator: 'sigmoid',
  k: 0.3,
  norm: 'none',
  head: 'softmax',
  m: 1,
  width: 16,
  depth: 1,
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: 32,
};

export const PAIR: RunModel[] = [
  { id: 'baseline', label: 'Baseline CNN', arch: 'baseline' },
  { id: 'sphere', label: 'SphereNet', arch: 'sphere' },
];
