import { buildModel } from '../../sphere';
import { LABEL_SMOOTHING, ORTHOGONALITY_WEIGHT, WEIGHT_DECAY } from '../../sphere/recipe';
import * as tf from '../../tfjs';
import type { ModelSpec, NetSpec } from '../types';

/** What the engine trains. Models from src/sphere are adapted to this in createModel. */
export interface TrainableModel {
  id: string;
  /** Mean training loss of a batch (labels are int class ids). Must only use tf ops (it is differentiated). */
  loss(xs: tf.Tensor4D, labels: tf.Tensor1D, step?: number): tf.Scalar;
  /** Class scores [batch, numClasses] (argmax = prediction). */
  logits(xs: tf.Tensor4D): tf.Tensor2D;
  /** Learnable-k values, one mean per layer that has them (empty when none). */
  kValues(): tf.Tensor1D | undefined;
  /** The feature layer's output [batch, featureDim] (models with a feature layer only). */
  features?(xs: tf.Tensor4D): tf.Tensor2D;
  /** The classifier's weight vectors, one row per class [numClasses, featureDim]. */
  classWeights?(): tf.Tensor2D;
  /** The underlying LayersModel, for export. */
  layersModel(): tf.LayersModel;
  dispose(): void;
}

export interface ModelContext {
  seed: number;
  inputShape: [number, number, number];
  numClasses: number;
}

export function softmaxLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, numClasses: number): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(labels, 'int32'), numClasses), logits) as tf.Scalar;
}

/** The smallest CNN that shows training works on a backend: conv 3×3 → max-pool → dense. */
function tinyCnn(id: string, filters: number, ctx: ModelContext): TrainableModel {
  const init = (salt: number) => tf.initializers.glorotUniform({ seed: ctx.seed * 7919 + salt });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: ctx.inputShape,
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: ctx.numClasses, kernelInitializer: init(2) }),
    ],
  });
  return {
    id,
    loss: (xs, labels) => softmaxLoss(model.apply(xs) as tf.Tensor2D, labels, ctx.numClasses),
    logits: (xs) => model.apply(xs) as tf.Tensor2D,
    kValues: () => undefined,
    layersModel: () => model,
    dispose: () => model.dispose(),
  };
}

function net(id: string, spec: NetSpec, ctx: ModelContext): TrainableModel {
  const sphere = spec.arch === 'sphere';
  const built = buildModel({
    kind: spec.arch,
    operator: spec.operator,
    k: spec.k,
    widths: spec.widths,
    depth: spec.depth,
    norm: spec.norm,
    head: spec.head,
    m: spec.m,
    featureDim: spec.featureDim,
    inputShape: ctx.inputShape,
    numClasses: ctx.numClasses,
    seed: ctx.seed,
    // The official recipe (src/sphere/recipe.ts): orthogonality on SphereConvs; weight decay on
    // the weights the official code decays (buildModel picks them per kind); label smoothing.
    orthogonality: sphere ? ORTHOGONALITY_WEIGHT : 0,
    weightDecay: WEIGHT_DECAY,
    labelSmoothing: LABEL_SMOOTHING,
    marginAnneal: spec.marginAnneal,
  });
  return {
    id,
    loss: (xs, labels, step) => built.loss(xs, labels, step),
    logits: (xs) => built.logits(xs),
    kValues: () => built.kValues(),
    features: built.features ? (xs) => built.features!(xs) : undefined,
    classWeights: built.classWeights ? () => built.classWeights!() : undefined,
    layersModel: () => built.layersModel(),
    dispose: () => built.dispose(),
  };
}

export function createModel(id: string, spec: ModelSpec, ctx: ModelContext): TrainableModel {
  switch (spec.kind) {
    case 'tiny-cnn':
      return tinyCnn(id, spec.filters, ctx);
    case 'net':
      return net(id, spec.net, ctx);
  }
}
