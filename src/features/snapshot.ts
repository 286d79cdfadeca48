/**
 * The binary layout of a shipped Features run (public/features/<key>.bin.gz, gzipped on disk).
 * Plain TypeScript, no tf.js: the training script writes it, the browser reads it. All numbers
 * little-endian.
 *
 *   header   "SLFS" · u32 version · u32 points n · u32 checkpoints C · u32 nets N · u32 classes K
 *   labels   n × u8 (test labels, in the order of the test split)
 *   C × N blocks, checkpoint-major (checkpoint 0: net 0, net 1; checkpoint 1: …):
 *     f32 scale · K×2 f32 class weight vectors (row per class) · features · n × u8 predictions
 *
 * Features: each of the n×2 values (x0, y0, x1, y1, …) is the integer q = round(value / scale),
 * |q| ≤ 2047, with scale = max |value| / 2047 of that checkpoint and net; stored as two byte
 * planes, first the n×2 low bytes of q (as int16), then the n×2 high bytes. It decodes as
 * q × scale (error ≤ 1/4094 of the largest feature: far below a pixel of the plots; the measures
 * in the manifest come from the unquantized features). Twelve bits and split planes because
 * gzip cannot shrink 16 random bits: the high-byte plane then compresses to a few bits a value.
 *
 * Final weights (public/features/<key>.weights.bin.gz), for "continue from the final weights":
 *   "SLFW" · u32 version · u32 nets N, then per net: u32 tensors T, per tensor: u32 rank, rank × u32
 *   dims, then the tensor's values (row-major) as IEEE half floats in two byte planes (all low
 *   bytes, then all high bytes), in the LayersModel's getWeights() order. Half precision (float16.ts)
 *   halves the largest files; the high-byte plane (sign, exponent) then gzips to a few bits each.
 *   Version 1 (float32 values) is still read.
 */

import { fromFloat16Bits, toFloat16Bits } from './float16';

export const SNAPSHOT_MAGIC = 'SLFS';
export const WEIGHTS_MAGIC = 'SLFW';
export const SNAPSHOT_VERSION = 1;
export const WEIGHTS_VERSION = 2;
const HEADER_BYTES = 24;
const QUANT_MAX = 2047;

export interface NetCheckpoint {
  /** Decoded features [n×2] (dequantized). */
  features: Float32Array;
  /** Class weight vectors [K×2], row per class. */
  classWeights: Float32Array;
  predictions: Uint8Array;
}

export interface FeatureSnapshotData {
  labels: Uint8Array;
  /** checkpoints[c][net] */
  checkpoints: NetCheckpoint[][];
  numClasses: number;
}

function blockBytes(n: number, k: number): number {
  return 4 + k * 2 * 4 + n * 2 * 2 + n;
}

function writeMagic(view: DataView, magic: string): void {
  for (let i = 0; i < 4; i++) view.setUint8(i, magic.charCodeAt(i));
}

function readMagic(view: DataView): string {
  return String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
}

export function encodeFeatureSnapshot(data: FeatureSnapshotData): Uint8Array {
  const n = data.labels.length;
  const k = data.numClasses;
  const c = data.checkpoints.length;
  const nets = data.checkpoints[0]?.length ?? 0;
  const out = new Uint8Array(HEADER_BYTES + n + c * nets * blockBytes(n, k));
  const view = new DataView(out.buffer);
  writeMagic(view, SNAPSHOT_MAGIC);
  [SNAPSHOT_VERSION, n, c, nets, k].forEach((v, i) => {
    view.setUint32(4 + 4 * i, v, true);
  });
  out.set(data.labels, HEADER_BYTES);
  let at = HEADER_BYTES + n;
  for (const checkpoint of data.checkpoints) {
    if (checkpoint.length !== nets) throw new Error('Every checkpoint must hold the same nets.');
    for (const net of checkpoint) {
      let max = 0;
      for (const v of net.features) max = Math.max(max, Math.abs(v));
      // Rounded to f32 first, so the encoder divides by exactly the scale the decoder multiplies by.
      const scale = Math.fround(max > 0 ? max / QUANT_MAX : 1);
      view.setFloat32(at, scale, true);
      at += 4;
      for (let i = 0; i < k * 2; i++, at += 4) view.setFloat32(at, net.classWeights[i], true);
      for (let i = 0; i < n * 2; i++) {
        const q = Math.max(-QUANT_MAX, Math.min(QUANT_MAX, Math.round(net.features[i] / scale))) & 0xffff;
        out[at + i] = q & 0xff;
        out[at + n * 2 + i] = q >> 8;
      }
      at += n * 4;
      out.set(net.predictions.subarray(0, n), at);
      at += n;
    }
  }
  return out;
}

/** Throws a message that says what is wrong (the view shows it and falls back to live training). */
export function decodeFeatureSnapshot(bytes: Uint8Array, what: string): FeatureSnapshotData {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER_BYTES || readMagic(view) !== SNAPSHOT_MAGIC)
    throw new Error(`${what} is not a Features snapshot (it does not start with "${SNAPSHOT_MAGIC}").`);
  const [version, n, c, nets, k] = [0, 1, 2, 3, 4].map((i) => view.getUint32(4 + 4 * i, true));
  if (version !== SNAPSHOT_VERSION)
    throw new Error(`${what} has format version ${version}; this app reads version ${SNAPSHOT_VERSION}.`);
  const expected = HEADER_BYTES + n + c * nets * blockBytes(n, k);
  if (bytes.length !== expected || k < 2 || k > 255)
    throw new Error(
      `${what} is truncated or corrupt (${bytes.length} bytes, its header implies ${expected}).`,
    );
  const labels = bytes.slice(HEADER_BYTES, HEADER_BYTES + n);
  const checkInts = (arr: Uint8Array, part: string) => {
    for (const v of arr)
      if (v >= k) throw new Error(`${what} is corrupt: a ${part} is ${v}, past class ${k - 1}.`);
  };
  checkInts(labels, 'label');
  let at = HEADER_BYTES + n;
  const checkpoints: NetCheckpoint[][] = [];
  for (let ci = 0; ci < c; ci++) {
    const row: NetCheckpoint[] = [];
    for (let j = 0; j < nets; j++) {
      const scale = view.getFloat32(at, true);
      at += 4;
      if (!(scale > 0 && Number.isFinite(scale)))
        throw new Error(`${what} is corrupt: a feature scale is ${scale}.`);
      const classWeights = new Float32Array(k * 2);
      for (let i = 0; i < k * 2; i++, at += 4) classWeights[i] = view.getFloat32(at, true);
      if (!classWeights.every(Number.isFinite))
        throw new Error(`${what} is corrupt: a class weight is not finite.`);
      const features = new Float32Array(n * 2);
      for (let i = 0; i < n * 2; i++) {
        const q = (bytes[at + n * 2 + i] << 8) | bytes[at + i];
        features[i] = (q >= 0x8000 ? q - 0x10000 : q) * scale;
      }
      at += n * 4;
      const predictions = bytes.slice(at, at + n);
      at += n;
      checkInts(predictions, 'prediction');
      row.push({ features, classWeights, predictions });
    }
    checkpoints.push(row);
  }
  return { labels, checkpoints, numClasses: k };
}

/** One net's weights: shapes and values in getWeights() order. */
export interface NetWeights {
  shapes: number[][];
  values: Float32Array[];
}

export function encodeWeights(nets: NetWeights[]): Uint8Array {
  let size = 12;
  for (const net of nets) {
    size += 4;
    net.shapes.forEach((shape, i) => {
      size += 4 + 4 * shape.length + 2 * net.values[i].length;
    });
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  writeMagic(view, WEIGHTS_MAGIC);
  view.setUint32(4, WEIGHTS_VERSION, true);
  view.setUint32(8, nets.length, true);
  let at = 12;
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  for (const net of nets) {
    u32(net.shapes.length);
    net.shapes.forEach((shape, i) => {
      u32(shape.length);
      for (const d of shape) u32(d);
      const values = net.values[i];
      for (let v = 0; v < values.length; v++) {
        const bits = toFloat16Bits(values[v]);
        out[at + v] = bits & 0xff;
        out[at + values.length + v] = bits >>> 8;
      }
      at += 2 * values.length;
    });
  }
  return out;
}

export function decodeWeights(bytes: Uint8Array, what: string): NetWeights[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (why: string) => new Error(`${what} is truncated or corrupt (${why}).`);
  if (bytes.length < 12 || readMagic(view) !== WEIGHTS_MAGIC)
    throw new Error(`${what} is not a weights file (it does not start with "${WEIGHTS_MAGIC}").`);
  const version = view.getUint32(4, true);
  if (version !== 1 && version !== WEIGHTS_VERSION) throw corrupt(`unknown version ${version}`);
  const bytesPer = version === 1 ? 4 : 2;
  let at = 12;
  const u32 = () => {
    if (at + 4 > bytes.length) throw corrupt('it ends early');
    const v = view.getUint32(at, true);
    at += 4;
    return v;
  };
  const nets: NetWeights[] = [];
  const count = view.getUint32(8, true);
  for (let j = 0; j < count; j++) {
    const tensors = u32();
    const net: NetWeights = { shapes: [], values: [] };
    for (let t = 0; t < tensors; t++) {
      const rank = u32();
      if (rank > 8) throw corrupt(`a tensor of rank ${rank}`);
      const shape = Array.from({ length: rank }, u32);
      const size = shape.reduce((a, b) => a * b, 1);
      if (at + bytesPer * size > bytes.length) throw corrupt('it ends early');
      const values = new Float32Array(size);
      if (version === 1) for (let i = 0; i < size; i++) values[i] = view.getFloat32(at + 4 * i, true);
      else
        for (let i = 0; i < size; i++)
          values[i] = fromFloat16Bits(bytes[at + i] | (bytes[at + size + i] << 8));
      at += bytesPer * size;
      if (!values.every(Number.isFinite)) throw corrupt('a weight is not finite');
      net.shapes.push(shape);
      net.values.push(values);
    }
    nets.push(net);
  }
  if (at !== bytes.length) throw corrupt(`${bytes.length - at} bytes left over`);
  return nets;
}
