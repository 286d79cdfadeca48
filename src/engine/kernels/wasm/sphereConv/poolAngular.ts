import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ANGULAR_KERNELS } from '../../../../sphere/angularTensor';
import type * as tf from '../../../../tfjs';
import { checkFloat32, type KernelArgs, registerOnWasm, wasmAccess } from '../rawAccess';
import { heapOffset, simdKernelsFor } from '../simd/simdKernels';
import { fixedKernel } from './angular';

/**
 * SphereConv's 2x2 max-pool and fixed operator on wasm as one kernel each way
 * (src/sphere/angularTensor.ts, pooledAngular): forward the pool keeps each window's winner
 * (../simd/maxPoolGrad.wat, maxPool2x2Argmax) and the operator runs on the pooled cosines
 * (./angular.ts' kernel, called as a function); backward dy·dg/dc goes straight to the winners
 * (maxPool2x2Scatter). It replaced MaxPool, the operator, a Multiply and MaxPoolGrad, which read
 * the full-size cosines again to find the winners. Same values: the first max wins, as there.
 * Channels not a multiple of 4, or no SIMD: the same in JavaScript.
 */

const geometry = (shape: number[]) => {
  const [batch, h, w, c] = shape;
  return { batch, h, w, c, oh: h >> 1, ow: w >> 1 };
};

function forward({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  checkFloat32(ANGULAR_KERNELS.pooled, inputs);
  const { x } = inputs as { x: tf.TensorInfo };
  if (x.shape.length !== 4) throw new Error(`${ANGULAR_KERNELS.pooled}: x is ${x.shape}, not NHWC`);
  const wasm = backend as BackendWasm;
  const { batch, h, w, c, oh, ow } = geometry(x.shape);
  const pooledShape = [batch, oh, ow, c];
  const pooled = wasm.makeOutput(pooledShape, 'float32');
  const idx = wasm.makeOutput(pooledShape, 'int32');
  try {
    const simd = c % 4 === 0 ? simdKernelsFor(wasm) : undefined;
    if (simd) {
      const at = (t: tf.TensorInfo) => heapOffset(wasm, t);
      simd.maxPool2x2Argmax(at(x), at(pooled), at(idx), batch, h, w, c);
    } else {
      const xv = wasm.typedArrayFromHeap(x) as Float32Array;
      const [yv, iv] = [pooled, idx].map((t) => wasm.typedArrayFromHeap(t)) as [Float32Array, Int32Array];
      let o = 0;
      for (let b = 0; b < batch; b++)
        for (let i = 0; i < oh; i++)
          for (let j = 0; j < ow; j++)
            for (let ch = 0; ch < c; ch++, o++) {
              const p0 = ((b * h + 2 * i) * w + 2 * j) * c + ch;
              let best = 0;
              let max = xv[p0];
              // Window element e is row e >> 1, column e & 1; strict >: the first max wins.
              for (let e = 1; e < 4; e++) {
                const v = xv[p0 + (e >> 1) * w * c + (e & 1) * c];
                if (v > max) [best, max] = [e, v];
              }
              yv[o] = max;
              iv[o] = best;
            }
    }
    const [g, dgdc] = fixedKernel(wasmAccess)({ inputs: { x: pooled }, backend, attrs });
    return [g, dgdc, idx];
  } finally {
    wasm.disposeData(pooled.dataId);
  }
}

function gradient({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, dgdc, idx } = inputs as Record<'dy' | 'dgdc' | 'idx', tf.TensorInfo>;
  checkFloat32(ANGULAR_KERNELS.pooledGrad, { dy, dgdc });
  const { inputShape } = attrs as unknown as { inputShape: number[] };
  const wasm = backend as BackendWasm;
  const { batch, h, w, c, oh, ow } = geometry(inputShape);
  const dx = wasm.makeOutput(inputShape, 'float32');
  const simd = c % 4 === 0 ? simdKernelsFor(wasm) : undefined;
  if (simd) {
    const at = (t: tf.TensorInfo) => heapOffset(wasm, t);
    simd.maxPool2x2Scatter(at(dy), at(dgdc), at(idx), at(dx), batch, h, w, c);
    return dx;
  }
  const [dyv, dv, dxv] = [dy, dgdc, dx].map((t) => wasm.typedArrayFromHeap(t) as Float32Array);
  const iv = wasm.typedArrayFromHeap(idx) as Int32Array;
  dxv.fill(0);
  let o = 0;
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c; ch++, o++) {
          const e = iv[o];
          dxv[((b * h + 2 * i + (e >> 1)) * w + 2 * j + (e & 1)) * c + ch] = dyv[o] * dv[o];
        }
  return dx;
}

let registered = false;

/** Registers both kernels on wasm (once). Attrs: AngularKernelAttrs forward, { inputShape } back. */
export function registerPoolAngularKernels(): void {
  if (registered) return;
  registered = true;
  registerOnWasm({ [ANGULAR_KERNELS.pooled]: forward, [ANGULAR_KERNELS.pooledGrad]: gradient });
}
