import * as tf from '../tfjs';
import { DEFAULT_SIGMOID_K, type SphereOperator } from './angular';
import {
  scaledSumSquares,
  scaledSumSquaresAvailable,
  softmaxCrossEntropyFused,
  softmaxCrossEntropyFusedAvailable,
} from './fusedSphereOps';
import { AngularHead, WeightNormDense } from './heads';
import { heNormal } from './init';
import { PlainConv2D, SphereConv2D } from './layers';
import { gaSoftmaxLoss, orthogonalityPenalty } from './losses';
import { batchNormalizationFused, reluAfterFusedBn } from './norm/batchNormTraining';
import { BN_EPSILON } from './recipe';

export interface SphereModelConfig {
  /** 'sphere': SphereConv layers; 'baseline': ordinary conv (no bias, as the official code), same topology. */
  kind: 'baseline' | 'sphere';
  /** Operator of the SphereConvs, and of the GA-Softmax head (for either kind). */
  operator: SphereOperator;
  /** Sigmoid k (default 0.3); learnable-sigmoid starts from 0.7 per filter regardless. */
  k?: number;
  /** Channels per stage; a 2×2 max-pool follows every stage. */
  widths: number[];
  /** 3×3 convs per stage: one number for all stages, or one per stage. */
  depth: number | number[];
  /** 'bn': BatchNorm after every conv, before the ReLU (default 'none'). */
  norm?: 'none' | 'bn';
  head?: 'softmax' | 'wn-softmax' | 'ga-softmax';
  /** GA-Softmax angular margin (default 1). */
  m?: number;
  /** A linear dense layer of this size before the head (2 for the Features view). */
  featureDim?: number;
  inputShape: [number, number, number];
  numClasses: number;
  /** Seeds every initializer: the same seed gives identical weights (default 1). */
  seed?: number;
  /** Weight of ‖WᵀW − I‖² per SphereConv in loss() (PAPER: 1e-4; default 0 = data loss only). */
  orthogonality?: number;
  /**
   * λ of TF's l2_regularizer: adds λ·Σw²/2 over the decayed weights (recipe.ts: the baseline's conv
   * kernels, every net's dense feature layer and classifier kernel, BN's gamma and beta; never a
   * SphereConv kernel). Official: 5e-4; default 0.
   */
  weightDecay?: number;
  /** Label smoothing ε of the cross-entropy (official loss2: 1e-2; default 0). */
  labelSmoothing?: number;
  /**
   * GA-Softmax margin annealing (SphereFace): λ falls linearly from `lambda` at step 0 to 0 at
   * `steps`, then stays 0 (losses.ts GaSoftmaxOptions.anneal). Absent: the full margin from step 0.
   */
  marginAnneal?: MarginAnneal;
}

export interface MarginAnneal {
  lambda: number;
  steps: number;
}

/** λ of the annealed GA-Softmax after `step` training steps. */
export function annealLambda(anneal: MarginAnneal | undefined, step: number): number {
  if (!anneal || !(anneal.lambda > 0) || !(anneal.steps > 0)) return 0;
  return anneal.lambda * Math.max(0, 1 - step / anneal.steps);
}

/**
 * A built network and what a training loop needs from it. Labels are class ids [b] (int32).
 * All methods are pure tf ops (loss is differentiated by optimizer.minimize); run them inside
 * tf.tidy or dispose the results.
 */
export interface SphereNetModel {
  readonly config: SphereModelConfig;
  /** image batch → class scores. The standard LayersModel: save/load, export. */
  readonly model: tf.LayersModel;
  /**
   * Mean training loss of a batch (BatchNorm in training mode) plus the configured regularizers.
   * `step`: training steps already taken (sets the margin annealing's λ; default: past the end).
   */
  loss(xs: tf.Tensor4D, labels: tf.Tensor1D, step?: number): tf.Scalar;
  /** loss() and, apart, its data term (the cross-entropy without the regularizers), from one forward pass. */
  lossTerms(xs: tf.Tensor4D, labels: tf.Tensor1D, step?: number): { total: tf.Scalar; data: tf.Scalar };
  /** Class scores [b, numClasses] (inference mode); argmax = prediction. */
  logits(xs: tf.Tensor4D): tf.Tensor2D;
  /** Predicted class ids [b]. */
  predict(xs: tf.Tensor4D): tf.Tensor1D;
  /** Mean effective k (|k| + 0.05) of each learnable-k layer, in kLayerNames' order; else undefined. */
  kValues(): tf.Tensor1D | undefined;
  readonly kLayerNames: string[];
  /** The feature layer's output [b, featureDim] (only with featureDim). */
  features?(xs: tf.Tensor4D): tf.Tensor2D;
  /** Class weight vectors as rows [numClasses, featureDim] (only with featureDim). */
  classWeights?(): tf.Tensor2D;
  /** The classifier alone: features → the class scores logits() gives (only with featureDim). */
  logitsOfFeatures?(features: tf.Tensor2D): tf.Tensor2D;
  layersModel(): tf.LayersModel;
  dispose(): void;
}

/** Per-layer seeds: baseline and SphereNet layers at the same position get the same draw. */
function layerSeed(seed: number, position: number): number {
  return seed * 7919 + position * 104_729;
}

export function buildModel(config: SphereModelConfig): SphereNetModel {
  const { kind, operator, widths, numClasses } = config;
  const k = config.k ?? DEFAULT_SIGMOID_K;
  const seed = config.seed ?? 1;
  const bn = config.norm === 'bn';
  const headKind = config.head ?? 'softmax';
  const depths = widths.map((_, s) =>
    typeof config.depth === 'number' ? config.depth : (config.depth[s] ?? 1),
  );
  const prefix = kind === 'sphere' ? 'sphere' : 'base';

  const input = tf.input({ shape: config.inputShape });
  let h = input;
  let position = 0;
  const sphereConvs: SphereConv2D[] = [];
  /** Weights under weight decay (recipe.ts says which), read when the loss is built. */
  const decayed: (() => tf.Tensor)[] = [];
  const kernelOf = (layer: tf.layers.Layer) => () => layer.trainableWeights[0].read();
  let channels = config.inputShape[2];
  widths.forEach((filters, stage) => {
    for (let d = 0; d < depths[stage]; d++) {
      position += 1;
      const name = `${prefix}_conv${stage + 1}_${d + 1}`;
      // Without BN the ReLU is part of the conv layer (SphereConv fuses it into the operator).
      const activation = bn ? 'linear' : 'relu';
      let conv: tf.layers.Layer;
      if (kind === 'sphere') {
        // The stage's max-pool folds into its last SphereConv when nothing sits between them:
        // pooled before the operator, same result for a quarter of the operator's work.
        const sc = new SphereConv2D({
          name,
          filters,
          kernelSize: 3,
          operator,
          k,
          activation,
          seed: layerSeed(seed, position),
          poolSize: !bn && d === depths[stage] - 1 ? 2 : 1,
        });
        sphereConvs.push(sc);
        conv = sc;
      } else if (bn) {
        // Not tf.layers.conv2d: see PlainConv2D (a linear conv's gradient there always
        // computes the input's, wasted on the first layer).
        conv = new PlainConv2D({ name, filters, kernelSize: 3, seed: layerSeed(seed, position) });
        decayed.push(kernelOf(conv));
      } else {
        conv = tf.layers.conv2d({
          name,
          filters,
          kernelSize: 3,
          padding: 'same',
          activation,
          useBias: false,
          kernelInitializer: heNormal(9 * channels, layerSeed(seed, position)),
        });
        decayed.push(kernelOf(conv));
      }
      h = conv.apply(h) as tf.SymbolicTensor;
      channels = filters;
      if (bn) {
        // The ReLU runs inside the BN kernel in training (see batchNormalizationFused).
        const norm = batchNormalizationFused({ name: `${name}_bn`, epsilon: BN_EPSILON }, true);
        h = norm.apply(h) as tf.SymbolicTensor;
        // gamma and beta: get_bias() in the official code always regularizes them.
        for (const w of norm.trainableWeights) decayed.push(() => w.read());
        h = reluAfterFusedBn({ name: `${name}_relu` }).apply(h) as tf.SymbolicTensor;
      }
    }
    const pooledInConv = kind === 'sphere' && !bn;
    if (!pooledInConv) {
      h = tf.layers
        .maxPooling2d({ name: `${prefix}_pool${stage + 1}`, poolSize: 2 })
        .apply(h) as tf.SymbolicTensor;
    }
  });
  h = tf.layers.flatten({ name: `${prefix}_flatten` }).apply(h) as tf.SymbolicTensor;
  if (config.featureDim) {
    const fanIn = h.shape[h.shape.length - 1] as number;
    const feature = tf.layers.dense({
      name: `${prefix}_features`,
      units: config.featureDim,
      useBias: false, // official fc6 and score: convs without bias
      kernelInitializer: heNormal(fanIn, layerSeed(seed, 1000)),
    });
    decayed.push(kernelOf(feature));
    h = feature.apply(h) as tf.SymbolicTensor;
  }
  const featureTensor = h;
  const headSeed = layerSeed(seed, 1001);
  const headName = `${prefix}_head`;
  const head =
    headKind === 'wn-softmax'
      ? new WeightNormDense({ name: headName, units: numClasses, seed: headSeed })
      : headKind === 'ga-softmax'
        ? new AngularHead({ name: headName, units: numClasses, operator, k, seed: headSeed })
        : tf.layers.dense({
            name: headName,
            units: numClasses,
            useBias: false,
            kernelInitializer: heNormal(
              featureTensor.shape[featureTensor.shape.length - 1] as number,
              headSeed,
            ),
          });
  // The classifier is decayed in both nets, whatever the head (official `score`: reg=True).
  decayed.push(kernelOf(head));
  const logitsTensor = head.apply(featureTensor) as tf.SymbolicTensor;

  const model = tf.model({ inputs: input, outputs: logitsTensor, name: `${prefix}_net` });
  // Shares the layers (and weights) of `model`: the head's input, for GA-Softmax and features.
  const featureModel = tf.model({ inputs: input, outputs: featureTensor, name: `${prefix}_feature_net` });
  const kLayers: { name: string; learnableK(): tf.Tensor1D | undefined }[] = sphereConvs.filter(
    (l) => l.operator === 'learnable-sigmoid',
  );
  if (head instanceof AngularHead && operator === 'learnable-sigmoid') kLayers.push(head);
  const headKernel = () => (head as WeightNormDense | AngularHead).kernelTensor();
  const denseKernel = (layer: tf.layers.Layer) => layer.getWeights()[0];

  const regularizers = (): tf.Scalar | undefined => {
    const terms: tf.Scalar[] = [];
    const ortho = config.orthogonality ?? 0;
    if (ortho > 0)
      for (const l of sphereConvs) terms.push(tf.mul(orthogonalityPenalty(l.kernelTensor()), ortho));
    const decay = config.weightDecay ?? 0;
    // TF's l2_regularizer(λ) is λ·Σw²/2 (recipe.ts).
    const l2 = (w: tf.Tensor) =>
      scaledSumSquaresAvailable()
        ? scaledSumSquares(w, decay / 2)
        : (tf.mul(tf.sum(tf.square(w)), decay / 2) as tf.Scalar);
    if (decay > 0) for (const w of decayed) terms.push(l2(w()));
    return terms.length ? (tf.addN(terms) as tf.Scalar) : undefined;
  };

  const built: SphereNetModel = {
    config,
    model,
    kLayerNames: kLayers.map((l) => l.name),
    loss: (xs, labels, step) => tf.tidy(() => built.lossTerms(xs, labels, step).total),
    lossTerms: (xs, labels, step = Number.POSITIVE_INFINITY) =>
      tf.tidy(() => {
        const f = featureModel.apply(xs, { training: true }) as tf.Tensor2D;
        const labelSmoothing = config.labelSmoothing ?? 0;
        const data =
          head instanceof AngularHead
            ? gaSoftmaxLoss(labels, f, headKernel(), {
                operator,
                m: config.m ?? 1,
                k: head.effectiveK(),
                labelSmoothing,
                anneal: annealLambda(config.marginAnneal, step),
              })
            : softmaxCrossEntropyFusedAvailable()
              ? softmaxCrossEntropyFused(labels, head.apply(f) as tf.Tensor2D, labelSmoothing)
              : (tf.losses.softmaxCrossEntropy(
                  tf.oneHot(tf.cast(labels, 'int32'), numClasses),
                  head.apply(f) as tf.Tensor2D,
                  undefined,
                  labelSmoothing,
                ) as tf.Scalar);
        const reg = regularizers();
        return { total: reg ? (tf.add(data, reg) as tf.Scalar) : data, data };
      }),
    logits: (xs) => model.apply(xs) as tf.Tensor2D,
    predict: (xs) => tf.tidy(() => tf.argMax(model.apply(xs) as tf.Tensor2D, 1) as tf.Tensor1D),
    kValues: () =>
      kLayers.length
        ? tf.tidy(() => tf.stack(kLayers.map((l) => tf.mean(l.learnableK()!))) as tf.Tensor1D)
        : undefined,
    layersModel: () => model,
    // featureModel owns no weights of its own; disposing `model` disposes every layer once.
    dispose: () => model.dispose(),
  };
  if (config.featureDim) {
    built.features = (xs) => featureModel.apply(xs) as tf.Tensor2D;
    built.logitsOfFeatures = (f) => head.apply(f) as tf.Tensor2D;
    built.classWeights = () =>
      tf.tidy(() => tf.transpose(headKind === 'softmax' ? denseKernel(head) : headKernel()) as tf.Tensor2D);
  }
  return built;
}
