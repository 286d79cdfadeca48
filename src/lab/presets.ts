/**
 * The Lab's presets: one click each, each a shareable URL. Those a replication claim covers take the
 * claim's measured setting from results.json and say what it measured.
 */
import { labPatch, presetBlurb } from '../replication/format';
import { SHIPPED } from '../replication/shipped';
import type { Setting } from '../replication/types';
import * as recipe from '../sphere/recipe';
import type { LabState } from './runConfig';

/** The Lab fields of a claim's measured setting (results.json), or the fallback before it was measured. */
function measured(claimId: string, run: string, fallback: Partial<LabState>): Partial<LabState> {
  const setting: Setting | undefined = SHIPPED.results.claims[claimId]?.settings[run];
  return setting ? labPatch(setting) : fallback;
}

export interface Preset {
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
    id: 'large-lr',
    title: 'Large learning rate',
    blurb:
      'Momentum SGD at learning rate 1, no BN: the paper argues that SphereConv’s bounded outputs keep training stable where a CNN’s do not.',
    patch: measured('C3', 'lr-1', {
      operator: 'sigmoid',
      k: 0.3,
      norm: 'none',
      head: 'softmax',
      m: 1,
      optimizer: 'sgd',
      learningRate: 1,
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
      'The official SphereNet-9 training recipe (as the authors’ code trains it): sigmoid SphereConv (k = 0.3) with BN after every conv, Adam 1e-3, batch 128, weight decay 5e-4, label smoothing 0.01, orthogonality 1e-4 — at browser width, on MNIST.',
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
  // A conv preset clicked from a recurrent run must bring the conv nets back.
].map((p) => ({ ...p, patch: { family: 'conv' as const, ...p.patch } }));

/**
 * The recurrent family's presets, apart from PRESETS (the conv experiments the PyTorch export
 * covers): each trains a recurrent SphereNet and its plain twin on MNIST read row by row (28 steps
 * of 28 pixels). Claim C7 measures the Elman pair (its blurb adds what it found); the GRU's blurb says
 * only what it shows.
 */
export const RECURRENT_PRESETS: Preset[] = [
  preset({
    id: 'rnn-rows',
    title: 'Row-by-row MNIST: SphereGRU vs GRU',
    blurb:
      'Each digit read as a sequence, one 28-pixel row per time step: a GRU against its SphereGRU twin, whose input and recurrent inner products are both replaced by g(θ) (SphereFC). Same seed, same batches, one softmax head each.',
    patch: {
      family: 'recurrent',
      cell: 'gru',
      hiddenUnits: 64,
      operator: 'sigmoid',
      k: 0.3,
      optimizer: 'adam',
      learningRate: 0.003,
      batchSize: '32',
    },
  }),
  preset({
    id: 'rnn-elman',
    title: 'Row-by-row MNIST: SphereRNN vs Elman RNN',
    blurb:
      'The same race with the ungated cell, h′ = tanh(Wx + Uh + b): SphereFC in both of its transforms against the plain one.',
    patch: measured('C7', 'adam-0.001', {
      family: 'recurrent',
      cell: 'elman',
      hiddenUnits: 64,
      operator: 'sigmoid',
      k: 0.3,
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: '32',
    }),
  }),
];

/** Every preset the Lab offers: the conv experiments, then the recurrent ones. */
export const ALL_PRESETS: Preset[] = [...PRESETS, ...RECURRENT_PRESETS];
