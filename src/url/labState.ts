import { boolField, enumField, numberField, type Schema } from './fields';

export const LAB_OPERATORS = ['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'] as const;
export const LAB_NORMS = ['none', 'bn'] as const;
export const LAB_HEADS = ['softmax', 'wn-softmax', 'ga-softmax'] as const;
export const LAB_OPTIMIZERS = ['adam', 'sgd'] as const;
export const LAB_BATCH_SIZES = ['4', '8', '16', '32', '64', '128'] as const;
export const LAB_DATASETS = ['mnist', 'files'] as const;
/** 'conv': SphereNet vs CNN; 'recurrent': a recurrent SphereNet vs its plain twin, row by row. */
export const LAB_FAMILIES = ['conv', 'recurrent'] as const;
export const LAB_CELLS = ['gru', 'elman'] as const;
export const LAB_PRESETS = [
  'custom',
  'convergence',
  'spherenorm-b4',
  'shootout',
  'learnable-k',
  'paper-recipe',
  'large-lr',
  'rnn-rows',
  'rnn-elman',
] as const;
export const LAB_X_AXES = ['step', 'time'] as const;

export type LabPreset = (typeof LAB_PRESETS)[number];

/** URL fields of the Lab view. Labels are the controls' own on-screen names (the classroom panel says "Hide <label>"). */
export const labSchema = {
  preset: { ...enumField('preset', LAB_PRESETS, 'custom'), label: 'Paper and recurrent presets' },
  operator: { ...enumField('op', LAB_OPERATORS, 'sigmoid'), label: 'Operator' },
  k: { ...numberField('k', 0.3, 0.05, 2), label: 'k' },
  norm: { ...enumField('norm', LAB_NORMS, 'none'), label: 'Norm' },
  head: { ...enumField('loss', LAB_HEADS, 'softmax'), label: 'Loss' },
  m: { ...numberField('m', 1, 1, 4, true), label: 'Margin m' },
  learningRate: { ...numberField('lr', 0.001, 1e-6, 100), label: 'Learning rate' },
  batchSize: { ...enumField('bs', LAB_BATCH_SIZES, '32'), label: 'Batch size' },
  optimizer: { ...enumField('opt', LAB_OPTIMIZERS, 'adam'), label: 'Optimizer' },
  width: { ...numberField('width', 16, 4, 64, true), label: 'Width' },
  /** 3×3 convs per stage: 1 (the default net) to 3 (as the official SphereNet-9). */
  depth: { ...numberField('depth', 1, 1, 3, true), label: 'Convs per stage' },
  family: { ...enumField('family', LAB_FAMILIES, 'conv'), label: 'Model family' },
  /** Recurrent family only: the cell, and its hidden state's size. */
  cell: { ...enumField('cell', LAB_CELLS, 'gru'), label: 'Cell' },
  hiddenUnits: { ...numberField('units', 64, 8, 256, true), label: 'Hidden units' },
  seed: { ...numberField('seed', 1, 0, 2 ** 31 - 1, true), label: 'Seed' },
  dataset: { ...enumField('data', LAB_DATASETS, 'mnist'), label: 'Dataset' },
  xAxis: { ...enumField('x', LAB_X_AXES, 'step'), label: 'Chart x axis' },
  exactTiming: { ...boolField('exact', false), label: 'Exact per-model timing' },
} satisfies Schema;
