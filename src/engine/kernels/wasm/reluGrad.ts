import * as tf from '../../../tfjs';
import { checkFloat32, type KernelArgs, wasmAccess } from './rawAccess';
import { heapOffset, simdKernelsFor } from './simd/simdKernels';

/** dy · step(x), the ReLU's gradient in one pass (./simd/reluGrad.wat). Inputs dy, x. */
export const RELU_GRAD_KERNEL = 'SphereLabReluGrad';

/**
 * tf.js' ReLU gradient is mul(dy, cast(step(x))): Step, Cast and Multiply, three kernels and two
 * passes over the activation (~0.5–1 ms per ReLU at batch 64 on wasm). Where the SIMD kernel is
 * registered and runs (wasm with SIMD), the gradient below takes one pass with the same values;
 * elsewhere it is tf.js' formulation unchanged.
 */
function reluGradKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  checkFloat32(RELU_GRAD_KERNEL, inputs);
  const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const simd = simdKernelsFor(backend);
  if (!simd) throw new Error(`${RELU_GRAD_KERNEL}: the SIMD kernels are not available`);
  const out = wasmAccess(backend).alloc(x.shape);
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  simd.reluGrad(at(dy), at(x), at(out), tf.util.sizeFromShape(x.shape));
  return out;
}

let registered = false;

/** Registers the kernel on wasm and replaces the Relu gradient (once). */
export function registerReluGradKernel(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: RELU_GRAD_KERNEL,
    backendName: 'wasm',
    kernelFunc: reluGradKernel as unknown as tf.KernelFunc,
  });
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      const d = dy as tf.Tensor;
      return {
        x: () =>
          tf.getBackend() === 'wasm' &&
          simdKernelsFor(tf.backend()) &&
          x.dtype === 'float32' &&
          d.dtype === 'float32'
            ? (tf
                .engine()
                .runKernel(RELU_GRAD_KERNEL, { dy: d, x } as unknown as tf.NamedTensorMap) as tf.Tensor)
            : tf.mul(d, tf.cast(tf.step(x), 'float32')),
      };
    },
  });
}
