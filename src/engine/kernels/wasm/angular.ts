import {
  ANGULAR_KERNELS,
  type AngularKernelAttrs,
  registerAngularGradients,
} from '../../../sphere/angularTensor';
import { fusedAngularInto } from '../../../sphere/fusedAngular';
import * as tf from '../../../tfjs';
import { checkFloat32, cpuAccess, type KernelArgs, type RawAccess, wasmAccess } from './rawAccess';

/**
 * The SphereConv operator g(cos θ) (src/sphere/fusedAngular.ts' table loop) as kernels on wasm
 * and cpu: cos is read and g, dg/dc (and dg/dk) written in the backend's own memory, with no
 * copy out and back in. The gradients are registered in src/sphere/angularTensor.ts.
 */
function fixedKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(ANGULAR_KERNELS.fixed, inputs);
    const { x } = inputs as { x: tf.TensorInfo };
    const { operator, k, relu } = attrs as unknown as AngularKernelAttrs;
    const raw = access(backend);
    const outs = [raw.alloc(x.shape), raw.alloc(x.shape)];
    const [g, dgdc] = outs.map(raw.view);
    const channels = x.shape[x.shape.length - 1] ?? 1;
    fusedAngularInto(raw.view(x), operator, k, channels, relu, { g, dgdc });
    return outs;
  };
}

function perChannelKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(ANGULAR_KERNELS.perChannel, inputs);
    const { x, k } = inputs as { x: tf.TensorInfo; k: tf.TensorInfo };
    const { relu } = attrs as unknown as AngularKernelAttrs;
    const raw = access(backend);
    const outs = [raw.alloc(x.shape), raw.alloc(x.shape), raw.alloc(x.shape)];
    const [g, dgdc, dgdk] = outs.map(raw.view);
    const channels = x.shape[x.shape.length - 1] ?? 1;
    // The table build reads k once; a copy keeps it valid whatever the heap does.
    const kValues = Float32Array.from(raw.view(k));
    fusedAngularInto(raw.view(x), 'sigmoid', kValues, channels, relu, { g, dgdc, dgdk });
    return outs;
  };
}

let registered = false;

/** Registers the operator kernels on wasm and cpu, and their gradients (once). */
export function registerAngularKernels(): void {
  if (registered) return;
  registered = true;
  registerAngularGradients();
  for (const [backendName, access] of [
    ['wasm', wasmAccess],
    ['cpu', cpuAccess],
  ] as const) {
    tf.registerKernel({
      kernelName: ANGULAR_KERNELS.fixed,
      backendName,
      kernelFunc: fixedKernel(access) as unknown as tf.KernelFunc,
    });
    tf.registerKernel({
      kernelName: ANGULAR_KERNELS.perChannel,
      backendName,
      kernelFunc: perChannelKernel(access) as unknown as tf.KernelFunc,
    });
  }
}
