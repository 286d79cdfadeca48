import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '../../../tfjs';
import { registerAdamKernels } from './adam';
import { makeBatchMatMulWasm } from './batchMatMul';
import { registerBatchNormTrainKernels } from './batchNorm';
import { makeConv2dWasm } from './conv2d';
import { registerLossKernels } from './lossKernels';
import { makeMaxPoolGradWasm } from './maxPoolGrad';
import { patchesTransposedInto } from './patchesTransposed';
import { registerReluGradKernel } from './reluGrad';
import { makeSharedCastWasm, makeSharedIdentityWasm } from './sharedCopy';
import { type FilterGradWindows, heapOffset, simdKernelsFor } from './simd/simdKernels';
import { registerAngularKernels } from './sphereConv/angular';
import { registerFilterNormKernels } from './sphereConv/filterNorms';
import { registerPatchNormKernels } from './sphereConv/patchNorm';
import { registerPoolAngularKernels } from './sphereConv/poolAngular';
import { registerPositionScaleKernels } from './sphereConv/positionScale';
import { makeTileWasm } from './tile';
import { windowGeometryOf } from './windowGeometry';

/**
 * Kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks but our models' gradients need.
 *
 * Conv2DBackpropFilter (the weight gradient of every conv) is one matrix product:
 * dW[i,j,c,o] = Σ_{b,p,q} xpad[b, p·s+i, q·s+j, c] · dy[b,p,q,o] = (Pᵀ · dy) with Pᵀ the input's
 * patches, transposed ([kh·kw·cin, b·oh·ow], copied in JavaScript from x transposed to
 * channel-major: ./patchesTransposed.ts) and dy
 * as [b·oh·ow, cout], on wasm's XNNPACK matrix product. It replaced a forward conv with batch and
 * channels swapped (dy as a 14×14 or 28×28 filter), which XNNPACK ran at about a third of the
 * speed: ~40 of the ~80 ms of a step of the Lab's baseline at batch 64.
 */
function conv2dBackpropFilterWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const backend = args.backend as BackendWasm;
  const attrs = args.attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad as 'valid',
    attrs.dimRoundingMode,
  );
  const [kh, kw, cin, cout] = attrs.filterShape;
  const simd = simdKernelsFor(backend);
  const stride1 =
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1;
  // One input channel (a first layer): the product below would have K = b·oh·ow (50,176 at
  // batch 64) and M = 9, a shape XNNPACK ran at ~1.5 GFLOP/s; the SIMD loop reads x and dy once.
  // More channels in blocks of 4 × 8: the patches (7 MB for the Lab's second conv at batch 64)
  // are never written, and the sums stay in L1 (./simd/convFilterGradNhwc.wat).
  const kernel =
    !simd || !stride1
      ? undefined
      : cin === 1 && cout % 4 === 0
        ? 'c1'
        : cin % 4 === 0 && cout % 8 === 0
          ? 'nhwc'
          : undefined;
  if (simd && kernel) {
    const result = backend.makeOutput(attrs.filterShape, 'float32');
    const at = (t: tf.TensorInfo) => heapOffset(backend, t);
    const args: FilterGradWindows = [
      at(x),
      at(dy),
      at(result),
      info.batchSize,
      info.inHeight,
      info.inWidth,
      info.outHeight,
      info.outWidth,
      kh,
      kw,
      info.padInfo.top,
      info.padInfo.left,
    ];
    if (kernel === 'c1') simd.convFilterGradC1(...args, cout);
    else simd.convFilterGradNhwc(...args, cin, cout);
    return result;
  }
  const rows = kh * kw * cin;
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const engine = tf.engine();
  // Channel-major [cin, b, h, w], so that each patch row copies one plane in order.
  const xChannelMajor =
    cin === 1
      ? undefined
      : (engine.runKernel('Transpose', { x } as unknown as tf.NamedTensorMap, {
          perm: [3, 0, 1, 2],
        }) as tf.Tensor);
  const patches = backend.makeOutput([1, rows, positions], 'float32');
  // Views after makeOutput: allocating can grow (and move) the wasm heap.
  patchesTransposedInto(
    backend.typedArrayFromHeap(xChannelMajor ?? x) as Float32Array,
    windowGeometryOf(info),
    backend.typedArrayFromHeap(patches) as Float32Array,
  );
  xChannelMajor?.dispose();
  try {
    const out = tf.tidy(() => {
      // Inputs arrive as TensorInfos: runKernel takes them as they are, without a copy.
      const dy2 = engine.runKernel('Reshape', { x: dy } as unknown as tf.NamedTensorMap, {
        shape: [1, positions, cout],
      });
      return engine.runKernel('BatchMatMul', { a: patches, b: dy2 } as unknown as tf.NamedTensorMap, {
        transposeA: false,
        transposeB: false,
      }) as tf.Tensor;
    });
    const result = backend.makeOutput(attrs.filterShape, 'float32');
    backend.typedArrayFromHeap(result).set(backend.typedArrayFromHeap(out));
    out.dispose();
    return result;
  } finally {
    backend.disposeData(patches.dataId);
  }
}

/**
 * The weight gradient of a conv (NHWC, stride 1) as the Conv2DBackpropFilter kernel computes it:
 * tf.js' public API has no op for it (tests and `npm run bench:conv` call it).
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  pad: 'same' | 'valid' = 'same',
): tf.Tensor4D {
  return tf.engine().runKernel(
    'Conv2DBackpropFilter',
    { x, dy } as unknown as tf.NamedTensorMap,
    {
      strides: 1,
      pad,
      dataFormat: 'NHWC',
      filterShape,
    } as unknown as tf.NamedAttrMap,
  ) as tf.Tensor4D;
}

/**
 * w [kh, kw, cin, cout] rotated 180° with in/out swapped: r[i, j, o, c] = w[kh−1−i, kw−1−j, c, o],
 * one loop over a few thousand weights (tf.reverse + tf.transpose took 0.3–1.3 ms a step on wasm).
 */
function rotatedFilter(backend: BackendWasm, filter: tf.TensorInfo): tf.TensorInfo {
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const info = backend.makeOutput([kh, kw, cout, cin], 'float32');
  const r = backend.typedArrayFromHeap(info) as Float32Array;
  const w = backend.typedArrayFromHeap(filter) as Float32Array;
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++) {
      const src = ((kh - 1 - i) * kw + (kw - 1 - j)) * cin * cout;
      const dst = (i * kw + j) * cout * cin;
      for (let c = 0; c < cin; c++)
        for (let o = 0; o < cout; o++) r[dst + o * cin + c] = w[src + c * cout + o];
    }
  return info;
}

/**
 * Conv2DBackpropInput (the input gradient) for stride 1: dx = conv2d(dy, w rotated 180° with
 * in/out channels swapped), dy padded by kh−1−top above etc. wasm's own kernel is a plain loop,
 * ~8x slower than a conv on our layers (now ./conv2d.ts' SIMD conv where cin % 8 = 0, else XNNPACK's);
 * strides > 1 keep the built-in kernel.
 */
function makeConv2dBackpropInputWasm(builtIn: tf.KernelFunc | undefined) {
  return (args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as {
      inputShape: [number, number, number, number];
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const filterShape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filterShape,
      attrs.strides,
      1,
      attrs.pad as 'valid',
      attrs.dimRoundingMode,
    );
    const [kh, kw] = filterShape;
    const { top, bottom, left, right } = info.padInfo;
    const pads = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right];
    const fast =
      info.strideHeight === 1 &&
      info.strideWidth === 1 &&
      attrs.dataFormat !== 'NCHW' &&
      pads.every((p) => p >= 0);
    if (!fast) {
      if (!builtIn) throw new Error('Conv2DBackpropInput (wasm): no kernel for this stride');
      return builtIn(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    const backend = args.backend as BackendWasm;
    const conv = tf.getKernel('Conv2D', 'wasm');
    if (!conv) throw new Error('Conv2DBackpropInput (wasm): no Conv2D kernel');
    const rotated = rotatedFilter(backend, filter);
    try {
      // The Conv2D kernel itself (./conv2d.ts, or XNNPACK's), called as a function: its output is
      // this kernel's own, with no engine tensor to copy out of. It pads dy itself (explicit
      // padding): no padded copy of dy.
      return conv.kernelFunc({
        inputs: { x: dy, filter: rotated },
        backend,
        attrs: {
          strides: 1,
          pad: [
            [0, 0],
            [pads[0], pads[1]],
            [pads[2], pads[3]],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: 1,
        } as unknown as tf.NamedAttrMap,
      }) as tf.TensorInfo;
    } finally {
      backend.disposeData(rotated.dataId);
    }
  };
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/** Swaps wasm's kernel for ours; ours gets the built-in one to fall back on for cases it skips. */
function replaceWasmKernel(
  name: string,
  make: (builtIn: tf.KernelFunc | undefined) => (args: KernelArgs) => tf.TensorInfo,
): void {
  const builtIn = tf.getKernel(name, 'wasm');
  if (builtIn) tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: make(builtIn?.kernelFunc) as unknown as tf.KernelFunc,
    setupFunc: builtIn?.setupFunc,
    disposeFunc: builtIn?.disposeFunc,
  });
}

let registered = false;

/**
 * Registers the missing wasm gradient kernels (and faster Conv2DBackpropInput, Tile,
 * MaxPoolGrad and transposed BatchMatMul, Identity and Cast without copies, and the fused
 * training BatchNorm, SphereConv operator, Adam, weight decay and softmax cross-entropy
 * on wasm and cpu) once;
 * safe to call before or after setBackend('wasm').
 */
export function registerWasmGradientKernels(): void {
  if (registered) return;
  registered = true;
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: conv2dBackpropFilterWasm as unknown as tf.KernelFunc,
    });
  }
  replaceWasmKernel('Conv2D', makeConv2dWasm);
  replaceWasmKernel('Conv2DBackpropInput', makeConv2dBackpropInputWasm);
  replaceWasmKernel('Tile', makeTileWasm);
  replaceWasmKernel('MaxPoolGrad', makeMaxPoolGradWasm);
  replaceWasmKernel('BatchMatMul', makeBatchMatMulWasm);
  replaceWasmKernel('Identity', makeSharedIdentityWasm);
  replaceWasmKernel('Cast', makeSharedCastWasm);
  registerBatchNormTrainKernels();
  registerAngularKernels();
  registerPoolAngularKernels();
  registerAdamKernels();
  registerPositionScaleKernels();
  registerReluGradKernel();
  registerPatchNormKernels();
  registerLossKernels();
  registerFilterNormKernels();
}
