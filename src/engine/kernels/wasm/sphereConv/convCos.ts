import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  CONV_COS_KERNELS,
  type ConvCosAttrs,
  registerConvCosGradient,
} from '../../../../sphere/norm/convCos';
import type { PatchNormAttrs } from '../../../../sphere/norm/patchNorm';
import * as tf from '../../../../tfjs';
import { directConv2d, takesDirectConv } from '../conv2d';
import { checkFloat32, type KernelArgs } from '../rawAccess';
import { heapOffset, simdKernelsFor } from '../simd/simdKernels';
import { patchNormInvGradInto, patchNormInvKernel } from './patchNorm';

/**
 * convCos' kernels on wasm (src/sphere/norm/convCos.ts): the kernels the composite ran
 * (patchNormInverse's, Conv2D's, Conv2DBackpropInput's) called as functions inside one kernel,
 * so that the conv applies 1/‖patch‖ as it stores (../simd/conv2dNhwc.wat) and the patch norm's
 * gradient adds into the conv's (../simd/patchNorm.wat), without the passes and tensors between.
 */

const patchAttrs = (w: tf.TensorInfo, a: ConvCosAttrs): PatchNormAttrs => ({
  filterHeight: w.shape[0],
  filterWidth: w.shape[1],
  strides: 1,
  pad: a.pad,
  eps: a.eps,
});

function kernel(name: string): tf.KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`${CONV_COS_KERNELS.forward} (wasm): no ${name} kernel`);
  return k.kernelFunc;
}

/** out[p, c] = z[p, c] · r[p] in place: SIMD where the channels are a multiple of 4, else JavaScript. */
function scaleInPlace(wasm: BackendWasm, z: tf.TensorInfo, r: tf.TensorInfo): void {
  const positions = tf.util.sizeFromShape(r.shape);
  const channels = tf.util.sizeFromShape(z.shape) / positions;
  const simd = channels % 4 === 0 ? simdKernelsFor(wasm) : undefined;
  if (simd) {
    const at = (t: tf.TensorInfo) => heapOffset(wasm, t);
    simd.scalePositions(at(z), at(r), at(z), positions, channels);
    return;
  }
  const [zv, rv] = [z, r].map((t) => wasm.typedArrayFromHeap(t) as Float32Array);
  for (let p = 0, i = 0; p < positions; p++) for (let c = 0; c < channels; c++, i++) zv[i] *= rv[p];
}

function forward({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  checkFloat32(CONV_COS_KERNELS.forward, inputs);
  const { x, w } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo };
  const a = attrs as unknown as ConvCosAttrs;
  const wasm = backend as BackendWasm;
  const r = patchNormInvKernel({
    inputs: { x },
    backend,
    attrs: patchAttrs(w, a) as unknown as tf.NamedAttrMap,
  });
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    w.shape as [number, number, number, number],
    1,
    1,
    a.pad,
  );
  const simd = simdKernelsFor(wasm);
  if (simd && takesDirectConv(info, x.dtype, w.dtype)) return [directConv2d(wasm, simd, x, w, info, r), r];
  // Other shapes (cout not a multiple of 8) and engines without wasm SIMD: wasm's conv, then the scale.
  const z = kernel('Conv2D')({
    inputs: { x, filter: w },
    backend,
    attrs: { strides: 1, pad: a.pad, dataFormat: 'NHWC', dilations: 1 } as unknown as tf.NamedAttrMap,
  }) as tf.TensorInfo;
  scaleInPlace(wasm, z, r);
  return [z, r];
}

function gradX({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  checkFloat32(CONV_COS_KERNELS.gradX, inputs);
  const { x, w, dz, dy, cos, r } = inputs as Record<'x' | 'w' | 'dz' | 'dy' | 'cos' | 'r', tf.TensorInfo>;
  const a = attrs as unknown as ConvCosAttrs;
  const wasm = backend as BackendWasm;
  const dx = kernel('Conv2DBackpropInput')({
    inputs: { dy: dz, filter: w },
    backend,
    attrs: { inputShape: x.shape, strides: 1, pad: a.pad, dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap,
  }) as tf.TensorInfo;
  const dr = wasm.makeOutput(r.shape, 'float32');
  try {
    const positions = tf.util.sizeFromShape(r.shape);
    const channels = tf.util.sizeFromShape(dy.shape) / positions;
    const simd = channels % 4 === 0 ? simdKernelsFor(wasm) : undefined;
    if (simd) {
      const at = (t: tf.TensorInfo) => heapOffset(wasm, t);
      simd.dotPositions(at(dy), at(cos), at(dr), positions, channels);
    }
    const [dyv, cv, rv, drv] = [dy, cos, r, dr].map((t) => wasm.typedArrayFromHeap(t) as Float32Array);
    for (let p = 0, i = 0; p < positions; p++) {
      if (!simd) {
        let acc = 0;
        for (let c = 0; c < channels; c++, i++) acc += dyv[i] * cv[i];
        drv[p] = acc;
      }
      // dL/dr = Σ_c dy·z with z = cos / r (r ≥ 1/√(kh·kw·cin·max x² + eps) > 0).
      drv[p] /= rv[p];
    }
    patchNormInvGradInto(wasm, x, r, dr, patchAttrs(w, a), dx, true);
  } finally {
    wasm.disposeData(dr.dataId);
  }
  return dx;
}

let registered = false;

/** Registers both kernels on wasm, and the gradient (once). */
export function registerConvCosKernels(): void {
  if (registered) return;
  registered = true;
  registerConvCosGradient();
  tf.registerKernel({
    kernelName: CONV_COS_KERNELS.forward,
    backendName: 'wasm',
    kernelFunc: forward as unknown as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: CONV_COS_KERNELS.gradX,
    backendName: 'wasm',
    kernelFunc: gradX as unknown as tf.KernelFunc,
  });
}
