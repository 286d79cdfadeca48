import type * as tf from '../../../../tfjs';
import { SIMD_KERNELS_PLAIN, SIMD_KERNELS_SHARED } from './binary';

/** x's shape, the window count and size of patchNorm.wat: batch, h, w, c, oh, ow, kh, kw. */
type PatchShape = [
  batch: number,
  h: number,
  w: number,
  c: number,
  oh: number,
  ow: number,
  kh: number,
  kw: number,
];
/** patchNorm.wat's window arguments: the shape, then strides and padding. */
export type PatchWindows = [...PatchShape, sh: number, sw: number, padTop: number, padLeft: number];
/** The same at stride 1 (no sh, sw). */
export type PatchWindowsStride1 = [...PatchShape, padTop: number, padLeft: number];

/** An NHWC tensor's shape, as the pool kernels take it (./maxPoolGrad.wat). */
type Nhwc = [batch: number, h: number, w: number, c: number];

/** The filter-gradient kernels' pointers and window: x, dy, dw, then x's and dy's sizes, taps, padding. */
export type FilterGradWindows = [
  x: number,
  dy: number,
  dw: number,
  batch: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
  kh: number,
  kw: number,
  padTop: number,
  padLeft: number,
];

/**
 * SphereLab's wasm SIMD kernels (./*.wat, see ./README.md), instantiated on the wasm backend's own heap so
 * that they read and write tensors in place: every pointer is a byte offset into that heap
 * (`typedArrayFromHeap(t).byteOffset`). Where they cannot run (an engine without wasm SIMD, a
 * tf.js build whose memory we cannot reach), `simdKernelsFor` returns undefined and the callers
 * keep their JavaScript loops.
 */
export interface SimdKernels {
  /** The operator's g and dg/dc, in float32, from one interleaved float32 table (./angularFixed.wat). */
  angularFixed(
    x: number,
    g: number,
    dgdc: number,
    n: number,
    table: number,
    relu: number,
    limit: number,
    vMin: number,
    intervals: number,
  ): void;
  /** g, dg/dc and dg/dk from one interleaved float64 table per channel (./angularPerChannel.wat). */
  angularPerChannel(
    x: number,
    g: number,
    dgdc: number,
    dgdk: number,
    n: number,
    table: number,
    channels: number,
    nodes: number,
    relu: number,
    limit: number,
    vMin: number,
    intervals: number,
    zeros: number,
  ): void;
  /** The per-channel tables angularPerChannel reads, built from per-channel constants (./angularTables.wat). */
  angularChannelTables(
    table: number,
    consts: number,
    channels: number,
    nodes: number,
    nodeU: number,
    nodeRoot: number,
    temp: number,
  ): void;
  /** float64 sums[j] = Σ_r a[r, j]·b[r, j] over rows of `channels` float32 (./channelDotSums.wat). */
  channelDotSums(a: number, b: number, sums: number, rows: number, channels: number): void;
  /** x [b, h, w, c] into a [b, h + top + bottom, w + left + right, c] with zeros around (./conv2dNhwc.wat). */
  padNhwc(
    x: number,
    out: number,
    batch: number,
    h: number,
    w: number,
    c: number,
    top: number,
    bottom: number,
    left: number,
    right: number,
  ): void;
  /** w [rows, cout], cout % 8 = 0, into conv2dNhwc's blocks of 8 channels (./conv2dNhwc.wat). */
  packFilter8(w: number, out: number, rows: number, cout: number): void;
  /** A stride-1 conv, NHWC, cout % 8 = 0, on a zero-padded input with a packFilter8 filter (./conv2dNhwc.wat). */
  conv2dNhwc(
    x: number,
    w: number,
    y: number,
    batch: number,
    hp: number,
    wp: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    cin: number,
    cout: number,
  ): void;
  /** Weight gradient of a stride-1 conv, cin % 4 = 0 and cout % 8 = 0, from NHWC x and dy (./convFilterGradNhwc.wat). */
  convFilterGradNhwc(...args: [...FilterGradWindows, cin: number, cout: number]): void;
  /** The same with one input channel, c (cout) % 4 = 0 (./convFilterGrad.wat). */
  convFilterGradC1(...args: [...FilterGradWindows, c: number]): void;
  maxPoolGrad2x2(x: number, y: number, dy: number, dx: number, ...input: Nhwc): void;
  /** 2x2 stride-2 max-pool of NHWC x (c % 4 = 0) with the winner's index 0..3, int32 (./maxPoolGrad.wat). */
  maxPool2x2Argmax(x: number, y: number, idx: number, ...input: Nhwc): void;
  /** dx = dy·dgdc at maxPool2x2Argmax's winners, 0 elsewhere (./maxPoolGrad.wat). */
  maxPool2x2Scatter(dy: number, dgdc: number, idx: number, dx: number, ...input: Nhwc): void;
  scalePositions(z: number, r: number, out: number, positions: number, c: number): void;
  dotPositions(a: number, b: number, out: number, positions: number, c: number): void;
  reluGrad(dy: number, x: number, out: number, n: number): void;
  patchNormInv(x: number, scratch: number, r: number, ...windows: [...PatchWindows, eps: number]): void;
  patchNormInvStride1(
    x: number,
    scratch: number,
    r: number,
    ...windows: [...PatchWindowsStride1, eps: number]
  ): void;
  patchNormInvGrad(
    x: number,
    r: number,
    dr: number,
    scratch: number,
    dx: number,
    ...windows: PatchWindows
  ): void;
  /** Training BatchNorm's passes (./batchNorm.wat): sums is float64 [2c], the rest float32. */
  bnMomentSums(x: number, rows: number, c: number, sums: number): void;
  bnAffine(
    x: number,
    center: number,
    scale: number,
    offset: number,
    y: number,
    rows: number,
    c: number,
  ): void;
  bnGradSums(dy: number, x: number, center: number, rows: number, c: number, sums: number): void;
  bnGradApply(
    dy: number,
    dyCenter: number,
    x: number,
    center: number,
    a: number,
    b: number,
    k: number,
    dx: number,
    rows: number,
    c: number,
  ): void;
  /** BN + ReLU (./batchNormRelu.wat): bnAffine and the gradient passes with the ReLU's mask y > 0. */
  bnAffineRelu(
    x: number,
    center: number,
    scale: number,
    offset: number,
    y: number,
    rows: number,
    c: number,
  ): void;
  bnReluGradSums(
    dy: number,
    y: number,
    x: number,
    center: number,
    rows: number,
    c: number,
    sums: number,
  ): void;
  bnReluGradApply(
    dy: number,
    y: number,
    dyCenter: number,
    x: number,
    center: number,
    a: number,
    b: number,
    k: number,
    dx: number,
    rows: number,
    c: number,
  ): void;
}

interface EmscriptenModule {
  /** tf.js' threaded build creates the memory and keeps it here (for its workers). */
  wasmMemory?: WebAssembly.Memory;
  /** Its other builds export it from the module's instance. */
  asm?: { memory?: WebAssembly.Memory };
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();
let enabled = true;

/** Off: every caller takes its JavaScript path (for A/B benchmarks and tests of both paths). */
export function setSimdKernelsEnabled(on: boolean): void {
  enabled = on;
}

function heapMemory(backend: tf.KernelBackend): WebAssembly.Memory | undefined {
  const module = (backend as unknown as { wasm?: EmscriptenModule }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The kernels on this backend's heap, or undefined where they cannot run. */
export function simdKernelsFor(backend: tf.KernelBackend): SimdKernels | undefined {
  if (!enabled) return undefined;
  const memory = heapMemory(backend);
  if (!memory) return undefined;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    try {
      // Synchronous: the module is ~10 KB. Engines limit sync compiles on the main thread only
      // (older Chrome at 4 KB: there the JS loops would run); training runs in a worker.
      const module = new WebAssembly.Module(decode(shared ? SIMD_KERNELS_SHARED : SIMD_KERNELS_PLAIN));
      kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    } catch {
      // No wasm SIMD (or another memory layout): the JavaScript kernels stay in charge.
      kernels = null;
    }
    instances.set(memory, kernels);
  }
  return kernels ?? undefined;
}

/** A tensor's byte offset in the wasm heap (its data, as the SIMD kernels address it). */
export function heapOffset(backend: tf.KernelBackend, t: tf.TensorInfo): number {
  return (backend as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array }).typedArrayFromHeap(t)
    .byteOffset;
}
