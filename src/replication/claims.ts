/**
 * Every paper claim SphereLab measures: what the paper says (PAPER.md), the experiment, its seeds
 * and the measures whose per-seed effects the verdict rule (verdict.ts) judges. Declarative data:
 * scripts/replicate.ts runs it, results.json stores what came out, the UI and README render it.
 * Changing anything here (or the model math in src/sphere/recipe.ts) changes the claim's config
 * hash, and the results test then names the claims to rerun.
 */
import { CLAIM_SEEDS, LAB_NET, TEN_SEEDS } from './claims/base';
import { CONVERGENCE_CLAIMS } from './claims/convergence';
import { FEATURES_CLAIM } from './claims/features';
import { largeLrClaim } from './claims/largeLr';
import { recurrentClaim } from './claims/recurrent';
import type { Claim } from './types';

export { CLAIM_SEEDS, SEARCH_SEEDS, TEN_SEEDS } from './claims/base';
export { C1_CELL } from './claims/convergence';

/** C2: 3 epochs of the 8,000 training digits at batch 4, scored on the last 4 evaluations, the last quarter of training (issue 25; every evaluation of 2,000 digits costs about as much as 150 steps, so not more often). */
const C2_STEPS = 6000;
const C2_EVAL_EVERY = 500;
const C2_LAST = 4;

export const CLAIMS: Claim[] = [
  ...CONVERGENCE_CLAIMS,
  {
    id: 'C2',
    title: 'SphereNorm at mini-batch 4',
    paper: 'SphereNorm’s advantage over BatchNorm is largest at a tiny mini-batch (size 4) (poster).',
    paperFigure: 'poster: SphereNorm ahead of BN at batch 4 (CIFAR-10)',
    experiment: `Batch 4, Adam 1e-3, widths 16/32: CNN + BN, cosine SphereNorm (no BN) and SphereNorm + BN, ${C2_STEPS} steps (3 epochs of the 8,000 training digits). Test accuracy on all 2,000 test digits every ${C2_EVAL_EVERY} steps, scored as the mean of the last ${C2_LAST} evaluations: at batch 4 accuracy swings by several pp from one evaluation to the next, so a single last one is mostly noise.`,
    seeds: CLAIM_SEEDS,
    runs: [
      {
        id: 'b4',
        setting: { ...LAB_NET, operator: 'cosine', batchSize: 4 },
        models: [
          { id: 'bn-baseline', label: 'CNN + BN', arch: 'baseline', overrides: { norm: 'bn' } },
          { id: 'spherenorm', label: 'SphereNorm', arch: 'sphere', overrides: { norm: 'none' } },
          { id: 'spherenorm-bn', label: 'SphereNorm + BN', arch: 'sphere', overrides: { norm: 'bn' } },
        ],
        steps: C2_STEPS,
        evalEvery: C2_EVAL_EVERY,
        evalSize: 2000,
      },
    ],
    measures: (
      [
        ['spherenorm-vs-bn', 'SphereNorm', 'spherenorm'],
        ['both-vs-bn', 'SphereNorm + BN', 'spherenorm-bn'],
      ] as const
    ).map(([id, name, a]) => ({
      id,
      label: `${name} minus CNN + BN, mean accuracy of the last ${C2_LAST} evaluations (pp)`,
      run: 'b4',
      metric: 'meanLastAccuracy' as const,
      last: C2_LAST,
      a,
      b: 'bn-baseline',
      sign: 1 as const,
      unit: 'pp' as const,
    })),
    link: { view: 'lab', run: 'b4', preset: 'spherenorm-b4' },
    preset: 'spherenorm-b4',
  },
  largeLrClaim(LAB_NET, TEN_SEEDS),
  FEATURES_CLAIM,
  {
    id: 'C5',
    title: 'Operator ranking: sigmoid > linear > cosine > baseline',
    paper:
      'On CIFAR-10 (SphereNet-9) the operators rank sigmoid (k = 0.3) 91.81% > linear 91.65% > cosine 91.31% > baseline 90.86%.',
    paperFigure: 'sigmoid 91.81 > linear 91.65 > cosine 91.31 > baseline 90.86 (CIFAR-10)',
    experiment:
      'The shoot-out preset’s setting: widths 16/32, BN after every conv, Adam 1e-3, batch 32, 400 steps; test accuracy on all 2,000 test digits. Each neighbouring pair of the paper’s order is one measure.',
    seeds: CLAIM_SEEDS,
    runs: [
      {
        id: 'shootout',
        setting: { ...LAB_NET, norm: 'bn' },
        models: [
          { id: 'sigmoid', label: 'SphereNet sigmoid', arch: 'sphere', overrides: { operator: 'sigmoid' } },
          { id: 'linear', label: 'SphereNet linear', arch: 'sphere', overrides: { operator: 'linear' } },
          { id: 'cosine', label: 'SphereNet cosine', arch: 'sphere', overrides: { operator: 'cosine' } },
          { id: 'baseline', label: 'Baseline CNN', arch: 'baseline' },
        ],
        steps: 400,
        evalEvery: 200,
        evalSize: 2000,
      },
    ],
    measures: (
      [
        ['sigmoid', 'linear'],
        ['linear', 'cosine'],
        ['cosine', 'baseline'],
        ['sigmoid', 'baseline'],
      ] as const
    ).map(([a, b]) => ({
      id: `${a}-over-${b}`,
      label: `${a} minus ${b}, final accuracy (pp)`,
      run: 'shootout',
      metric: 'finalAccuracy' as const,
      a,
      b,
      sign: 1 as const,
      unit: 'pp' as const,
    })),
    link: { view: 'lab', run: 'shootout', preset: 'shootout' },
    preset: 'shootout',
  },
  {
    id: 'C6',
    title: 'Phase carries an image’s structure',
    paper:
      'IFFT2(|F_A|·e^{i∠F_B}) looks like B: phase, not magnitude, carries the structure (the poster’s motivation; Oppenheim & Lim 1981).',
    paperFigure: 'qualitative (Oppenheim & Lim 1981)',
    experiment:
      'Both swaps of 50 pairs of MNIST test digits per seed (padded to 32×32), drawn from the seed with no digit used twice, so every seed sees its own 100 digits: the share of swaps whose correlation with the phase donor exceeds that with the magnitude donor. Effect = share − 0.5. (The 6 built-in samples are no longer part of it: the same 30 swaps in every seed made the seeds copies of one another.)',
    seeds: TEN_SEEDS,
    runs: [],
    fourier: { mnistPairs: 50 },
    measures: [
      {
        id: 'phase-share',
        label: 'share of swaps closer to the phase donor, minus ½',
        run: 'fourier',
        metric: 'phaseShare',
        a: 'fourier',
        sign: 1,
        offset: -0.5,
        unit: 'share',
      },
    ],
    link: { view: 'fourier' },
  },
  recurrentClaim(LAB_NET, TEN_SEEDS),
];

export function findClaim(id: string): Claim | undefined {
  return CLAIMS.find((c) => c.id === id);
}
