import type * as tf from '../../../tfjs';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/** The part of the wasm backend's data bookkeeping a shared output needs (reshape uses it too). */
interface RefCounted {
  incRef(dataId: tf.DataId): void;
}

/**
 * Identity (and a Cast to the same dtype) that hands back the input's memory with one more
 * reference instead of copying it, as tfjs-cpu and WebGL do. tf.js calls Identity for every
 * tensor a kernel saves for its gradient (Engine.saveTensorsForBackwardMode clones each one), and
 * the wasm backend's own Identity and Cast copy the whole buffer: 52 copies a step for the Lab's
 * baseline, 155 for its SphereNet with BN, ~3% of a step, plus the memory. Sharing is safe
 * because no wasm kernel writes into an input: every kernel writes a fresh output
 * (makeOutput), and a Variable's assign swaps its dataId rather than writing in place.
 */
export function makeSharedIdentityWasm(builtIn: tf.KernelFunc | undefined) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    // Strings live in JS, not on the heap: the built-in kernel handles them.
    if (x.dtype === 'string') {
      if (!builtIn) throw new Error('Identity (wasm): the built-in kernel is missing');
      return builtIn(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    (args.backend as unknown as RefCounted).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** Cast: shared when the dtype does not change (tf.js' gradient of a clone casts dy to float32). */
export function makeSharedCastWasm(builtIn: tf.KernelFunc | undefined) {
  const identity = makeSharedIdentityWasm(builtIn);
  return (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { dtype } = args.attrs as unknown as { dtype: tf.DataType };
    if (dtype === x.dtype && dtype !== 'string') return identity(args);
    if (!builtIn) throw new Error('Cast (wasm): the built-in kernel is missing');
    return builtIn(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  };
}
