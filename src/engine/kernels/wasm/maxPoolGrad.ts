import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '../../../tfjs';
import { heapOffset, simdKernelsFor } from './simd/simdKernels';
import { type WindowGeometry, windowGeometryOf } from './windowGeometry';

/**
 * dx of a 2×2, stride-2 max-pool over x [b,h,w,c] (NHWC), in one pass over the wasm heap. The
 * forward output y is the window's max, so the window element equal to y is the argmax: no
 * search for the max, one comparison per element. Ties go to the first element in row-major
 * window order, as tf.js' own kernels do (they keep the first max, with a strict >). Every dx
 * element is written exactly once: the three that lose in a window get 0, and rows/columns
 * past the last full window (odd h or w with 'valid' padding) are zeroed.
 */
export function maxPoolGrad2x2Into(
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  shape: readonly [number, number, number, number],
  dx: Float32Array,
): void {
  const [batch, h, w, c] = shape;
  const oh = h >> 1;
  const ow = w >> 1;
  const row = w * c;
  if (oh * 2 !== h || ow * 2 !== w) dx.fill(0);
  let o = 0;
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < oh; i++) {
      let p = (b * h + 2 * i) * row;
      // The channel loop steps p over the window's left column; p += c skips its right one.
      for (let j = 0; j < ow; j++, p += c) {
        for (let ch = 0; ch < c; ch++, o++, p++) {
          const m = y[o];
          const g = dy[o];
          const p01 = p + c;
          const p10 = p + row;
          const p11 = p10 + c;
          // The first element equal to the max takes the gradient; NaN windows (no element
          // equals y) take none.
          if (x[p] === m) {
            dx[p] = g;
            dx[p01] = 0;
            dx[p10] = 0;
            dx[p11] = 0;
          } else if (x[p01] === m) {
            dx[p] = 0;
            dx[p01] = g;
            dx[p10] = 0;
            dx[p11] = 0;
          } else if (x[p10] === m) {
            dx[p] = 0;
            dx[p01] = 0;
            dx[p10] = g;
            dx[p11] = 0;
          } else {
            dx[p] = 0;
            dx[p01] = 0;
            dx[p10] = 0;
            dx[p11] = x[p11] === m ? g : 0;
          }
        }
      }
    }
}

/** A pool's windows: the shared window geometry (NHWC, dilation 1). */
export type PoolGeometry = WindowGeometry;

/**
 * dx of any max-pool (NHWC, any window, stride and padding, overlapping windows included): each
 * window's first maximum in row-major order (strict >, padding never wins, as in tfjs-cpu) gets
 * the window's dy, summed where windows overlap. wasm's built-in kernel (tf.js 4.22) gets some
 * of these wrong: measured against tfjs-cpu (which agrees with finite differences), 38% off for
 * 2×2 windows at stride 1 and 99% off for 2×2 stride 2 'same' on a 7×7 input; so no float32
 * pool falls back to it.
 */
export function maxPoolGradInto(x: Float32Array, dy: Float32Array, g: PoolGeometry, dx: Float32Array): void {
  const c = g.inChannels;
  dx.fill(0);
  let o = 0;
  for (let b = 0; b < g.batch; b++)
    for (let i = 0; i < g.outHeight; i++) {
      const r0 = i * g.strideHeight - g.padTop;
      const rLo = Math.max(0, r0);
      const rHi = Math.min(g.inHeight, r0 + g.filterHeight);
      for (let j = 0; j < g.outWidth; j++) {
        const q0 = j * g.strideWidth - g.padLeft;
        const qLo = Math.max(0, q0);
        const qHi = Math.min(g.inWidth, q0 + g.filterWidth);
        for (let ch = 0; ch < c; ch++, o++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let r = rLo; r < rHi; r++)
            for (let q = qLo; q < qHi; q++) {
              const p = ((b * g.inHeight + r) * g.inWidth + q) * c + ch;
              if (x[p] > best) {
                best = x[p];
                at = p;
              }
            }
          if (at >= 0) dx[at] += dy[o];
        }
      }
    }
}

/** Which pass a pool's gradient takes: the one-comparison pass needs 2×2 windows at stride 2, unpadded. */
export function maxPoolGradPath(g: PoolGeometry): 'twoByTwo' | 'general' {
  const twoByTwo =
    g.filterHeight === 2 &&
    g.filterWidth === 2 &&
    g.strideHeight === 2 &&
    g.strideWidth === 2 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    g.outHeight === g.inHeight >> 1 &&
    g.outWidth === g.inWidth >> 1;
  return twoByTwo ? 'twoByTwo' : 'general';
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/**
 * MaxPoolGrad for the wasm backend. Its built-in kernel took 14–25% of a training step of the
 * Lab's nets (~25 ns an element: 30 ms a step at batch 64 for the two pools) and is wrong for
 * overlapping or padded windows. The Lab's pool (2×2 window, stride 2, no padding) takes the
 * one-comparison pass; every other float32 pool the general loop. Other dtypes (none in our
 * nets) still reach the built-in kernel.
 */
export function makeMaxPoolGradWasm(builtIn: tf.KernelFunc | undefined) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { dy, input, output } = args.inputs as {
      dy: tf.TensorInfo;
      input: tf.TensorInfo;
      output: tf.TensorInfo;
    };
    const attrs = args.attrs as unknown as {
      filterSize: [number, number] | number;
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    if (input.dtype !== 'float32' || input.shape.length !== 4) {
      if (!builtIn)
        throw new Error(`MaxPoolGrad (wasm): no kernel for ${input.dtype} rank ${input.shape.length}`);
      return builtIn(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      attrs.filterSize,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const geometry = windowGeometryOf(info);
    const twoByTwo = maxPoolGradPath(geometry) === 'twoByTwo' && output !== undefined;
    const backend = args.backend as BackendWasm;
    const dx = backend.makeOutput(input.shape, 'float32');
    // Views after makeOutput: allocating can grow (and move) the wasm heap.
    const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    const [batch, h, w, c] = input.shape;
    const simd = twoByTwo && c % 4 === 0 && h > 1 && w > 1 ? simdKernelsFor(backend) : undefined;
    if (simd) {
      // The same rule as maxPoolGrad2x2Into, 4 channels at a time without branches.
      const at = (t: tf.TensorInfo) => heapOffset(backend, t);
      simd.maxPoolGrad2x2(at(input), at(output), at(dy), at(dx), batch, h, w, c);
    } else if (twoByTwo)
      maxPoolGrad2x2Into(
        view(input),
        view(output),
        view(dy),
        input.shape as [number, number, number, number],
        view(dx),
      );
    else maxPoolGradInto(view(input), view(dy), geometry, view(dx));
    return dx;
  };
}
