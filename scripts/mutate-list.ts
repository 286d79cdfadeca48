/**
 * The mutations scripts/mutate.ts applies: targeted ones (each a bug someone could plausibly make)
 * and the files and tests of the automatic operator pass. Also the list of surviving mutants that
 * are equivalent (no test can tell them apart), each with the reason.
 */

export interface TargetedMutation {
  id: string;
  file: string;
  /** Exact text to replace (its `nth` occurrence, default the first). */
  find: string;
  replace: string;
  nth?: number;
}

import { BN_AUTO_FILES, BN_EXTRA_TESTS, BN_TARGETED } from './mutate-list-bn';
import { LEARNABLE_K_TARGETED } from './mutate-list-learnable';
import { RECURRENT_AUTO_FILES, RECURRENT_EQUIVALENT } from './mutate-list-recurrent';
import {
  CONV2D_EQUIVALENT,
  FILTER_NORMS_EQUIVALENT,
  POOL_ANGULAR_EQUIVALENT,
} from './mutate-list-wasm-kernels';

const S = 'src/sphere/';
const W = 'src/engine/kernels/wasm/';
const GPU = 'src/engine/kernels/webgpu/';

export const TARGETED: TargetedMutation[] = [
  // The operator's k and constants.
  {
    id: 'k→k/2 (angularFn)',
    file: `${S}angular.ts`,
    find: '(2 * k)) / Math.tanh(Math.PI / (4 * k))',
    replace: '(1 * k)) / Math.tanh(Math.PI / (2 * k))',
  },
  {
    id: 'k→k/2 (fused table)',
    file: `${S}fusedAngular.ts`,
    find: 'const a = 1 / (2 * k);\n  const s = 1 / Math.tanh(Math.PI / (4 * k));',
    replace: 'const a = 1 / k;\n  const s = 1 / Math.tanh(Math.PI / (2 * k));',
  },
  {
    id: 'k→k/2 (fused table, tanh argument only)',
    file: `${S}fusedAngular.ts`,
    find: 'const a = 1 / (2 * k);',
    replace: 'const a = 1 / k;',
  },
  {
    id: 'k→k/2 (composite)',
    file: `${S}angularTensor.ts`,
    find: 'tf.mul(u, 1 / (2 * k))',
    replace: 'tf.mul(u, 1 / k)',
  },
  {
    id: 'k→k/2 (composite per-channel)',
    file: `${S}angularTensor.ts`,
    find: 'const a = tf.div(0.5, k);',
    replace: 'const a = tf.div(1, k);',
  },
  {
    id: 'k→k/2 (extended ψ)',
    file: `${S}angularTensor.ts`,
    find: ': tf.div(tf.sub(Math.PI / 2, local), tf.mul(k, 2));',
    replace: ': tf.div(tf.sub(Math.PI / 2, local), k);',
  },
  {
    id: 'π/2 → π/3 (angularFn)',
    file: `${S}angular.ts`,
    find: '(theta - Math.PI / 2)',
    replace: '(theta - Math.PI / 3)',
  },
  {
    id: 'linear 2/π → 1/π (fused)',
    file: `${S}fusedAngular.ts`,
    find: 'g[i] = (2 / Math.PI) * NODE_U[i];',
    replace: 'g[i] = (1 / Math.PI) * NODE_U[i];',
  },
  {
    id: 'linear 2/π → 1/π (composite)',
    file: `${S}angularTensor.ts`,
    find: 'tf.mul(u, 2 / Math.PI)',
    replace: 'tf.mul(u, 1 / Math.PI)',
  },
  {
    id: 'norm eps 1e-4 → 1e-2',
    file: `${S}sphereConv.ts`,
    find: 'NORM_EPS = 1e-4',
    replace: 'NORM_EPS = 1e-2',
  },
  {
    id: 'learnable k offset 0.05 → 0.06',
    file: `${S}recipe.ts`,
    find: 'LEARNABLE_K_OFFSET = 0.05',
    replace: 'LEARNABLE_K_OFFSET = 0.06',
  },
  {
    id: 'learnable k init 0.7 → 0.8',
    file: `${S}recipe.ts`,
    find: 'LEARNABLE_K_INIT = 0.7',
    replace: 'LEARNABLE_K_INIT = 0.8',
  },
  {
    id: 'clamp 1−1e-6 → 1−1e-3',
    file: `${S}fusedAngular.ts`,
    find: 'COS_LIMIT = 1 - 1e-6',
    replace: 'COS_LIMIT = 1 - 1e-3',
  },
  {
    id: 'composite clamp lower −LIMIT → 0',
    file: `${S}angularTensor.ts`,
    find: 'relu ? 0 : -COS_LIMIT',
    replace: 'relu ? 0 : 0',
  },
  // Gradients: scale and sign.
  {
    id: 'dg/dc × 1.015 (fixed k)',
    file: `${S}angularTensor.ts`,
    find: 'gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]),',
    replace: 'gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(tf.mul(dy, saved[0]), 1.015),',
  },
  {
    id: 'dg/dc × 1.015 (table)',
    file: `${S}fusedAngular.ts`,
    find: 'h[i] = s * a * sech2 * NODE_ROOT[i];',
    replace: 'h[i] = 1.015 * s * a * sech2 * NODE_ROOT[i];',
  },
  {
    id: 'dg/dc sign flip (learnable)',
    file: `${S}angularTensor.ts`,
    find: 'tf.mul(dy, saved[0]),\n',
    replace: 'tf.neg(tf.mul(dy, saved[0])),\n',
    nth: 2,
  },
  {
    id: 'dg/dk sign flip',
    file: `${S}fusedAngular.ts`,
    find: 'dgdk[i] = c < 0 ? -kv : kv;',
    replace: 'dgdk[i] = c < 0 ? kv : -kv;',
  },
  {
    id: 'dg/dk: drop the ds/dk term',
    file: `${S}fusedAngular.ts`,
    find: ' + t * (s * s - 1) * Math.PI * a * a;',
    replace: ';',
  },
  {
    id: 'dg/dc odd instead of even',
    file: `${S}fusedAngular.ts`,
    find: 'dgdc[i] = clamped ? 0 : fr(fr(rows[r + 2] + fr(f * rows[r + 3])) / v);',
    replace: 'dgdc[i] = clamped ? 0 : (c < 0 ? -1 : 1) * fr(fr(rows[r + 2] + fr(f * rows[r + 3])) / v);',
  },
  {
    id: 'position scale: dr sign flip',
    file: `${W}sphereConv/positionScale.ts`,
    find: 'acc += av[i] * bv[i];',
    replace: 'acc -= av[i] * bv[i];',
  },
  {
    id: 'position scale: dz uses z',
    file: `${S}positionScale.ts`,
    find: 'z: () => run(POSITION_SCALE_KERNELS.scale, { z: d, r }),',
    replace: 'z: () => run(POSITION_SCALE_KERNELS.scale, { z, r }),',
  },
  {
    id: 'patch norm: gradient sign flip (JS loop)',
    file: `${W}sphereConv/patchNorm.ts`,
    find: 'sum[pos] -= drv[win] * rv[win] * rv[win] * rv[win];',
    replace: 'sum[pos] += drv[win] * rv[win] * rv[win] * rv[win];',
  },
  {
    id: 'patch norm: eps dropped (JS loop)',
    file: `${W}sphereConv/patchNorm.ts`,
    find: 'rv[k] = 1 / Math.sqrt(rv[k] + a.eps);',
    replace: 'rv[k] = 1 / Math.sqrt(rv[k]);',
  },
  {
    id: 'patch norm: window one column off (JS loop)',
    file: `${W}sphereConv/patchNorm.ts`,
    find: 'const col = j * g.sw + dj - g.padLeft;',
    replace: 'const col = j * g.sw + dj - g.padLeft + 1;',
  },

  {
    id: 'pool + operator: the last max wins (JS loop)',
    file: `${W}sphereConv/poolAngular.ts`,
    find: 'if (v > max) [best, max] = [e, v];',
    replace: 'if (v >= max) [best, max] = [e, v];',
  },
  {
    id: 'pool + operator: the gradient lands one column off (JS loop)',
    file: `${W}sphereConv/poolAngular.ts`,
    find: '2 * j + (e & 1)) * c + ch] = dyv[o] * dv[o];',
    replace: '2 * j + (e >> 1)) * c + ch] = dyv[o] * dv[o];',
  },
  {
    id: 'pool + operator: dy without dg/dc (JS loop)',
    file: `${W}sphereConv/poolAngular.ts`,
    find: '= dyv[o] * dv[o];',
    replace: '= dyv[o];',
  },
  {
    id: 'pool + operator: the ReLU dropped',
    file: `${S}angularTensor.ts`,
    find: "const attrs: AngularKernelAttrs = { operator: op, k: op === 'linear' ? 1 : (k as number), relu };",
    replace:
      "const attrs: AngularKernelAttrs = { operator: op, k: op === 'linear' ? 1 : (k as number), relu: false };",
  },

  // Loops, strides and padding of the custom kernels.
  {
    id: 'table interval +1',
    file: `${S}fusedAngular.ts`,
    find: 'const i0 = p | 0;',
    replace: 'const i0 = (p | 0) + 1;',
  },
  {
    id: 'channel index off by one',
    file: `${S}fusedAngular.ts`,
    find: 'const at = j * len + i0;',
    replace: 'const at = (j + 1 === channels ? 0 : j + 1) * len + i0;',
  },
  {
    id: 'position scale loop −1',
    file: `${W}sphereConv/positionScale.ts`,
    find: 'for (let c = 0; c < channels; c++, i++) ov[i]',
    replace: 'for (let c = 1; c < channels; c++, i++) ov[i]',
  },
  {
    id: 'backprop filter: shifted plane one row off',
    file: `${W}patchesTransposed.ts`,
    find: 'const di = i - g.padTop;',
    replace: 'const di = i - g.padTop + 1;',
  },
  {
    id: 'backprop filter: wrapped column not zeroed',
    file: `${W}patchesTransposed.ts`,
    find: 'for (let q = hi; q < w; q++) out[row + q] = 0;',
    replace: 'for (let q = hi + 1; q < w; q++) out[row + q] = 0;',
  },
  {
    id: 'backprop filter: table ignores the column stride',
    file: `${W}patchesTransposed.ts`,
    find: 'const col = q * g.strideWidth + j - g.padLeft;',
    replace: 'const col = q + j - g.padLeft;',
  },
  {
    id: 'backprop filter: NHWC input read as channel-major',
    file: `${W}gradientKernels.ts`,
    find: 'cin === 1\n      ? undefined',
    replace: 'cin > 0\n      ? undefined',
  },
  {
    id: 'max-pool grad: ties go to the second element',
    file: `${W}maxPoolGrad.ts`,
    find: 'if (x[p] === m) {',
    replace: 'if (x[p] === m && x[p01] !== m) {',
  },
  {
    id: 'max-pool grad: odd height not zeroed',
    file: `${W}maxPoolGrad.ts`,
    find: 'if (oh * 2 !== h || ow * 2 !== w) dx.fill(0);',
    replace: 'if (ow * 2 !== w) dx.fill(0);',
  },
  {
    id: 'max-pool grad: overlapping windows overwrite',
    file: `${W}maxPoolGrad.ts`,
    find: 'if (at >= 0) dx[at] += dy[o];',
    replace: 'if (at >= 0) dx[at] = dy[o];',
  },
  {
    id: 'max-pool grad: ties go to the last maximum (general loop)',
    file: `${W}maxPoolGrad.ts`,
    find: 'if (x[p] > best) {',
    replace: 'if (x[p] >= best) {',
  },
  {
    id: 'max-pool grad: padding ignored (general loop)',
    file: `${W}maxPoolGrad.ts`,
    find: 'const r0 = i * g.strideHeight - g.padTop;',
    replace: 'const r0 = i * g.strideHeight;',
  },
  {
    id: 'backprop input: pad off by one',
    file: `${W}gradientKernels.ts`,
    find: 'const pads = [kh - 1 - top,',
    replace: 'const pads = [kh - top,',
  },
  {
    id: 'backprop input: no 180° rotation',
    file: `${W}gradientKernels.ts`,
    find: 'const src = ((kh - 1 - i) * kw + (kw - 1 - j)) * cin * cout;',
    replace: 'const src = ((kh - 1 - i) * kw + j) * cin * cout;',
  },
  {
    id: 'backprop input: pad top/bottom swapped',
    file: `${W}gradientKernels.ts`,
    find: '[pads[0], pads[1]],',
    replace: '[pads[1], pads[0]],',
  },
  {
    id: 'angular kernel: gradient drops dg/dc',
    file: `${S}angularTensor.ts`,
    find: '(dy, [dgdc]) => tf.mul(dy, dgdc));',
    replace: '(dy) => dy);',
  },
  {
    id: 'angular kernel: per-channel k gradient uses dg/dc',
    file: `${S}angularTensor.ts`,
    find: 'kGradient(dy, dgdk),',
    replace: 'kGradient(dy, dgdc),',
  },
  {
    id: 'angular kernel: relu-skipped elements left unwritten (fresh heap memory)',
    file: `${S}fusedAngular.ts`,
    find: 'if (relu && c <= 0) {\n      g[i] = 0;\n      dgdc[i] = 0;\n      continue;',
    replace: 'if (relu && c <= 0) {\n      continue;',
  },
  {
    id: 'angular loop: a clamped negative cosine loses its sign',
    file: `${S}fusedAngular.ts`,
    find: 'g[i] = c < 0 ? -gv : gv;\n    dgdc[i] = clamped ? 0 :',
    replace: 'g[i] = c < 0 && !clamped ? -gv : gv;\n    dgdc[i] = clamped ? 0 :',
  },
  {
    id: 'angular loop: clamped dg/dc left unwritten (no relu)',
    file: `${S}fusedAngular.ts`,
    find: 'dgdc[i] = clamped ? 0 : fr(fr(rows[r + 2]',
    replace: 'if (!clamped) dgdc[i] = fr(fr(rows[r + 2]',
  },
  {
    id: 'angular kernel: clamped elements keep a stale dg/dc',
    file: `${S}fusedAngular.ts`,
    find: 'if (clamped) dgdc[i] = 0;',
    replace: 'if (clamped) dgdc[i] = dgdc[i];',
  },
  {
    id: 'adam kernel: second moment from g, not g²',
    file: `${W}adam.ts`,
    find: 'out[n + i] = mv[n + i] * beta2 + gi * gi * c2;',
    replace: 'out[n + i] = mv[n + i] * beta2 + gi * c2;',
  },
  {
    id: 'adam kernel: no bias correction of v',
    file: `${W}adam.ts`,
    find: 'const v = mv[n + i] / a.bias2;',
    replace: 'const v = mv[n + i];',
  },
  {
    id: 'adam kernel: ε inside the square root',
    file: `${W}adam.ts`,
    find: 'out[i] = (m / (Math.sqrt(v) + a.epsilon)) * -a.lr + x[i];',
    replace: 'out[i] = (m / Math.sqrt(v + a.epsilon)) * -a.lr + x[i];',
  },
  {
    id: 'fused adam: β powers start one step late',
    file: `${GPU}adam.ts`,
    find: 'this.accBeta1 = Math.fround(beta1);',
    replace: 'this.accBeta1 = 1;',
  },
  {
    id: 'angular kernel: relu attribute ignored',
    file: `${W}sphereConv/angular.ts`,
    find: 'fusedAngularInto(raw.view(x), operator, k, channels, relu, { g, dgdc });',
    replace: 'fusedAngularInto(raw.view(x), operator, k, channels, false, { g, dgdc });',
  },
  {
    id: 'angular SIMD table: ΔH formed as H[i] − H[i+1]',
    file: `${S}fusedAngular.ts`,
    find: 'rows[4 * i + 3] = h[i + 1] - h[i];',
    replace: 'rows[4 * i + 3] = h[i] - h[i + 1];',
  },
  {
    id: 'angular SIMD: relu attribute ignored',
    file: `${W}sphereConv/angular.ts`,
    find: 'attrs.relu ? 1 : 0',
    replace: '0',
  },
  {
    id: 'angular kernel: per-channel k read as one channel',
    file: `${W}sphereConv/angular.ts`,
    find: 'const channels = x.shape[x.shape.length - 1] ?? 1;',
    replace: 'const channels = 1;',
    nth: 2,
  },
  ...LEARNABLE_K_TARGETED,
  {
    id: 'shared identity: no extra reference (the clone dies with its source)',
    file: `${W}sharedCopy.ts`,
    find: '(args.backend as unknown as RefCounted).incRef(x.dataId);',
    replace: 'void (args.backend as unknown as RefCounted);',
  },
  {
    id: 'shared cast: same-dtype cast copies again',
    file: `${W}sharedCopy.ts`,
    find: "if (dtype === x.dtype && dtype !== 'string') return identity(args);",
    replace: "if (dtype === 'string') return identity(args);",
  },
  {
    id: 'tile: repeat one block fewer',
    file: `${W}tile.ts`,
    find: 'const total = len * times;',
    replace: 'const total = len * (times - 1);',
  },
  {
    id: 'tile: inner stride off by one',
    file: `${W}tile.ts`,
    find: 'for (let d = rank - 2; d >= 0; d--)',
    replace: 'for (let d = rank - 2; d >= 1; d--)',
  },
  {
    id: 'batch matmul: transposed b multiplied as it is',
    file: `${W}batchMatMul.ts`,
    find: 'attrs: { ...args.attrs, transposeA: false, transposeB: false },',
    replace: 'attrs: { ...args.attrs, transposeA: false },',
  },
  {
    id: 'batch matmul: a transposed only when b is',
    file: `${W}batchMatMul.ts`,
    find: 'const aPlain = plain(a, transposeA);',
    replace: 'const aPlain = plain(a, transposeA && transposeB);',
  },
  // Pool before the operator (layer level).
  {
    id: 'pool size ignored',
    file: `${S}angularTensor.ts`,
    find: "opts.pool > 1 ? tf.maxPool(cos, opts.pool, opts.pool, 'valid') : cos",
    replace: "opts.pool > 1 ? tf.avgPool(cos, opts.pool, opts.pool, 'valid') : cos",
  },
  {
    id: 'layer output shape: no pool',
    file: `${S}layers.ts`,
    find: 'Math.ceil(span / this.strides) / this.poolSize',
    replace: 'Math.ceil(span / this.strides) / 1',
  },
  ...BN_TARGETED,
];

/** Files of the automatic pass (operator math and gradients) and the tests that cover each. */
export const AUTO_FILES: Record<string, string[]> = {
  [`${S}angular.ts`]: [`${S}angular.test.ts`, `${S}gradients.test.ts`],
  [`${S}fusedAngular.ts`]: [
    `${S}angular.test.ts`,
    `${S}gradients.test.ts`,
    `${W}sphereConv/angular.test.ts`,
    `${W}sphereConv/angularSimd.test.ts`,
    `${W}sphereConv/angularPerChannelSimd.test.ts`,
  ],
  [`${S}angularTensor.ts`]: [
    `${S}angular.test.ts`,
    `${S}gradients.test.ts`,
    `${W}sphereConv/angular.test.ts`,
    `${W}sphereConv/angularPerChannelSimd.test.ts`,
    `${W}sphereConv/poolAngular.test.ts`,
    `${S}sphereConv.test.ts`,
  ],
  [`${S}positionScale.ts`]: [`${S}positionScale.test.ts`],
  [`${W}sphereConv/positionScale.ts`]: [`${S}positionScale.test.ts`],
  [`${W}sphereConv/patchNorm.ts`]: [`${S}norm/patchNorm.test.ts`],
  [`${W}sphereConv/filterNorms.ts`]: [`${W}sphereConv/filterNorms.test.ts`],
  [`${W}sphereConv/poolAngular.ts`]: [`${W}sphereConv/poolAngular.test.ts`],
  [`${W}conv2d.ts`]: [`${W}conv2d.test.ts`, `${W}gradientKernels.test.ts`],
  [`${S}sphereConv.ts`]: [`${S}sphereConv.test.ts`, `${S}gradients.test.ts`],
  [`${W}gradientKernels.ts`]: [`${W}gradientKernels.test.ts`],
  [`${W}tile.ts`]: [`${W}tile.test.ts`],
  [`${W}maxPoolGrad.ts`]: [`${W}maxPoolGrad.test.ts`],
  [`${W}batchMatMul.ts`]: [`${W}batchMatMul.test.ts`],
  ...BN_AUTO_FILES,
  [`${W}patchesTransposed.ts`]: [`${W}patchesTransposed.test.ts`, `${W}gradientKernels.test.ts`],
  ...RECURRENT_AUTO_FILES,
};

/** Tests for targeted mutations of files outside AUTO_FILES. */
export const EXTRA_TESTS: Record<string, string[]> = {
  [`${S}recipe.ts`]: [`${S}gradients.test.ts`, `${S}angular.test.ts`],
  [`${S}layers.ts`]: [`${S}gradients.test.ts`],
  [`${W}sharedCopy.ts`]: [`${W}sharedCopy.test.ts`],
  [`${W}adam.ts`]: [`${W}adam.test.ts`],
  [`${W}sphereConv/angular.ts`]: [`${W}sphereConv/angular.test.ts`, `${W}sphereConv/angularSimd.test.ts`],
  [`${W}sphereConv/angularPerChannel.ts`]: [
    `${W}sphereConv/angular.test.ts`,
    `${W}sphereConv/angularPerChannelSimd.test.ts`,
  ],
  [`${GPU}adam.ts`]: [`${W}adam.test.ts`],
  ...BN_EXTRA_TESTS,
};

/** Surviving mutants that are equivalent: same behaviour, so no test can kill them. id → why. */
export const EQUIVALENT: Record<string, string> = {
  ...RECURRENT_EQUIVALENT,
  ...FILTER_NORMS_EQUIVALENT,
  ...CONV2D_EQUIVALENT,
  ...POOL_ANGULAR_EQUIVALENT,
  'A src/sphere/fusedAngular.ts:35:14 0→1':
    'table nodes 0 and 1 (v < 2/2048) are never read: v ≥ V_MIN = 1e-3 puts i0 ≥ 2 (smaller v is clamped)',
  'A src/sphere/fusedAngular.ts:52:18 0→1': 'as above: linear-table node 0 is never read (i0 ≥ 2)',
  'A src/sphere/fusedAngular.ts:80:27 64→65':
    'the size limit of the table cache: memory only, values unchanged',
  'A src/sphere/fusedAngular.ts:158:14 <→<=': 'at c = 0 the table gives g = 0, and −0 = 0: the sign is moot',
  'A src/sphere/fusedAngular.ts:193:14 <→<=': 'as above, in the per-channel tables',
  'A src/sphere/fusedAngular.ts:148:16 <→<=': 'the clamped branch has |c| ≥ 1 − 1e-6, never c = 0',
  'A src/sphere/angularTensor.ts:137:65 1→2':
    'performance only: a rank-1 k then takes the dataSync path, whose values and gradients are the same (src/engine/kernels/wasm/sphereConv/angular.test.ts)',
  'A src/sphere/angularTensor.ts:119:39 -→+':
    'channels falls back to 1 in fusedFixed, where the shared table (one k) never uses channels',
  'A src/sphere/sphereConv.ts:42:13 1→2':
    'the default of sphereConvCos(strides) is never used: its one caller always passes strides',
  'A src/engine/kernels/wasm/gradientKernels.ts:122:29 1→2':
    'performance only for the nets here (all stride 1): stride-1 input gradients fall back to the built-in kernel, whose values are the same',
  'A src/engine/kernels/wasm/gradientKernels.ts:123:28 1→2': 'as above, for the width stride',
  'A src/engine/kernels/wasm/gradientKernels.ts:125:30 0→1':
    'performance only: the built-in kernel runs for zero pads, same values',
  'A src/engine/kernels/wasm/gradientKernels.ts:125:27 >=→>':
    'as above (p > 0 sends zero pads to the built-in kernel)',
  'A src/engine/kernels/wasm/gradientKernels.ts:128:67 0→1':
    'a type argument (Parameters<KernelFunc>[0]); the emitted JavaScript is the same',
  'A src/engine/kernels/wasm/tile.ts:10:38 -→+':
    'copies run past the block into memory that later writes overwrite (copyWithin clamps at the end)',
};
