/**
 * Claim C4: the 2-D features of small feature nets under softmax and GA-Softmax m = 1…4, the
 * SphereNet's against the CNN's (angular spread and margin). Its own file because claims.ts grew
 * past 300 lines; claims.ts lists it.
 */
import type { Claim, Setting } from '../types';
import { LAB_NET, PAIR, TEN_SEEDS } from './base';

const C4_HEADS: { id: string; head: Setting['head']; m: number; label: string }[] = [
  { id: 'softmax', head: 'softmax', m: 1, label: 'softmax' },
  ...[1, 2, 3, 4].map((m) => ({
    id: `ga-m${m}`,
    head: 'ga-softmax' as const,
    m,
    label: `GA-Softmax m = ${m}`,
  })),
];

export const FEATURES_CLAIM: Claim = {
  id: 'C4',
  title: '2-D features: more compact, larger angular margin',
  paper:
    'On MNIST the SphereNet’s 2-D features are more compact, with a larger angular margin, than the plain CNN’s, even under the same softmax loss (poster).',
  paperFigure: 'poster: MNIST 2-D feature plots (qualitative)',
  experiment:
    'Small, briefly trained feature nets (convs 8/16, a 2-D feature layer, sigmoid k = 0.3, Adam 3e-3, batch 32; not the Features view’s larger shipped runs, one seed each, whose measures the view shows), 400 steps, under softmax and GA-Softmax m = 1…4. On all 2,000 test digits: mean per-class angular spread (smaller = more compact) and the minimum angular gap between neighbouring class sectors (5% trimmed; negative = overlap). 10 seeds, as every claim cheap enough to afford them (issue 25).',
  seeds: TEN_SEEDS,
  runs: C4_HEADS.map((h) => ({
    id: h.id,
    setting: { ...LAB_NET, width: 8, learningRate: 0.003, featureDim: 2, head: h.head, m: h.m },
    models: PAIR,
    steps: 400,
    evalEvery: 400,
    evalSize: 2000,
    featureCount: 2000,
  })),
  measures: C4_HEADS.flatMap((h) => [
    {
      id: `${h.id}-spread`,
      label: `${h.label}: baseline minus SphereNet angular spread (°)`,
      run: h.id,
      metric: 'angularSpread' as const,
      a: 'baseline',
      b: 'sphere',
      sign: 1 as const,
      unit: 'deg' as const,
    },
    {
      id: `${h.id}-margin`,
      label: `${h.label}: SphereNet minus baseline minimum margin (°)`,
      run: h.id,
      metric: 'angularMargin' as const,
      a: 'sphere',
      b: 'baseline',
      sign: 1 as const,
      unit: 'deg' as const,
    },
  ]),
  link: { view: 'features' },
};
