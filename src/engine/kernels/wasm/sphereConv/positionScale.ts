import { POSITION_SCALE_KERNELS, registerPositionScaleGradient } from '../../../../sphere/positionScale';
import * as tf from '../../../../tfjs';
import { checkFloat32, cpuAccess, type KernelArgs, type RawAccess, wasmAccess } from '../rawAccess';
import { heapOffset, simdKernelsFor } from '../simd/simdKernels';

/**
 * scaleEachPosition's kernels (src/sphere/positionScale.ts) on wasm and cpu: plain loops over the
 * backend's memory, and on wasm the SIMD loops of ./simd/positionScale.wat when the channel
 * count is a multiple of 4.
 */
function scaleKernel(access: (b: tf.KernelBackend) => RawAccess, simdOn: boolean) {
  return ({ inputs, backend }: KernelArgs): tf.TensorInfo => {
    checkFloat32(POSITION_SCALE_KERNELS.scale, inputs);
    const { z, r } = inputs as { z: tf.TensorInfo; r: tf.TensorInfo };
    const raw = access(backend);
    const out = raw.alloc(z.shape);
    const positions = tf.util.sizeFromShape(r.shape);
    const channels = tf.util.sizeFromShape(z.shape) / positions;
    const simd = simdOn && channels % 4 === 0 ? simdKernelsFor(backend) : undefined;
    if (simd) {
      const at = (t: tf.TensorInfo) => heapOffset(backend, t);
      simd.scalePositions(at(z), at(r), at(out), positions, channels);
      return out;
    }
    const [zv, rv, ov] = [z, r, out].map(raw.view);
    for (let p = 0, i = 0; p < positions; p++) {
      const s = rv[p];
      for (let c = 0; c < channels; c++, i++) ov[i] = zv[i] * s;
    }
    return out;
  };
}

function dotKernel(access: (b: tf.KernelBackend) => RawAccess, simdOn: boolean) {
  return ({ inputs, backend }: KernelArgs): tf.TensorInfo => {
    checkFloat32(POSITION_SCALE_KERNELS.dot, inputs);
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const raw = access(backend);
    const out = raw.alloc([...a.shape.slice(0, -1), 1]);
    const channels = a.shape[a.shape.length - 1] ?? 1;
    const positions = tf.util.sizeFromShape(a.shape) / channels;
    const simd = simdOn && channels % 4 === 0 ? simdKernelsFor(backend) : undefined;
    if (simd) {
      const at = (t: tf.TensorInfo) => heapOffset(backend, t);
      simd.dotPositions(at(a), at(b), at(out), positions, channels);
      return out;
    }
    const [av, bv, ov] = [a, b, out].map(raw.view);
    for (let p = 0, i = 0; p < positions; p++) {
      let acc = 0;
      for (let c = 0; c < channels; c++, i++) acc += av[i] * bv[i];
      ov[p] = acc;
    }
    return out;
  };
}

let registered = false;

/** Registers both kernels on wasm and cpu, and the gradient (once). */
export function registerPositionScaleKernels(): void {
  if (registered) return;
  registered = true;
  registerPositionScaleGradient();
  for (const [backendName, access, simdOn] of [
    ['wasm', wasmAccess, true],
    ['cpu', cpuAccess, false],
  ] as const) {
    tf.registerKernel({
      kernelName: POSITION_SCALE_KERNELS.scale,
      backendName,
      kernelFunc: scaleKernel(access, simdOn) as unknown as tf.KernelFunc,
    });
    tf.registerKernel({
      kernelName: POSITION_SCALE_KERNELS.dot,
      backendName,
      kernelFunc: dotKernel(access, simdOn) as unknown as tf.KernelFunc,
    });
  }
}
