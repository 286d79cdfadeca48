/**
 * The learnable-k (per-channel operator) SIMD path's targeted mutations (scripts/mutate-list.ts
 * merges them in). The .wat kernels themselves are not in the list (a mutant there needs
 * `npm run build:simd` before its tests); they were broken by hand, see docs/PERFORMANCE-HISTORY.md.
 */
const S = 'src/sphere/';
const W = 'src/engine/kernels/wasm/';

/** scripts/mutate-list.ts' TargetedMutation (not imported: that file imports this one). */
export const LEARNABLE_K_TARGETED: { id: string; file: string; find: string; replace: string }[] = [
  {
    id: 'learnable k SIMD: table constant s² − 1 → s² + 1',
    file: `${W}sphereConv/angularPerChannel.ts`,
    find: 's * s - 1],',
    replace: 's * s + 1],',
  },
  {
    id: 'learnable k SIMD: table builder reads u as the roots',
    file: `${W}sphereConv/angularPerChannel.ts`,
    find: 'word(nodesAt + PADDED),',
    replace: 'word(nodesAt),',
  },
  {
    id: 'learnable k SIMD: relu attribute ignored',
    file: `${W}sphereConv/angularPerChannel.ts`,
    find: 'relu ? 1 : 0',
    replace: '0',
  },
  {
    id: 'learnable k gradient kernel: JS loop sums a·a',
    file: `${W}sphereConv/angularPerChannel.ts`,
    find: 'sums[j] += av[i] * bv[i];',
    replace: 'sums[j] += av[i] * av[i];',
  },
  {
    id: 'learnable k tables: tanhFromExp drops the low part of ln 2',
    file: `${S}angular.ts`,
    find: ' - n * 1.9082149292705877e-10',
    replace: '',
  },
];
