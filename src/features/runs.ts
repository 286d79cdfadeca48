/**
 * The Features view's runs: a baseline CNN and a SphereNet whose last hidden layer is 2-D, trained
 * in lockstep from one seed. One definition for the browser's live runs and for
 * `npm run train:features`, which ships snapshots of some settings (SHIPPED_FEATURE_SETTINGS);
 * the config hash below tells a test (and the view) when those snapshots no longer match the code.
 */

import { hashJson } from '../engine/configHash';
import { COSINE_LR_FLOOR } from '../engine/train/lrSchedule';
import type { NetSpec, RunConfig } from '../engine/types';
import { DEFAULT_SIGMOID_K } from '../sphere/angular';
import { RECIPE_FINGERPRINT } from '../sphere/recipe';

/** What defines a Features run (the view's URL fields, less the projection). */
export interface FeatureSettings {
  operator: NetSpec['operator'];
  k: number;
  head: NetSpec['head'];
  m: number;
  seed: number;
  /** The view's nets and training (the default; shipped snapshots) or claim C4's (claimRecipe.ts). */
  recipe?: 'view' | 'claim';
}

/** Test digits plotted and snapshotted: the whole fixed test split of the shipped MNIST. */
export const FEATURE_POINTS = 2000;

export const FEATURE_MODELS = [
  { id: 'baseline', title: 'Baseline CNN' },
  { id: 'sphere', title: 'SphereNet' },
] as const;
export type FeatureModelId = (typeof FEATURE_MODELS)[number]['id'];

/**
 * The nets' shape: three stages of two 3×3 convs (16/32/64), 2×2 max-pool after each, a linear
 * 2-D feature layer. Found with scripts/features-probe.ts and a PyTorch mirror of the same nets
 * (issue 13's search on a 2-core machine): one conv per stage, before the training aids below,
 * stopped near 92% (softmax) and 63% (SphereNet, GA-Softmax m = 4); two per stage with the cosine
 * decay reach about 96.5% with softmax, and the shifts close the rest of the gap. Wider nets
 * (32/64/128) also pass 97% but cost 4× the compute and 4× the snapshot bytes.
 */
export const FEATURE_NET = { widths: [16, 32, 64], depth: 2, featureDim: 2, norm: 'none' } as const;

/**
 * Optimizer, length and the three training aids of a full run (shipped snapshots and "Train live"
 * alike), each measured to matter on these 8,000 training digits:
 * - a cosine learning-rate decay (to 2%) settles the features; at a constant rate test accuracy
 *   swung by many points between checkpoints (one probe, GA-Softmax m = 4 without annealing: the
 *   SphereNet went 79.2% → 64.8% → 68.9% at steps 1,000, 1,250, 1,500);
 * - ±2-pixel random shifts: without them the nets fit the training digits and stop near 96.5%;
 * - SphereFace's margin annealing (λ from 10 to 0 over the first half): in the PyTorch mirror,
 *   with the decay and shifts in place, GA-Softmax m = 4 ended at 90.8% (SphereNet) / 89.3% (CNN)
 *   without it and at 97.1% / 97.9% with it.
 * Length: at 2,500 steps the softmax run ended at 96.6% / 97.1% (CNN / SphereNet), just short; the
 * PyTorch mirror's CNN went from 96.5% (2,500) to 97.5% (4,000). 3,600 keeps train:features
 * under 30 minutes on 2 cores.
 */
export const FEATURE_TRAINING = {
  optimizer: 'adam',
  learningRate: 0.003,
  lrSchedule: 'cosine',
  shiftAugment: 2,
  batchSize: 64,
  steps: 3600,
  annealLambda: 10,
  /** λ reaches 0 at this fraction of the run. */
  annealUntil: 0.5,
} as const;

/**
 * Settings with a shipped snapshot: the cosine operator (GA-Softmax with it is SphereFace's
 * A-Softmax, the loss of the well-known 2-D MNIST pictures; the sigmoid operator's flat ends give
 * the margin almost no gradient near the class centre, and m = 4 stalled below 90% with it) under
 * softmax and GA-Softmax m = 2, 4. GA-Softmax m = 1 trains live: a fourth run would take the
 * files past 2 MB (each run is about 0.55 MB gzipped) and the training past 30 minutes here.
 */
export const SHIPPED_FEATURE_SETTINGS: FeatureSettings[] = [
  { operator: 'cosine', k: 0.3, head: 'softmax', m: 1, seed: 1 },
  { operator: 'cosine', k: 0.3, head: 'ga-softmax', m: 2, seed: 1 },
  { operator: 'cosine', k: 0.3, head: 'ga-softmax', m: 4, seed: 1 },
];

/**
 * Settings of the family that are measured, not shipped: `npm run train:features -- --only <key>
 * --out <dir>` trains one the same way. GA-Softmax m = 1 ended at 97.55% / 97.1% (CNN / SphereNet)
 * at seed 1, 3,600 steps (978 s alone on this machine).
 */
export const UNSHIPPED_FEATURE_SETTINGS: FeatureSettings[] = [
  { operator: 'cosine', k: 0.3, head: 'ga-softmax', m: 1, seed: 1 },
];

/**
 * m only matters under GA-Softmax, k only under the sigmoid: the runs are the same whatever the
 * URL holds for them otherwise (k then reads as the default, 0.3).
 */
export function canonicalSettings(s: FeatureSettings): FeatureSettings {
  const k = s.operator === 'sigmoid' ? s.k : DEFAULT_SIGMOID_K;
  const m = s.head === 'ga-softmax' ? s.m : 1;
  return {
    operator: s.operator,
    k,
    head: s.head,
    m,
    seed: s.seed,
    ...(s.recipe === 'claim' ? { recipe: 'claim' } : {}),
  };
}

/** A file-name-safe name for a run's settings, e.g. "sigmoid-k0.3-ga-softmax-m4-seed1". */
export function featureRunKey(settings: FeatureSettings): string {
  const s = canonicalSettings(settings);
  const margin = s.head === 'ga-softmax' ? `-m${s.m}` : '';
  // Claim C4's recipe ships no snapshot: its own key never finds one.
  return `${s.operator}-k${s.k}-${s.head}${margin}-seed${s.seed}${s.recipe === 'claim' ? '-claim-c4' : ''}`;
}

export function featureNetSpec(
  settings: FeatureSettings,
  arch: NetSpec['arch'],
  steps: number = FEATURE_TRAINING.steps,
): NetSpec {
  const s = canonicalSettings(settings);
  return {
    arch,
    operator: s.operator,
    k: s.k,
    norm: FEATURE_NET.norm,
    head: s.head,
    m: s.m,
    widths: [...FEATURE_NET.widths],
    depth: FEATURE_NET.depth,
    featureDim: FEATURE_NET.featureDim,
    // steps = 0: continuing from trained weights, where the annealing is long over.
    ...(s.head === 'ga-softmax' && steps > 0 ? { marginAnneal: featureAnneal(steps) } : {}),
  };
}

/** The margin annealing of a run of `steps` steps (FEATURE_TRAINING). */
export function featureAnneal(steps: number): { lambda: number; steps: number } {
  return {
    lambda: FEATURE_TRAINING.annealLambda,
    steps: Math.max(1, Math.round(steps * FEATURE_TRAINING.annealUntil)),
  };
}

/**
 * Both nets train in lockstep from one seed, with the same loss (the poster's comparison).
 * maxSteps = 0 configures a continuation of trained weights: no cap, no annealing, the final rate.
 */
export function featureRunConfig(
  settings: FeatureSettings,
  maxSteps: number = FEATURE_TRAINING.steps,
): RunConfig {
  return {
    models: FEATURE_MODELS.map((m) => ({
      id: m.id,
      label: m.title,
      spec: { kind: 'net' as const, net: featureNetSpec(settings, m.id, maxSteps) },
    })),
    batchSize: FEATURE_TRAINING.batchSize,
    // Continuing (maxSteps 0, no cap): the rate where the cosine decay ended, held constant.
    learningRate: FEATURE_TRAINING.learningRate * (maxSteps > 0 ? 1 : COSINE_LR_FLOOR),
    optimizer: FEATURE_TRAINING.optimizer,
    lrSchedule: maxSteps > 0 ? FEATURE_TRAINING.lrSchedule : 'constant',
    shiftAugment: FEATURE_TRAINING.shiftAugment,
    seed: settings.seed,
    // Accuracy comes from the features' predictions on all 2,000 test digits; no separate evaluation.
    evalEvery: 0,
    evalSize: 0,
    maxSteps,
  };
}

/**
 * Steps at which a run is snapshotted: step 0 (the initial weights), then denser early, where the
 * picture changes fastest (each gap about 1.25× the previous), ending at the last step.
 */
export const FEATURE_CHECKPOINTS = 20;

export function checkpointSteps(total: number, count: number = FEATURE_CHECKPOINTS): number[] {
  const ratio = 1.25;
  // Gaps g, g·r, g·r², … summing to total over count − 1 intervals.
  const n = count - 1;
  const first = (total * (ratio - 1)) / (ratio ** n - 1);
  const steps = [0];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += first * ratio ** i;
    const step = i === n - 1 ? total : Math.max(steps[steps.length - 1] + 1, Math.round(sum));
    steps.push(Math.min(total, step));
  }
  return [...new Set(steps)];
}

/** Bumped when the snapshot files' layout changes (src/features/snapshot.ts). */
export const FEATURE_SNAPSHOT_FORMAT = 1;

/**
 * The hash of everything that decides what a run's snapshots hold: the model-math constants
 * (recipe.ts), both nets' specs, the optimizer, steps, checkpoints, test digits and file format.
 * A snapshot whose hash differs was trained by other code: stale.
 */
export function featureRunHash(
  settings: FeatureSettings,
  steps: number = FEATURE_TRAINING.steps,
  checkpoints: number = FEATURE_CHECKPOINTS,
): string {
  return hashJson({
    format: FEATURE_SNAPSHOT_FORMAT,
    recipe: RECIPE_FINGERPRINT,
    run: featureRunConfig(settings, steps),
    checkpoints: checkpointSteps(steps, checkpoints),
    points: FEATURE_POINTS,
  });
}
