import { ANGULAR_KERNELS } from '../../../../sphere/angularTensor';
import { COS_LIMIT, NODE_ROOT, NODE_U, TABLE_INTERVALS, V_MIN } from '../../../../sphere/fusedAngular';
import * as tf from '../../../../tfjs';
import { checkFloat32, type KernelArgs, type RawAccess, wasmAccess } from '../rawAccess';
import { heapOffset, type SimdKernels, simdKernelsFor } from '../simd/simdKernels';

/** Table nodes the SIMD loop can index: i0 ≤ TABLE_INTERVALS (v ≤ 1). */
export const CHANNEL_TABLE_NODES = TABLE_INTERVALS + 1;
/** Values per node: G, ΔG, H, ΔH, K, ΔK (float32 in the tables; also float64 constants per channel). */
const ROW = 6;

/** Room for nodes + 2 float64 (the table builder reads and writes node pairs). */
const PADDED = CHANNEL_TABLE_NODES + 2;

/** u and 1/√(2 − v²) at the nodes, as ./simd/angularTables.wat reads them (float32 words of float64). */
const NODE_WORDS = (() => {
  const nodes = new Float64Array(2 * PADDED);
  nodes.set(NODE_U);
  nodes.set(NODE_ROOT, PADDED);
  return new Float32Array(nodes.buffer);
})();

/**
 * Per channel a, s, s·a, −2·a·a·s, s² − 1 (and a spare slot) as fusedAngular.ts' buildTable
 * forms them from k (each a leading factor of its products there, so hoisting keeps the bits).
 */
export function channelConstants(k: Float32Array): Float64Array {
  const consts = new Float64Array(ROW * k.length);
  for (let j = 0; j < k.length; j++) {
    const a = 1 / (2 * k[j]);
    const s = 1 / Math.tanh(Math.PI / (4 * k[j]));
    consts.set([a, s, s * a, -2 * a * a * s, s * s - 1], ROW * j);
  }
  return consts;
}

/**
 * The per-channel-k kernel's SIMD path: the tables (24 bytes a node, ~49 KB a channel) are built
 * in a scratch tensor on the heap each call (k changes every training step) by
 * ./simd/angularTables.wat, then one pass (./simd/angularPerChannel.wat) writes g, dg/dc, dg/dk.
 * Scratch, in float64: the tables, the nodes' u and root, the builder's G/H/K, the constants,
 * the loop's values at c = 0.
 */
export function perChannelSimd(
  simd: SimdKernels,
  backend: tf.KernelBackend,
  x: tf.TensorInfo,
  k: tf.TensorInfo,
  relu: boolean,
): tf.TensorInfo[] {
  const raw = wasmAccess(backend);
  const channels = x.shape[x.shape.length - 1] ?? 1;
  const kCount = tf.util.sizeFromShape(k.shape);
  if (kCount !== channels) throw new Error(`k has ${kCount} values for ${channels} channels`);
  const outs = [raw.alloc(x.shape), raw.alloc(x.shape), raw.alloc(x.shape)];
  // In float64 words (8 bytes): a node's six float32 take three.
  const tableWords = (ROW / 2) * CHANNEL_TABLE_NODES * channels;
  const nodesAt = tableWords;
  const tempAt = nodesAt + 2 * PADDED;
  const constsAt = tempAt + 3 * PADDED;
  // The loop's per-channel values at c = 0: 3·channels float32.
  const zerosAt = constsAt + ROW * channels;
  const scratch = raw.alloc([2 * (zerosAt + 2 * channels)]);
  try {
    const consts = channelConstants(raw.view(k));
    const view = raw.view(scratch);
    view.set(NODE_WORDS, 2 * nodesAt);
    view.set(new Float32Array(consts.buffer), 2 * constsAt);
    const at = (t: tf.TensorInfo) => heapOffset(backend, t);
    const base = at(scratch);
    const word = (w: number) => base + 8 * w;
    simd.angularChannelTables(
      base,
      word(constsAt),
      channels,
      CHANNEL_TABLE_NODES,
      word(nodesAt),
      word(nodesAt + PADDED),
      word(tempAt),
    );
    const n = tf.util.sizeFromShape(x.shape);
    const [g, dgdc, dgdk] = outs.map(at);
    simd.angularPerChannel(
      at(x),
      g,
      dgdc,
      dgdk,
      n,
      base,
      channels,
      CHANNEL_TABLE_NODES,
      relu ? 1 : 0,
      COS_LIMIT,
      V_MIN,
      TABLE_INTERVALS,
      word(zerosAt),
    );
  } finally {
    backend.disposeData(scratch.dataId);
  }
  return outs;
}

/**
 * The per-channel operator's k-gradient, Σ over rows of dy·dg/dk per channel (last axis), in
 * float64, as one kernel: the plain tf.js form (mul, then a sum over axis 0, which the wasm
 * backend runs as a transpose and a sum) took ~1 ms a step at the learnable-k preset's shapes.
 * On wasm ./simd/channelDotSums.wat, elsewhere (or without SIMD) this loop: the same bits.
 */
export function channelDotSumsKernel(access: (b: tf.KernelBackend) => RawAccess, simdOn: boolean) {
  return ({ inputs, backend }: KernelArgs): tf.TensorInfo => {
    checkFloat32(ANGULAR_KERNELS.kGradient, inputs);
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (!tf.util.arraysEqual(a.shape, b.shape))
      throw new Error(`${ANGULAR_KERNELS.kGradient}: a is ${a.shape}, b is ${b.shape}`);
    const channels = a.shape[a.shape.length - 1] ?? 1;
    const rows = tf.util.sizeFromShape(a.shape) / channels;
    const raw = access(backend);
    const out = raw.alloc([channels]);
    const simd = simdOn ? simdKernelsFor(backend) : undefined;
    let sums: Float64Array;
    if (simd) {
      const scratch = raw.alloc([2 * channels]);
      try {
        const at = (t: tf.TensorInfo) => heapOffset(backend, t);
        simd.channelDotSums(at(a), at(b), at(scratch), rows, channels);
        sums = new Float64Array(raw.view(scratch).slice().buffer);
      } finally {
        backend.disposeData(scratch.dataId);
      }
    } else {
      const [av, bv] = [raw.view(a), raw.view(b)];
      sums = new Float64Array(channels);
      for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < channels; j++, i++) sums[j] += av[i] * bv[i];
    }
    raw.view(out).set(sums);
    return out;
  };
}
