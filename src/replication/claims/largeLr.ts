/**
 * Claim C3, large learning rates, with the controls and mechanism of issue 25: a CNN + BN arm at
 * the same rates (BN makes a CNN's convs scale-invariant too), the mechanism measured per seed
 * (dead ReLUs, kernel norms, effective step lr/‖w‖²), and a baseline trained at the SphereNet's
 * own measured effective step. Its own file because claims.ts is long enough; claims.ts lists it.
 */
import type { Claim, Measure, RunModel, RunSpec, Setting } from '../types';

export const C3_RATES = [0.1, 0.3, 1];

const MODELS: RunModel[] = [
  { id: 'baseline', label: 'Baseline CNN', arch: 'baseline' },
  { id: 'sphere', label: 'SphereNet', arch: 'sphere' },
  { id: 'bn-baseline', label: 'CNN + BN', arch: 'baseline', overrides: { norm: 'bn' } },
];

const RUN_SHAPE = { steps: 300, evalEvery: 100, evalSize: 1000 } as const;

function runs(net: Setting): RunSpec[] {
  const at = (lr: number) => ({ ...net, optimizer: 'sgd' as const, learningRate: lr });
  return [
    ...C3_RATES.map((lr) => ({
      id: `lr-${lr}`,
      setting: at(lr),
      models: MODELS,
      ...RUN_SHAPE,
      mechanism: true,
    })),
    // After all three rates (a matched run needs its source's mechanism, measured on the same seed).
    ...C3_RATES.map((lr) => ({
      id: `lr-${lr}-matched`,
      // The rate is a placeholder: each seed trains at the SphereNet's measured lr/‖w‖² of lr-${lr}.
      setting: at(lr),
      models: [MODELS[0]],
      ...RUN_SHAPE,
      mechanism: true,
      matchStep: { run: `lr-${lr}`, model: 'sphere' },
    })),
  ];
}

function measures(lr: number): Measure[] {
  const run = `lr-${lr}`;
  const accuracy = { run, metric: 'finalAccuracy', a: 'sphere', sign: 1, unit: 'pp' } as const;
  const mechanism = (
    id: string,
    label: string,
    metric: Measure['metric'],
    a: string,
    unit: Measure['unit'],
  ) => ({ id: `${run}-${id}`, label: `lr ${lr}: ${label}`, run, metric, a, sign: 0, unit }) as Measure;
  return [
    { id: run, label: `lr ${lr}: SphereNet minus baseline, final accuracy (pp)`, b: 'baseline', ...accuracy },
    {
      id: `${run}-bn`,
      label: `lr ${lr}: SphereNet minus CNN + BN, final accuracy (pp)`,
      b: 'bn-baseline',
      ...accuracy,
    },
    {
      id: `${run}-matched`,
      label: `lr ${lr}: SphereNet minus a baseline trained at the SphereNet’s effective step, final accuracy (pp)`,
      b: 'baseline',
      runB: `${run}-matched`,
      ...accuracy,
    },
    mechanism('dead', 'baseline’s dead ReLU filters (share)', 'deadReluShare', 'baseline', 'share'),
    mechanism('norm-baseline', 'baseline’s kernel norm ‖w‖ (RMS)', 'kernelNorm', 'baseline', 'norm'),
    mechanism('norm-sphere', 'SphereNet’s kernel norm ‖w‖ (RMS)', 'kernelNorm', 'sphere', 'norm'),
    mechanism('step-sphere', 'SphereNet’s effective step lr/‖w‖²', 'effectiveStep', 'sphere', 'rate'),
  ];
}

export function largeLrClaim(net: Setting, seeds: number[]): Claim {
  return {
    id: 'C3',
    title: 'SphereNets stay trainable at large learning rates',
    paper:
      'SphereConv’s outputs are bounded in [−1, 1], which the paper argues makes training better conditioned and more stable.',
    paperFigure: 'argued from bounded outputs (no figure at these rates)',
    experiment:
      'Momentum SGD (0.9) at learning rates 0.1, 0.3 and 1, no BN, widths 16/32, batch 32, 300 steps: baseline CNN, sigmoid SphereNet, and a CNN + BN control (BN makes its convs scale-invariant like SphereConv), same batches. Test accuracy on 1,000 digits; a seed whose loss turns NaN/∞ scores chance (10%), though none has: a collapsed baseline is dead ReLUs. After training, on 500 test digits: the share of dead ReLU filters (0 on every digit), the RMS kernel norm ‖w‖ over all conv filters, and the effective step lr/‖w‖² (a scale-invariant filter turns by about that much per step). A fourth arm trains the baseline at the SphereNet’s measured effective step of the same seed: if the SphereNet only wins by its smaller real step, that arm closes the gap.',
    seeds,
    runs: runs(net),
    measures: C3_RATES.flatMap(measures),
    link: { view: 'lab', run: 'lr-1', preset: 'large-lr' },
    preset: 'large-lr',
  };
}
