import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  PATCH_NORM_KERNELS,
  type PatchNormAttrs,
  registerPatchNormGradient,
} from '../../../../sphere/norm/patchNorm';
import * as tf from '../../../../tfjs';
import { checkFloat32, type KernelArgs, registerOnWasm } from '../rawAccess';
import { heapOffset, type PatchWindows, type PatchWindowsStride1, simdKernelsFor } from '../simd/simdKernels';

/**
 * patchNormInverse's kernels on wasm (src/sphere/norm/patchNorm.ts): ./simd/patchNorm.wat where
 * the SIMD module runs, else the same loops in JavaScript. Both keep one float32 scratch plane
 * (Σ_c x² forward, the per-position sum of dr·r³ backward) that is freed before returning.
 */
interface Geometry {
  batch: number;
  h: number;
  w: number;
  c: number;
  oh: number;
  ow: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  padTop: number;
  padLeft: number;
}

function geometryOf(x: tf.TensorInfo, a: PatchNormAttrs): Geometry {
  const [batch, h, w, c] = x.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    [batch, h, w, c],
    [a.filterHeight, a.filterWidth, c, 1],
    a.strides,
    1,
    a.pad,
  );
  return {
    batch,
    h,
    w,
    c,
    oh: info.outHeight,
    ow: info.outWidth,
    kh: a.filterHeight,
    kw: a.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** The kernels' window arguments, in patchNorm.wat's order. */
function windows(g: Geometry): PatchWindows {
  return [g.batch, g.h, g.w, g.c, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft];
}

function windowsStride1(g: Geometry): PatchWindowsStride1 {
  return [g.batch, g.h, g.w, g.c, g.oh, g.ow, g.kh, g.kw, g.padTop, g.padLeft];
}

/** Calls visit(windowIndex, inputPosition) for every tap of every window that lies in the image. */
function forEachTap(g: Geometry, visit: (window: number, position: number) => void): void {
  let win = 0;
  for (let b = 0; b < g.batch; b++)
    for (let i = 0; i < g.oh; i++)
      for (let j = 0; j < g.ow; j++, win++)
        for (let di = 0; di < g.kh; di++) {
          const row = i * g.sh + di - g.padTop;
          if (row < 0 || row >= g.h) continue;
          for (let dj = 0; dj < g.kw; dj++) {
            const col = j * g.sw + dj - g.padLeft;
            if (col >= 0 && col < g.w) visit(win, (b * g.h + row) * g.w + col);
          }
        }
}

function forward({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  checkFloat32(PATCH_NORM_KERNELS.forward, inputs);
  const { x } = inputs as { x: tf.TensorInfo };
  const a = attrs as unknown as PatchNormAttrs;
  const g = geometryOf(x, a);
  const wasm = backend as BackendWasm;
  const simd = simdKernelsFor(backend);
  const stride1 = simd !== undefined && g.sh === 1 && g.sw === 1;
  // Stride 1: a zero-padded plane per image, (oh + kh − 1) × (ow + kw − 1).
  const planeSize = stride1 ? (g.oh + g.kh - 1) * (g.ow + g.kw - 1) : g.h * g.w;
  const r = wasm.makeOutput([g.batch, g.oh, g.ow, 1], 'float32');
  const scratch = wasm.makeOutput([g.batch * planeSize], 'float32');
  try {
    if (simd) {
      const at = (t: tf.TensorInfo) => heapOffset(backend, t);
      if (stride1) {
        simd.patchNormInvStride1(at(x), at(scratch), at(r), ...windowsStride1(g), a.eps);
        return r;
      }
      simd.patchNormInv(at(x), at(scratch), at(r), ...windows(g), a.eps);
      return r;
    }
    const view = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
    const [xv, sq, rv] = [view(x), view(scratch), view(r)];
    for (let p = 0, i = 0; p < sq.length; p++) {
      let s = 0;
      for (let ch = 0; ch < g.c; ch++, i++) s += xv[i] * xv[i];
      sq[p] = s;
    }
    rv.fill(0);
    forEachTap(g, (win, pos) => {
      rv[win] += sq[pos];
    });
    for (let k = 0; k < rv.length; k++) rv[k] = 1 / Math.sqrt(rv[k] + a.eps);
    return r;
  } finally {
    wasm.disposeData(scratch.dataId);
  }
}

function gradient({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  checkFloat32(PATCH_NORM_KERNELS.grad, inputs);
  const { x, r, dr } = inputs as Record<'x' | 'r' | 'dr', tf.TensorInfo>;
  const a = attrs as unknown as PatchNormAttrs;
  const g = geometryOf(x, a);
  const wasm = backend as BackendWasm;
  const dx = wasm.makeOutput(x.shape, 'float32');
  const scratch = wasm.makeOutput([g.batch * g.h * g.w], 'float32');
  try {
    const simd = simdKernelsFor(backend);
    if (simd) {
      const at = (t: tf.TensorInfo) => heapOffset(backend, t);
      simd.patchNormInvGrad(at(x), at(r), at(dr), at(scratch), at(dx), ...windows(g));
      return dx;
    }
    const view = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
    const [xv, rv, drv, sum, dxv] = [view(x), view(r), view(dr), view(scratch), view(dx)];
    // dr/dS = −r³/2 and dS/dx = 2x in every window holding x: dx = −x · Σ_windows dr·r³.
    sum.fill(0);
    forEachTap(g, (win, pos) => {
      sum[pos] -= drv[win] * rv[win] * rv[win] * rv[win];
    });
    for (let p = 0, i = 0; p < sum.length; p++) for (let ch = 0; ch < g.c; ch++, i++) dxv[i] = xv[i] * sum[p];
    return dx;
  } finally {
    wasm.disposeData(scratch.dataId);
  }
}

let registered = false;

/** Registers both kernels on wasm, and the gradient (once). */
export function registerPatchNormKernels(): void {
  if (registered) return;
  registered = true;
  registerPatchNormGradient();
  registerOnWasm({ [PATCH_NORM_KERNELS.forward]: forward, [PATCH_NORM_KERNELS.grad]: gradient });
}
