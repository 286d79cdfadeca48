import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '../../../tfjs';

type Numbers = Float32Array | Int32Array | Uint8Array;

/** Copies out[start, start + len) after itself until it fills `times` copies (doubling copyWithin). */
function repeatBlock(out: Numbers, start: number, len: number, times: number): void {
  const total = len * times;
  for (let filled = len; filled < total; ) {
    const n = Math.min(filled, total - filled);
    out.copyWithin(start + filled, start, start + n);
    filled += n;
  }
}

/**
 * tile(src, reps) into `out` by block copies: each input row is copied once, then every block is
 * repeated along its dimension by doubling copyWithin — memcpy speed instead of an index
 * computation per element.
 */
export function tileInto(
  src: Numbers,
  shape: readonly number[],
  reps: readonly number[],
  out: Numbers,
): void {
  const rank = shape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    out[0] = src[0];
    return;
  }
  const inStride = new Array<number>(rank).fill(1);
  const outStride = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) {
    inStride[d] = inStride[d + 1] * shape[d + 1];
    outStride[d] = outStride[d + 1] * shape[d + 1] * reps[d + 1];
  }
  const fill = (d: number, inAt: number, outAt: number): void => {
    if (d === rank - 1) out.set(src.subarray(inAt, inAt + shape[d]), outAt);
    else for (let i = 0; i < shape[d]; i++) fill(d + 1, inAt + i * inStride[d], outAt + i * outStride[d]);
    // What was just written (shape[d] slices along d) repeats reps[d] times along d.
    repeatBlock(out, outAt, shape[d] * outStride[d], reps[d]);
  };
  fill(0, 0, 0);
}

/**
 * Tile for the wasm backend. Its built-in kernel maps every output element back to its input
 * index: ~50 ns an element, and BatchNorm's input gradient tiles 1/σ to the activation's full
 * shape, so with BN on, Tile was the largest cost of a step (~40 of ~130 ms for the Lab's pair).
 * Strings fall back to the built-in kernel.
 */
export function makeTileWasm(builtIn: tf.KernelFunc | undefined) {
  return (args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { reps } = args.attrs as unknown as { reps: number[] };
    if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') {
      if (!builtIn) throw new Error(`Tile (wasm): no kernel for ${x.dtype}`);
      return builtIn(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(
      x.shape.map((s, i) => s * reps[i]),
      x.dtype,
    );
    // Views after makeOutput: allocating can grow (and move) the wasm heap.
    tileInto(
      backend.typedArrayFromHeap(x) as Numbers,
      x.shape,
      reps,
      backend.typedArrayFromHeap(out) as Numbers,
    );
    return out;
  };
}
