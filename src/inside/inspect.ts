/**
 * Inside one built model: walks its layers in order on the real weights, and for every conv layer
 * records the factors of its output (factors.ts), the activation maps after each stage, and batch
 * statistics. One input is inspected; the statistics are over `batch`. Every intermediate tensor
 * is created in one tf.tidy and only the read-backs leave it (disposed after their data()).
 */
import { angularFromCos } from '../sphere/angularTensor';
import { SphereConv2D } from '../sphere/layers';
import * as tf from '../tfjs';
import { convFactors, effectiveStep, magnitudeShare, reluStats, thetaHistogram } from './factors';
import type { ConvLayerInspection, LayerStats, ModelInspection, StageMap } from './types';

export interface InspectOptions {
  id: string;
  arch: 'sphere' | 'baseline';
  /** The run's learning rate, for lr/‖w‖². */
  learningRate: number;
}

type Read = { tensor: tf.Tensor; set(values: Float32Array): void };

const classOf = (layer: tf.layers.Layer) => layer.getClassName();

/**
 * `input` [1, h, w, c] is the image inspected; `batch` [n, h, w, c] gives the statistics.
 * The model must be the Lab's family (buildModel): convs, BN, ReLU, max-pools, then flatten.
 */
export async function inspectModel(
  model: tf.LayersModel,
  input: tf.Tensor4D,
  batch: tf.Tensor4D,
  opts: InspectOptions,
): Promise<ModelInspection> {
  const reads: Read[] = [];
  const read = (tensor: tf.Tensor, set: (v: Float32Array) => void) => reads.push({ tensor, set });
  const stages: StageMap[] = [];
  const layers: ConvLayerInspection[] = [];
  const result: ModelInspection = { id: opts.id, arch: opts.arch, layers, stages, probabilities: [] };

  const addStage = (name: string, kind: StageMap['kind'], t: tf.Tensor4D) => {
    const [, height, width, channels] = t.shape;
    const stage: StageMap = { name, kind, height, width, channels, values: new Float32Array(0) };
    stages.push(stage);
    // The input is the caller's tensor: a clone, since every read-back is disposed after its data().
    read(kind === 'input' ? tf.clone(t) : t, (v) => {
      stage.values = v;
    });
  };

  const kept = tf.tidy(() => {
    // Two streams through every layer: the inspected image (its maps) and the batch (its statistics).
    // Not one concatenated pass: slicing the batch back out of every big tensor cost more than the pass.
    let h = input;
    let hb = batch;
    addStage('input', 'input', h);
    /** The conv whose ReLU comes next (with BN, the ReLU is a layer of its own). */
    let awaitingRelu: LayerStats | undefined;
    const fillRelu = (stats: LayerStats, relu: tf.Tensor4D) => {
      const r = reluStats(relu);
      read(r.deadFilters, (v) => {
        stats.deadFilterFraction = v[0];
      });
      read(r.zeros, (v) => {
        stats.zeroActivationFraction = v[0];
      });
    };
    for (const layer of model.layers) {
      const cls = classOf(layer);
      if (cls === 'InputLayer') continue;
      if (cls === 'Flatten') break;
      const [x, xb] = [h, hb];
      h = layer.apply(x, { training: false }) as tf.Tensor4D;
      hb = layer.apply(xb, { training: false }) as tf.Tensor4D;
      if (layer instanceof SphereConv2D || cls === 'Conv2D' || cls === 'PlainConv2D') {
        const record = inspectConv(layer, x, xb, read, opts.learningRate);
        layers.push(record.layer);
        addStage(layer.name, record.layer.kind, h);
        awaitingRelu = record.layer.stats;
        if (record.relu) {
          fillRelu(awaitingRelu, hb);
          awaitingRelu = undefined;
        }
      } else if (cls === 'ReLU') {
        addStage(layer.name, 'relu', h);
        if (awaitingRelu) fillRelu(awaitingRelu, hb);
        awaitingRelu = undefined;
      } else if (cls === 'BatchNormalization') {
        addStage(layer.name, 'bn', h);
      } else if (cls === 'MaxPooling2D') {
        addStage(layer.name, 'pool', h);
      } else {
        throw new Error(`Inside view: layer ${layer.name} (${cls}) is not one the Lab's nets have.`);
      }
    }
    read(tf.softmax(model.apply(input) as tf.Tensor2D), (v) => {
      result.probabilities = Array.from(v);
    });
    return reads.map((r) => r.tensor);
  });
  try {
    const values = await Promise.all(kept.map((t) => t.data() as Promise<Float32Array>));
    values.forEach((v, i) => {
      reads[i].set(Float32Array.from(v));
    });
  } finally {
    tf.dispose(kept);
  }
  return result;
}

interface ConvGeometry {
  strides: number;
  padding: 'same' | 'valid';
  relu: boolean;
}

function geometryOf(layer: tf.layers.Layer): ConvGeometry {
  if (layer instanceof SphereConv2D) {
    return { strides: layer.strides, padding: layer.padding, relu: layer.activation === 'relu' };
  }
  const c = layer.getConfig() as { strides?: number[] | number; padding?: string; activation?: string };
  const s = Array.isArray(c.strides) ? c.strides[0] : (c.strides ?? 1);
  return { strides: s, padding: c.padding === 'valid' ? 'valid' : 'same', relu: c.activation === 'relu' };
}

function inspectConv(
  layer: tf.layers.Layer,
  x: tf.Tensor4D,
  xb: tf.Tensor4D,
  read: (t: tf.Tensor, set: (v: Float32Array) => void) => void,
  learningRate: number,
): { layer: ConvLayerInspection; relu: boolean } {
  const sphere = layer instanceof SphereConv2D;
  const w = (sphere ? layer.kernelTensor() : layer.getWeights()[0]) as tf.Tensor4D;
  const g = geometryOf(layer);
  const f = convFactors(x, w, g.strides, g.padding);
  const [kh, , cin, cout] = w.shape;
  const [, height, width] = f.cos.shape;
  const stats: LayerStats = {
    thetaHistogram: [],
    zeroPatchFraction: 0,
    deadFilterFraction: 0,
    zeroActivationFraction: 0,
    meanKernelNorm: 0,
    effectiveStep: 0,
  };
  const record: ConvLayerInspection = {
    name: layer.name,
    kind: sphere ? 'sphereConv' : 'conv',
    operator: sphere ? layer.operator : undefined,
    kernelSize: kh,
    inChannels: cin,
    filters: cout,
    height,
    width,
    kernel: new Float32Array(0),
    kernelNorms: new Float32Array(0),
    patchNorm: new Float32Array(0),
    cos: new Float32Array(0),
    output: new Float32Array(0),
    stats,
  };
  const output = sphere
    ? angularFromCos(f.cos, layer.operator, layer.learnableK() ?? layer.k)
    : tf.mul(tf.mul(f.patchNorm, f.kernelNorm), f.cos);
  // A clone: `w` is the variable itself, and every read-back is disposed after its data().
  read(sphere ? tf.div(w, f.kernelNorm) : tf.clone(w), (v) => {
    record.kernel = v;
  });
  read(f.kernelNorm, (v) => {
    record.kernelNorms = v;
  });
  read(f.patchNorm, (v) => {
    record.patchNorm = v;
  });
  read(f.cos, (v) => {
    record.cos = v;
  });
  read(output, (v) => {
    record.output = v;
  });
  const batchFactors = convFactors(xb, w, g.strides, g.padding);
  const hist = thetaHistogram(batchFactors);
  read(hist.counts, (v) => {
    stats.thetaHistogram = Array.from(v);
  });
  read(hist.zeroShare, (v) => {
    stats.zeroPatchFraction = v[0];
  });
  read(tf.mean(f.kernelNorm), (v) => {
    stats.meanKernelNorm = v[0];
  });
  read(effectiveStep(f.kernelNorm, learningRate), (v) => {
    stats.effectiveStep = v[0];
  });
  if (!sphere) {
    read(magnitudeShare(batchFactors), (v) => {
      stats.magnitudeShare = v[0];
    });
  }
  return { layer: record, relu: g.relu };
}
