/**
 * Claim C7, recurrent SphereNets (issue 26): the Lab's Elman pair (a plain cell and its SphereRNN
 * twin, SphereFC in both transforms) on row-by-row MNIST, at Adam's default rate and a large one,
 * and under momentum SGD; and how fast each gets to an accuracy and a data-loss target. The
 * Elman pair, not the GRU: it costs about a third as much per step, and a claim over 10 seeds has
 * to fit in ~20 minutes of one core. Its own file because claims.ts is long enough.
 */
import type { Claim, Measure, RunModel, RunSpec, Setting } from '../types';

/** The Lab's recurrent pair: ids as the conv pair's, so links and findings treat them alike. */
const MODELS: RunModel[] = [
  { id: 'baseline', label: 'Elman RNN', arch: 'baseline' },
  { id: 'sphere', label: 'SphereRNN', arch: 'sphere' },
];

export const C7_STEPS = 300;

/** Adam at the Elman preset's rate and 30× it (where a plain probe seed collapsed); SGD at C1's rate. */
const ARMS = [
  { id: 'adam-0.001', optimizer: 'adam', learningRate: 0.001 },
  { id: 'adam-0.03', optimizer: 'adam', learningRate: 0.03 },
  { id: 'sgd-0.01', optimizer: 'sgd', learningRate: 0.01 },
] as const;

/** The preset's arm: its run also measures steps to the targets (test accuracy every 25 steps). */
const CONVERGENCE_RUN = 'adam-0.001';

function runs(base: Setting): RunSpec[] {
  return ARMS.map(({ id, optimizer, learningRate }) => ({
    id,
    setting: {
      ...base,
      operator: 'sigmoid',
      k: 0.3,
      optimizer,
      learningRate,
      batchSize: 32,
      recurrent: { cell: 'elman', hiddenUnits: 64 },
    },
    models: MODELS,
    steps: C7_STEPS,
    ...(id === CONVERGENCE_RUN
      ? {
          evalEvery: 25,
          evalSize: 500,
          targets: { accuracy: 0.5, loss: 1.5, lossWindow: 20, lossTerm: 'data' },
        }
      : { evalEvery: C7_STEPS, evalSize: 1000 }),
  }));
}

const ARM_NAME: Record<(typeof ARMS)[number]['id'], string> = {
  'adam-0.001': 'Adam 1e-3',
  'adam-0.03': 'Adam 0.03',
  'sgd-0.01': 'momentum SGD 0.01',
};

const measures: Measure[] = [
  ...ARMS.map(
    ({ id }): Measure => ({
      id,
      label: `${ARM_NAME[id]}: SphereRNN minus Elman RNN, final test accuracy (pp)`,
      run: id,
      metric: 'finalAccuracy',
      a: 'sphere',
      b: 'baseline',
      sign: 1,
      unit: 'pp',
    }),
  ),
  ...(
    [
      ['acc-steps', 'stepsToAccuracy', 'steps saved to 50% test accuracy'],
      ['loss-steps', 'stepsToLoss', 'steps saved to data loss 1.5'],
    ] as const
  ).map(
    ([id, metric, what]): Measure => ({
      id,
      label: `${ARM_NAME[CONVERGENCE_RUN]}: ${what}`,
      run: CONVERGENCE_RUN,
      metric,
      a: 'baseline',
      b: 'sphere',
      sign: 1,
      unit: 'steps',
    }),
  ),
];

export function recurrentClaim(base: Setting, seeds: number[]): Claim {
  return {
    id: 'C7',
    title: 'Recurrent SphereNets train at more learning rates and converge faster',
    paper:
      'The paper says SphereConv also applies to fully connected and recurrent layers (a dense layer is a 1×1 patch), and shows no recurrent experiment. This claim carries its two main arguments, faster convergence (C1) and stable training from bounded outputs (C3), over to a recurrent cell.',
    paperFigure: 'none: the paper only says SphereConv can be used in recurrent layers',
    experiment: `MNIST read row by row (28 time steps of 28 pixels): an Elman RNN, h′ = tanh(Wx + Uh + b), 64 units, against its SphereRNN twin with both Wx and Uh replaced by sigmoid SphereFC (k = 0.3), same seed and batches, batch 32, ${C7_STEPS} steps, no regularizers. Three arms: Adam 1e-3 (the Lab preset), Adam 0.03 (a large rate) and momentum SGD (0.9) 0.01; final test accuracy on 1,000 test digits (500 at Adam 1e-3). At Adam 1e-3 also the steps to 50% test accuracy (500 digits, every 25 steps) and to a data loss ≤ 1.5 (mean of 20 steps); a net that does not get there counts as ${C7_STEPS + 25}. Arms, targets and steps were set from single-seed probes (seeds 7, 101, 102; the last two are also claim seeds) so that both cells reach the targets on a probe seed and the claim fits ~25 minutes of one core. The SGD arm is there because a probe found the SphereRNN stuck at chance under SGD: MNIST’s blank top rows keep h at exactly 0, where SphereFC’s gradient is w/√ε (ε = 1e-4), so the first SGD steps blow its weights up; Adam rescales that gradient away. A seed whose loss turns NaN/∞ scores chance.`,
    seeds,
    runs: runs(base),
    measures,
    link: { view: 'lab', run: CONVERGENCE_RUN, preset: 'rnn-elman' },
    preset: 'rnn-elman',
  };
}
