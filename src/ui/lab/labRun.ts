import type { NetSpec } from '../../engine/models';
import type { ModelEntry, RunConfig } from '../../engine/protocol';
import { labPatch, presetBlurb } from '../../replication/format';
import { SHIPPED } from '../../replication/shipped';
import type { Setting } from '../../replication/types';
import * as recipe from '../../sphere/recipe';
import type { ViewState } from '../../url/schema';

type LabState = ViewState<'lab'>;

export const MODEL_COLORS: Record<string, string> = {
  sphere: '#ff8a5c',
  baseline: '#6cb4ff',
  linear: '#c792ea',
  cosine: '#7fd88f',
  sigmoid: '#ff8a5c',
  'learnable-sigmoid': '#ffcf5c',
  'bn-baseline': '#6cb4ff',
  spherenorm: '#ff8a5c',
  'spherenorm-bn': '#ffcf5c',
};

const OPERATOR_LABEL: Record<string, string> = {
  linear: 'linear',
  cosine: 'cosine',
  sigmoid: 'sigmoid',
  'learnable-sigmoid': 'learnable sigmoid',
};

/** Stages of the scaled-down SphereNet-9: widths w, 2w (`depth` convs each), 2×2 max-pool between. */
function topology(lab: LabState): Pick<NetSpec, 'widths' | 'depth'> {
  return { widths: [lab.width, lab.width * 2], depth: lab.depth };
}

function sphereSpec(lab: LabState, overrides: Partial<NetSpec> = {}): NetSpec {
  return {
    arch: 'sphere',
    operator: lab.operator,
    k: lab.k,
    norm: lab.norm,
    head: lab.head,
    m: lab.m,
    ...topology(lab),
    ...overrides,
  };
}

function baselineSpec(lab: LabState, overrides: Partial<NetSpec> = {}): NetSpec {
  // Same topology and loss; GA-Softmax and weight-normalized heads are angular and apply to both.
  return { ...sphereSpec(lab), arch: 'baseline', ...overrides };
}

/** The models a Lab state trains, in lockstep, from one seed. Presets pick their own set. */
export function labModels(lab: LabState): ModelEntry[] {
  const opLabel = OPERATOR_LABEL[lab.operator] + (lab.operator === 'sigmoid' ? ` (k=${lab.k})` : '');
  switch (lab.preset) {
    case 'shootout':
      return [
        ...(['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'] as const).map((operator) => ({
          id: operator,
          label: `SphereNet ${OPERATOR_LABEL[operator]}`,
          spec: { kind: 'net' as const, net: sphereSpec(lab, { operator }) },
        })),
        { id: 'baseline', label: 'Baseline CNN', spec: { kind: 'net', net: baselineSpec(lab) } },
      ];
    case 'spherenorm-b4':
      return [
        {
          id: 'bn-baseline',
          label: 'CNN + BN',
          spec: { kind: 'net', net: baselineSpec(lab, { norm: 'bn' }) },
        },
        {
          id: 'spherenorm',
          label: 'SphereNorm',
          spec: { kind: 'net', net: sphereSpec(lab, { norm: 'none' }) },
        },
        {
          id: 'spherenorm-bn',
          label: 'SphereNorm + BN',
          spec: { kind: 'net', net: sphereSpec(lab, { norm: 'bn' }) },
        },
      ];
    default:
      return [
        { id: 'sphere', label: `SphereNet ${opLabel}`, spec: { kind: 'net', net: sphereSpec(lab) } },
        { id: 'baseline', label: 'Baseline CNN', spec: { kind: 'net', net: baselineSpec(lab) } },
      ];
  }
}

export function labRunConfig(lab: LabState): RunConfig {
  return {
    models: labModels(lab),
    batchSize: Number(lab.batchSize),
    learningRate: lab.learningRate,
    optimizer: lab.optimizer,
    seed: lab.seed,
    evalEvery: 50,
    evalSize: 1000,
    maxSteps: 0,
    exactTiming: lab.exactTiming,
  };
}

/** The Lab fields of a claim's measured setting (results.json), or the fallback before it was measured. */
function measured(claimId: string, run: string, fallback: Partial<LabState>): Partial<LabState> {
  const setting: Setting | undefined = SHIPPED.results.claims[claimId]?.settings[run];
  return setting ? labPatch(setting) : fallback;
}

interface Preset {
  id: Exclude<LabState['preset'], 'custom'>;
  title: string;
  /** What the preset shows, then (presetBlurb) what the replication suite measured for it. */
  blurb: string;
  patch: Partial<LabState>;
}

const preset = (p: Preset): Preset => ({ ...p, blurb: presetBlurb(p.id, p.blurb, SHIPPED.results) });

/**
 * Presets: one click each, each a shareable URL (the preset and its settings land in the link).
 * Those a replication claim covers use the claim's measured setting and say what it measured.
 */
export const PRESETS: Preset[] = [
  preset({
    id: 'convergence',
    title: 'Convergence vs baseline',
    blurb:
      'SphereNet (sigmoid, k = 0.3) against the same CNN: which reaches high accuracy in fewer steps? The setting is the one the replication grid search found most favourable to the SphereNet.',
    patch: measured('C1', 'chosen', {
      operator: 'sigmoid',
      k: 0.3,
      norm: 'bn',
      head: 'softmax',
      m: 1,
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: '32',
    }),
  }),
  preset({
    id: 'spherenorm-b4',
    title: 'SphereNorm at mini-batch 4',
    blurb: 'BN vs SphereNorm vs both at batch size 4, where batch statistics are poor.',
    patch: measured('C2', 'b4', {
      operator: 'cosine',
      head: 'softmax',
      m: 1,
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: '4',
    }),
  }),
  preset({
    id: 'shootout',
    title: 'Operator shoot-out',
    blurb: 'All four operators and the baseline, one chart.',
    patch: measured('C5', 'shootout', {
      k: 0.3,
      norm: 'bn',
      head: 'softmax',
      m: 1,
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: '32',
    }),
  }),
  preset({
    id: 'learnable-k',
    title: 'Learnable k',
    blurb: 'Learnable sigmoid: watch each layer’s k move while it trains.',
    patch: {
      operator: 'learnable-sigmoid',
      norm: 'bn',
      head: 'softmax',
      m: 1,
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: '32',
    },
  }),
  preset({
    id: 'paper-recipe',
    title: 'Paper recipe',
    blurb:
      'The official SphereNet-9 training recipe (src/sphere/recipe.ts): sigmoid SphereConv (k = 0.3) with BN after every conv, Adam 1e-3, batch 128, weight decay 5e-4, label smoothing 0.01, orthogonality 1e-4 — at browser width, on MNIST.',
    patch: {
      operator: 'sigmoid',
      k: recipe.SIGMOID_K,
      norm: 'bn',
      head: 'softmax',
      m: 1,
      optimizer: recipe.OPTIMIZER,
      learningRate: recipe.LEARNING_RATE,
      batchSize: String(recipe.BATCH_SIZE) as LabState['batchSize'],
    },
  }),
];
