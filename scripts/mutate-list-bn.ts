/**
 * Training BatchNorm's part of the mutation lists (scripts/mutate-list.ts merges it in): targeted
 * bugs in the BN, BN + ReLU, moving-average, weight-decay and softmax cross-entropy kernels, the files of the automatic
 * pass with the tests that cover them, and the tests for targeted-only files. The SIMD passes
 * (src/engine/kernels/wasm/simd/batchNorm*.wat) are broken by hand (edit, `npm run build:simd`,
 * run the tests): this runner does not assemble .wat files.
 */
import type { TargetedMutation } from './mutate-list';

const S = 'src/sphere/';
const W = 'src/engine/kernels/wasm/';
const LOOPS = `${S}norm/batchNormLoops.ts`;
const BN_TESTS = [
  `${W}batchNorm.test.ts`,
  `${S}norm/batchNormTraining.test.ts`,
  `${W}simd/batchNorm.test.ts`,
  `${W}simd/batchNormRelu.test.ts`,
];

export const BN_TARGETED: TargetedMutation[] = [
  {
    id: 'bn forward: each statistics block drops its last row',
    file: LOOPS,
    find: 'const end = Math.min(n, start + step);',
    replace: 'const end = Math.min(n, start + step - c);',
  },
  {
    id: 'bn backward: each sums block drops its last row',
    file: LOOPS,
    find: 'const end = Math.min(n, start + step);',
    replace: 'const end = Math.min(n, start + step - c);',
    nth: 3,
  },
  {
    id: 'bn forward: shift by 1000 (cancellation on an offset channel)',
    file: LOOPS,
    find: 'const shift = x[ch];',
    replace: 'const shift = x[ch] - 1000;',
  },
  {
    id: 'bn + relu forward (JS): no relu',
    file: LOOPS,
    find: 'y[i] = Math.max(v, 0);',
    replace: 'y[i] = v;',
  },
  {
    id: 'bn + relu backward (JS): sums ignore the mask',
    file: LOOPS,
    find: 'const g = reluOut && !(reluOut[i] > 0) ? 0 : dy[i];',
    replace: 'const g = dy[i];',
  },
  {
    id: 'bn + relu backward (JS): dx ignores the mask',
    file: LOOPS,
    find: 'const g = reluOut && !(reluOut[i] > 0) ? 0 : dy[i];',
    replace: 'const g = dy[i];',
    nth: 2,
  },
  {
    id: 'bn + relu backward (JS): mask on y ≥ 0',
    file: LOOPS,
    find: 'const g = reluOut && !(reluOut[i] > 0) ? 0 : dy[i];',
    replace: 'const g = reluOut && !(reluOut[i] >= 0) ? 0 : dy[i];',
  },
  {
    id: 'bn + relu backward (SIMD): the dy₀ shift unmasked',
    file: `${W}batchNorm.ts`,
    find: 'sums[ch] += vY && !(vY[ch] > 0) ? 0 : rows * vDy[ch];',
    replace: 'sums[ch] += rows * vDy[ch];',
  },
  {
    id: 'bn + relu gradient: y not passed (no mask)',
    file: `${S}norm/batchNormTraining.ts`,
    find: 'bnGradients(dys, { x, gamma, mean, variance, y }, attrs)',
    replace: 'bnGradients(dys, { x, gamma, mean, variance }, attrs)',
  },
  {
    id: 'reluAfterFusedBn: passes every tensor through',
    file: `${S}norm/batchNormTraining.ts`,
    find: 'return reluApplied.has(x) ? x : stockCall(inputs, kwargs);',
    replace: 'return x;',
  },
  {
    id: 'moving averages: momentum for 1 − momentum',
    file: `${W}batchNorm.ts`,
    find: 'const f = Math.fround(1 - (attrs as unknown as MovingAverageAttrs).momentum);',
    replace: 'const f = Math.fround((attrs as unknown as MovingAverageAttrs).momentum);',
  },
  {
    id: 'moving averages: variance updated from the mean',
    file: `${W}batchNorm.ts`,
    find: 'newVar[ch] = fr(v[ch] - fr(fr(v[ch] - vVar[ch]) * f));',
    replace: 'newVar[ch] = fr(v[ch] - fr(fr(v[ch] - vMean[ch]) * f));',
  },
  {
    id: 'moving averages: the difference not rounded to float32',
    file: `${W}batchNorm.ts`,
    find: 'newMean[ch] = fr(m[ch] - fr(fr(m[ch] - vMean[ch]) * f));',
    replace: 'newMean[ch] = fr(m[ch] - fr((m[ch] - vMean[ch]) * f));',
  },
  {
    id: 'weight decay: gradient without the factor 2',
    file: `${W}lossKernels.ts`,
    find: 'const f = 2 * scale * dy;',
    replace: 'const f = scale * dy;',
  },
  {
    id: 'weight decay: sum of |w| for Σw²',
    file: `${W}lossKernels.ts`,
    find: 's += w[i] * w[i];',
    replace: 's += Math.abs(w[i]);',
  },
  {
    id: 'softmax CE: log-sum-exp without the max',
    file: `${W}lossKernels.ts`,
    find: 'for (let c = 0; c < classes; c++) m = Math.max(m, z[o + c]);',
    replace: 'm = 0;',
  },
  {
    id: 'softmax CE gradient: label smoothing left out of the label term',
    file: `${W}lossKernels.ts`,
    find: 'dz[o + labels[b]] -= f * (1 - smoothing);',
    replace: 'dz[o + labels[b]] -= f;',
  },
  {
    id: 'softmax CE: sum, not mean, over the batch',
    file: `${W}lossKernels.ts`,
    find: 'return total / rows;',
    replace: 'return total;',
  },
];

export const BN_AUTO_FILES: Record<string, string[]> = {
  [`${W}batchNorm.ts`]: BN_TESTS,
  [LOOPS]: BN_TESTS,
};

export const BN_EXTRA_TESTS: Record<string, string[]> = {
  [`${S}norm/batchNormTraining.ts`]: [`${S}norm/batchNormTraining.test.ts`, `${W}simd/batchNormRelu.test.ts`],
  [`${W}lossKernels.ts`]: [`${W}lossKernels.test.ts`],
};
