import { buildModel, buildRecurrentModel, imageRows as rows } from '../../sphere';
import { LABEL_SMOOTHING, ORTHOGONALITY_WEIGHT, WEIGHT_DECAY } from '../../sphere/recipe';
import * as tf from '../../tfjs';
import type { ModelSpec, NetSpec, RecurrentSpec } from '../types';

/**
 * What the engine trains, of every family. Models from src/sphere are adapted to this in
 * createModel. Inputs are always NHWC image batches: a recurrent model reads them as sequences itself.
 */
export interface EngineModel {
  id: string;
  /** Mean training loss of a batch (labels are int class ids). Must only use tf ops (it is differentiated). */
  loss(xs: tf.Tensor4D, labels: tf.Tensor1D, step?: number): tf.Scalar;
  /**
   * The same loss with its data term apart (the cross-entropy without the recipe's regularizers),
   * for models that add regularizers; `data` may be the very tensor `total` is when there are none.
   */
  lossTerms?(xs: tf.Tensor4D, labels: tf.Tensor1D, step?: number): { total: tf.Scalar; data: tf.Scalar };
  /** Class scores [batch, numClasses] (argmax = prediction). */
  logits(xs: tf.Tensor4D): tf.Tensor2D;
  /** Learnable-k values, one mean per layer that has them (empty when none). */
  kValues(): tf.Tensor1D | undefined;
  /** The feature layer's output [batch, featureDim] (models with a feature layer only). */
  features?(xs: tf.Tensor4D): tf.Tensor2D;
  /** The classifier's weight vectors, one row per class [numClasses, featureDim]. */
  classWeights?(): tf.Tensor2D;
  /** The classifier alone: features() → logits() (a readout needs both: one pass, not two). */
  logitsOfFeatures?(features: tf.Tensor2D): tf.Tensor2D;
  /**
   * The weights in a fixed order (what a snapshot keeps and setWeights takes back): the model's
   * own tensors, to read and never dispose.
   */
  getWeights(): tf.Tensor[];
  /** Loads weights given in getWeights' order and shapes (the caller checks the shapes). */
  setWeights(values: tf.Tensor[]): void;
  /** The underlying LayersModel (the conv families only): the tfjs export and the Inside view need one. */
  layersModel?(): tf.LayersModel;
  dispose(): void;
}

/** A model of the conv families: built as a tf.LayersModel, so it can be saved and inspected. */
export interface TrainableModel extends EngineModel {
  layersModel(): tf.LayersModel;
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
    getWeights: () => model.getWeights(),
    setWeights: (values) => model.setWeights(values),
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
    lossTerms: (xs, labels, step) => built.lossTerms(xs, labels, step),
    logits: (xs) => built.logits(xs),
    kValues: () => built.kValues(),
    features: built.features ? (xs) => built.features!(xs) : undefined,
    classWeights: built.classWeights ? () => built.classWeights!() : undefined,
    logitsOfFeatures: built.logitsOfFeatures ? (f) => built.logitsOfFeatures!(f) : undefined,
    getWeights: () => built.layersModel().getWeights(),
    setWeights: (values) => built.layersModel().setWeights(values),
    layersModel: () => built.layersModel(),
    dispose: () => built.dispose(),
  };
}

/**
 * A recurrent net of the Lab's recurrent family, adapted to the engine. Same seed → the plain net
 * and its sphere twin start from identical weights (buildRecurrentModel). Unlike the conv nets it
 * reads each NHWC image as a sequence (imageRows: time step t is pixel row t; CIFAR gives 32 steps
 * of 96 values). It has no recipe regularizers (no weight decay, orthogonality or label smoothing): the recurrent
 * comparison is the cell's transforms and nothing else.
 */
export function recurrentNet(id: string, spec: RecurrentSpec, ctx: ModelContext): EngineModel {
  const [, width, channels] = ctx.inputShape;
  const net = buildRecurrentModel({
    cell: spec.cell,
    kind: spec.arch === 'sphere' ? 'sphere' : 'plain',
    operator: spec.operator,
    k: spec.k,
    inputDim: width * channels,
    hiddenUnits: spec.hiddenUnits,
    numClasses: ctx.numClasses,
    seed: ctx.seed,
  });
  const variables = net.variables();
  return {
    id,
    loss: (xs, labels) => tf.tidy(() => net.loss(rows(xs), labels)),
    logits: (xs) => tf.tidy(() => net.logits(rows(xs))),
    kValues: () => net.kValues(),
    getWeights: () => variables,
    setWeights: (values) => {
      values.forEach((v, i) => {
        variables[i].assign(v);
      });
    },
    dispose: () => net.dispose(),
  };
}

type ConvSpec = Exclude<ModelSpec, { kind: 'recurrent' }>;

export function createModel(id: string, spec: ConvSpec, ctx: ModelContext): TrainableModel;
export function createModel(id: string, spec: ModelSpec, ctx: ModelContext): EngineModel;
export function createModel(id: string, spec: ModelSpec, ctx: ModelContext): EngineModel {
  switch (spec.kind) {
    case 'tiny-cnn':
      return tinyCnn(id, spec.filters, ctx);
    case 'net':
      return net(id, spec.net, ctx);
    case 'recurrent':
      return recurrentNet(id, spec.rnn, ctx);
  }
}
