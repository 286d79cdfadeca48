import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '../../../tfjs';
import { heapOffset, type SimdKernels, simdKernelsFor } from './simd/simdKernels';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

interface Conv2DAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Conv2D on wasm for stride 1, NHWC and cout a multiple of 8 (every conv of the Lab's nets, and
 * the input gradients that ./gradientKernels.ts runs as convs): ./simd/conv2dNhwc.wat over an
 * input padded once with zeros (no padding: x itself). XNNPACK's conv ran the Lab's 16 → 32
 * layer at ~14 GFLOP/s on this machine and its 1 → 16 first layer at ~12; other shapes, and
 * engines without wasm SIMD, keep the built-in kernel.
 */
export function makeConv2dWasm(builtIn: tf.KernelFunc | undefined) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as Conv2DAttrs;
    const backend = args.backend as BackendWasm;
    const filterShape = filter.shape as [number, number, number, number];
    const info =
      attrs.dataFormat === 'NCHW'
        ? undefined
        : tf.backend_util.computeConv2DInfo(
            x.shape as [number, number, number, number],
            filterShape,
            attrs.strides,
            attrs.dilations,
            attrs.pad as 'valid',
            attrs.dimRoundingMode,
          );
    const simd = simdKernelsFor(backend);
    const direct = simd && info && takesDirectConv(info, x.dtype, filter.dtype);
    if (!direct) {
      if (!builtIn) throw new Error('Conv2D (wasm): the built-in kernel is missing');
      return builtIn(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    return directConv2d(backend, simd, x, filter, info);
  };
}

/** conv2dNhwc.wat on x (padded here where info pads) → a fresh [b, oh, ow, cout]; check takesDirectConv first. */
function directConv2d(
  backend: BackendWasm,
  simd: SimdKernels,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const { top, bottom, left, right } = info.padInfo;
  const [batch, h, w] = x.shape;
  const [hp, wp] = [h + top + bottom, w + left + right];
  const padded =
    top || bottom || left || right ? backend.makeOutput([batch, hp, wp, cin], 'float32') : undefined;
  const out = backend.makeOutput([batch, info.outHeight, info.outWidth, cout], 'float32');
  // The filter in blocks of 8 output channels, each one run of memory (./simd/conv2dNhwc.wat).
  const packed = backend.makeOutput([kh * kw * cin * cout], 'float32');
  try {
    // Offsets after every allocation: allocating can grow (and move) the heap.
    const at = (t: tf.TensorInfo) => heapOffset(backend, t);
    if (padded) simd.padNhwc(at(x), at(padded), batch, h, w, cin, top, bottom, left, right);
    simd.packFilter8(at(filter), at(packed), kh * kw * cin, cout);
    simd.conv2dNhwc(
      at(padded ?? x),
      at(packed),
      at(out),
      batch,
      hp,
      wp,
      info.outHeight,
      info.outWidth,
      kh,
      kw,
      cin,
      cout,
    );
  } finally {
    if (padded) backend.disposeData(padded.dataId);
    backend.disposeData(packed.dataId);
  }
  return out;
}

/** Whether conv2dNhwc.wat runs this conv: stride 1, no dilation, float32, cout % 8 = 0, a non-empty output. */
export function takesDirectConv(
  info: tf.backend_util.Conv2DInfo,
  xDtype: string,
  filterDtype: string,
): boolean {
  return (
    xDtype === 'float32' &&
    filterDtype === 'float32' &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.outChannels % 8 === 0 &&
    info.outHeight > 0 &&
    info.outWidth > 0
  );
}
