import { ANGULAR_KERNELS, type AngularKernelAttrs } from '../../../../sphere/angularTensor';
import {
  COS_LIMIT_F32,
  cachedTable,
  fusedAngularInto,
  sharedTableRows,
  TABLE_INTERVALS,
  V_MIN_F32,
} from '../../../../sphere/fusedAngular';
import * as tf from '../../../../tfjs';
import {
  checkFloat32,
  type KernelArgs,
  type RawAccess,
  registerOnWasmAndCpu,
  wasmAccess,
} from '../rawAccess';
import { heapOffset, type SimdKernels, simdKernelsFor } from '../simd/simdKernels';
import { channelDotSumsKernel, perChannelSimd } from './angularPerChannel';

/** The fixed-k kernel's SIMD path: the float32 table is copied into a scratch tensor (32 KB) per call. */
function fixedSimd(
  simd: SimdKernels,
  backend: tf.KernelBackend,
  x: tf.TensorInfo,
  attrs: AngularKernelAttrs,
) {
  const raw = wasmAccess(backend);
  const rows = sharedTableRows(cachedTable(attrs.operator, attrs.k));
  const outs = [raw.alloc(x.shape), raw.alloc(x.shape)];
  const scratch = raw.alloc([rows.length]);
  try {
    raw.view(scratch).set(rows);
    const at = (t: tf.TensorInfo) => heapOffset(backend, t);
    const n = tf.util.sizeFromShape(x.shape);
    const [g, dgdc] = outs.map(at);
    simd.angularFixed(
      at(x),
      g,
      dgdc,
      n,
      at(scratch),
      attrs.relu ? 1 : 0,
      COS_LIMIT_F32,
      V_MIN_F32,
      TABLE_INTERVALS,
    );
  } finally {
    backend.disposeData(scratch.dataId);
  }
  return outs;
}

/**
 * The SphereConv operator g(cos θ) (src/sphere/fusedAngular.ts' table loop) as kernels on wasm
 * and cpu: cos is read and g, dg/dc (and dg/dk) written in the backend's own memory, with no
 * copy out and back in. Their gradients are src/sphere/angularTensor.ts' (angularKernel).
 */
export function fixedKernel(access: (b: tf.KernelBackend) => RawAccess) {
  return ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    checkFloat32(ANGULAR_KERNELS.fixed, inputs);
    const { x } = inputs as { x: tf.TensorInfo };
    const { operator, k, relu } = attrs as unknown as AngularKernelAttrs;
    const simd = access === wasmAccess ? simdKernelsFor(backend) : undefined;
    if (simd) return fixedSimd(simd, backend, x, attrs as unknown as AngularKernelAttrs);
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
    const simd = access === wasmAccess ? simdKernelsFor(backend) : undefined;
    if (simd) return perChannelSimd(simd, backend, x, k, relu);
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

/** Registers the operator kernels on wasm and cpu (once). */
export function registerAngularKernels(): void {
  if (registered) return;
  registered = true;
  registerOnWasmAndCpu({
    [ANGULAR_KERNELS.fixed]: fixedKernel,
    [ANGULAR_KERNELS.perChannel]: perChannelKernel,
    [ANGULAR_KERNELS.kGradient]: (access) => channelDotSumsKernel(access, access === wasmAccess),
  });
}
