/**
 * How each measure of claims.ts is judged: which test (a t test unless the effect is bimodal or
 * censored) and its equivalence margin ±X, the effect below which the measure "shows no effect
 * larger than X". Kept apart from claims.ts because judging changes no run: a change here is
 * applied to the stored per-seed numbers by npm run replicate:verdicts, without retraining.
 * judging.test.ts checks that every id here names a measure that claims.ts declares.
 */
import type { TestKind } from './verdict';

export interface MeasureJudging {
  /** 'sign': an exact sign test (default 't'). */
  test?: TestKind;
  /** Equivalence margin in the measure's unit; none: the measure cannot show "no effect". */
  margin?: number;
}

/** 1 pp of test accuracy: where the paper gives no figure, a gap smaller than this would not matter. */
const PP = 1;

/** Claim id → measure id → judging. A measure not listed here gets a t test and no margin. */
export const JUDGING: Record<string, Record<string, MeasureJudging>> = {
  C1: {
    // Censored: a net that never gets to 95% counts as 425 steps (a SphereNet seed did), so the
    // mean is an artefact of the cap. The paper's 2.5–3.8× would save most of the ~250 steps.
    'acc-steps': { test: 'sign' },
    // One 25-step stretch, a tenth of the steps the paper's speed-up would save.
    'loss-steps': { margin: 25 },
  },
  'C1-bn-lag': { 'lead-moving': { margin: PP }, 'lead-batch': { margin: PP } },
  C2: { 'spherenorm-vs-bn': { margin: PP }, 'both-vs-bn': { margin: PP } },
  C3: Object.fromEntries(
    [0.1, 0.3, 1].flatMap((lr) => [
      // Against a net at the same nominal rate, a seed either trains or collapses to chance
      // (lr 0.3: the baseline collapsed on 2 of 5 seeds, then on 0 of 5 fresh ones), a bimodal
      // effect that a mean and its t interval do not describe: from lr 0.3 up, a sign test.
      // At lr 0.1 nothing collapsed (all 5 seeds within ±1.1 pp): a t test with a 1 pp margin.
      [`lr-${lr}`, lr >= 0.3 ? { test: 'sign' as const } : { margin: PP }],
      // The CNN + BN control collapses the same way (2 seeds before issue 25) at 0.3 and 1.
      [`lr-${lr}-bn`, lr >= 0.3 ? { test: 'sign' as const } : { margin: PP }],
      // The matched baseline trains at the SphereNet's small effective step (≈ 0.01–0.05), where
      // no net collapsed: a t test, and 1 pp is the gap below which the mechanism explains the win.
      [`lr-${lr}-matched`, { margin: PP }],
    ]),
  ),
  C4: Object.fromEntries(
    ['softmax', 'ga-m1', 'ga-m2', 'ga-m3', 'ga-m4'].flatMap((head) => [
      // 1° of per-class spread; 5° of minimum gap between class sectors (of 36° per class).
      [`${head}-spread`, { margin: 1 }],
      [`${head}-margin`, { margin: 5 }],
    ]),
  ),
  // The paper's own gaps on CIFAR-10 (91.81 / 91.65 / 91.31 / 90.86): an effect inside them is
  // smaller than what the paper reports.
  C5: {
    'sigmoid-over-linear': { margin: 0.16 },
    'linear-over-cosine': { margin: 0.34 },
    'cosine-over-baseline': { margin: 0.45 },
    'sigmoid-over-baseline': { margin: 0.95 },
  },
  // A tenth of all swaps.
  C6: { 'phase-share': { margin: 0.1 } },
  C7: {
    // At Adam 1e-3 both cells trained on every probe seed: a t test, and 1 pp as elsewhere.
    'adam-0.001': { margin: PP },
    // Bimodal: at Adam 0.03 the plain cell collapsed to chance on both probe seeds, under SGD the
    // Sphere cell did (blank top rows keep h at 0, where SphereFC's gradient is w/√ε): sign tests.
    'adam-0.03': { test: 'sign' },
    'sgd-0.01': { test: 'sign' },
    // Censored at 325 for a cell that never gets to 50%; the loss steps as C1's (25 steps).
    'acc-steps': { test: 'sign' },
    'loss-steps': { margin: 25 },
  },
};

export function judgingOf(claimId: string, measureId: string): MeasureJudging {
  return JUDGING[claimId]?.[measureId] ?? {};
}
