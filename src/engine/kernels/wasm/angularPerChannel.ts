import { COS_LIMIT, NODE_ROOT, NODE_U, TABLE_INTERVALS, V_MIN } from '../../../sphere/fusedAngular';
import * as tf from '../../../tfjs';
import { wasmAccess } from './rawAccess';
import { heapOffset, type SimdKernels } from './simd/simdKernels';

/** Table nodes the SIMD loop can index: i0 ≤ TABLE_INTERVALS (v ≤ 1). */
export const CHANNEL_TABLE_NODES = TABLE_INTERVALS + 1;
/** float64 per node: G, ΔG, H, ΔH, K, ΔK. */
const ROW = 6;

/**
 * The per-channel tables as ./simd/angularPerChannel.wat reads them, written straight into
 * `rows` (ROW·CHANNEL_TABLE_NODES float64 per channel): the nodes of fusedAngular.ts' buildTable
 * (sigmoid, with dg/dk), evaluated with the same operations in the same order (constant factors
 * hoisted only where they lead the product), and the differences its loop forms. One pass per
 * channel computes each node once (the JS path builds three arrays per channel, then stacks them).
 */
export function channelTablesInto(rows: Float64Array, k: Float32Array): void {
  for (let j = 0; j < k.length; j++) {
    const kj = k[j];
    const a = 1 / (2 * kj);
    const s = 1 / Math.tanh(Math.PI / (4 * kj));
    const sa = s * a;
    const dkLead = -2 * a * a * s;
    const s2m1 = s * s - 1;
    let o = j * ROW * CHANNEL_TABLE_NODES;
    let gPrev = 0;
    let hPrev = 0;
    let kPrev = 0;
    for (let i = 0; i <= CHANNEL_TABLE_NODES; i++) {
      const u = NODE_U[i];
      const t = Math.tanh(a * u);
      const sech2 = 1 - t * t;
      const gi = t * s;
      const hi = sa * sech2 * NODE_ROOT[i];
      // da/dk = −2a², ds/dk = (s² − 1)·π·a²  (from s = 1/tanh(aπ/2)), as in buildTable.
      const ki = dkLead * sech2 * u + t * s2m1 * Math.PI * a * a;
      if (i > 0) {
        rows[o] = gPrev;
        rows[o + 1] = gi - gPrev;
        rows[o + 2] = hPrev;
        rows[o + 3] = hi - hPrev;
        rows[o + 4] = kPrev;
        rows[o + 5] = ki - kPrev;
        o += ROW;
      }
      gPrev = gi;
      hPrev = hi;
      kPrev = ki;
    }
  }
}

/**
 * The per-channel-k kernel's SIMD path: the tables (48 bytes a node, ~98 KB a channel) are built
 * in a scratch tensor on the heap each call (k changes every training step), then one pass
 * writes g, dg/dc and dg/dk.
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
  const words = ROW * CHANNEL_TABLE_NODES * channels;
  const scratch = raw.alloc([2 * words]);
  try {
    const kValues = raw.view(k);
    const view = raw.view(scratch);
    if (view.byteOffset % 8 === 0)
      channelTablesInto(new Float64Array(view.buffer, view.byteOffset, words), kValues);
    else {
      // An allocator that aligns to 4 only: build aside, copy the float64 bits in as float32 words.
      const rows = new Float64Array(words);
      channelTablesInto(rows, kValues);
      view.set(new Float32Array(rows.buffer));
    }
    const at = (t: tf.TensorInfo) => heapOffset(backend, t);
    const n = tf.util.sizeFromShape(x.shape);
    const [g, dgdc, dgdk] = outs.map(at);
    simd.angularPerChannel(
      at(x),
      g,
      dgdc,
      dgdk,
      n,
      at(scratch),
      channels,
      CHANNEL_TABLE_NODES,
      relu ? 1 : 0,
      COS_LIMIT,
      V_MIN,
      TABLE_INTERVALS,
    );
  } finally {
    backend.disposeData(scratch.dataId);
  }
  return outs;
}
