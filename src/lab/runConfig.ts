/**
 * What a Lab state trains: the models (a SphereNet and its baseline twin, or a preset's set) and the
 * run's settings. Plain TypeScript shared by the Lab view, the PyTorch exporter and the benchmarks.
 */

import type { ModelEntry, NetSpec, RecurrentSpec, RunConfig } from '../engine/types';
import type { ViewState } from '../url/schema';

export type LabState = ViewState<'lab'>;

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

const CELL_NAMES = {
  gru: { plain: 'GRU', sphere: 'SphereGRU' },
  elman: { plain: 'Elman RNN', sphere: 'SphereRNN' },
};

/**
 * The recurrent family: the same cell twice from one seed, plain and with SphereFC in both of its
 * transforms. Ids 'sphere' and 'baseline' as the conv pair's, so colours and exports treat them alike.
 */
function recurrentModels(lab: LabState, opLabel: string): ModelEntry[] {
  const rnn = (arch: RecurrentSpec['arch']): ModelEntry['spec'] => ({
    kind: 'recurrent',
    rnn: { arch, cell: lab.cell, operator: lab.operator, k: lab.k, hiddenUnits: lab.hiddenUnits },
  });
  const names = CELL_NAMES[lab.cell];
  return [
    { id: 'sphere', label: `${names.sphere} ${opLabel}`, spec: rnn('sphere') },
    { id: 'baseline', label: names.plain, spec: rnn('baseline') },
  ];
}

/** The models a Lab state trains, in lockstep, from one seed. Presets pick their own set. */
export function labModels(lab: LabState): ModelEntry[] {
  const opLabel = OPERATOR_LABEL[lab.operator] + (lab.operator === 'sigmoid' ? ` (k=${lab.k})` : '');
  // The conv presets' own model sets need the conv family; a recurrent state is always the pair.
  if (lab.family === 'recurrent') return recurrentModels(lab, opLabel);
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
