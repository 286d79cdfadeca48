import * as tf from '../../../tfjs';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/** The perm that swaps a tensor's last two dimensions. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * BatchMatMul for the wasm backend: a transposed operand is transposed explicitly first, then
 * the built-in kernel multiplies without transposes. wasm runs only the untransposed product on
 * XNNPACK; with transposeA or transposeB it takes a plain loop 4–7× slower than transpose +
 * product together (measured, batch 64: a dense layer's weight gradient xᵀ·dy [1568×64]·[64×10]
 * 1.3 ms against 0.3 ms; its input gradient dy·Wᵀ 1.9 against 0.3 ms). Every gradient of a
 * matMul has one transposed operand, and so does the orthogonality penalty's WᵀW.
 */
export function makeBatchMatMulWasm(builtIn: tf.KernelFunc | undefined) {
  return (args: KernelArgs): tf.TensorInfo => {
    if (!builtIn) throw new Error('BatchMatMul (wasm): the built-in kernel is missing');
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB)
      return builtIn(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const engine = tf.engine();
    const plain = (t: tf.TensorInfo, transposed: boolean) =>
      transposed
        ? (engine.runKernel('Transpose', { x: t } as unknown as tf.NamedTensorMap, {
            perm: swapLastTwo(t.shape.length),
          }) as tf.Tensor)
        : undefined;
    const aPlain = plain(a, transposeA);
    const bPlain = plain(b, transposeB);
    try {
      return builtIn({
        inputs: { a: aPlain ?? a, b: bPlain ?? b },
        backend: args.backend,
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    } finally {
      aPlain?.dispose();
      bPlain?.dispose();
    }
  };
}
