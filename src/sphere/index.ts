/**
 * SphereNet core library (Liu et al., "Deep Hyperspherical Learning", NIPS 2017) on TF.js.
 * Plain TypeScript, no React/DOM; the math is in ../../shared/PAPER.md.
 *
 * Training loop contract (what src/engine uses):
 *   const net = buildModel({ kind: 'sphere', operator: 'sigmoid', widths: [16, 32], depth: 1,
 *                            inputShape: [28, 28, 1], numClasses: 10, seed });
 *   optimizer.minimize(() => net.loss(xs, labels))   // labels: int32 class ids [b]
 *   net.logits(xs) / net.predict(xs)                 // scores [b, C] / class ids [b]
 *   net.kValues()                                    // mean learnable k per layer (or undefined)
 *   net.features?.(xs), net.classWeights?.()         // only with featureDim (e.g. 2)
 *   net.model                                        // a standard tf.LayersModel (save/load)
 * Recurrent SphereNets (recurrent/): buildRecurrentModel({ cell: 'gru' | 'elman', kind: 'sphere' | 'plain',
 * operator, inputDim, hiddenUnits, numClasses, seed }) takes sequences [b, T, inputDim]
 * (imageRows: MNIST images row by row) and has the same loss/logits/predict/kValues contract.
 * Build the baseline with the same config and kind: 'baseline' (identical topology and, at each
 * position, the same initial kernel draw). GA-Softmax heads need the features and the class
 * weights: loss() handles that internally, so the loop never special-cases heads.
 *
 * Performance: on wasm/cpu the linear/sigmoid operators run as one fused loop (fusedAngular.ts)
 * with the ReLU fused in; the patch norm is a single-channel conv of Σ_c x². A max-pool right
 * after a SphereConv is taken on cos θ before the operator (SphereConv2D's poolSize; buildModel
 * folds each stage's pool in): every operator increases with cos θ, so the values and gradients
 * are the same and the operator runs on a quarter of the elements.
 */
export {
  angularFn,
  DEFAULT_SIGMOID_K,
  LEARNABLE_K_INIT,
  LEARNABLE_K_OFFSET,
  SPHERE_OPERATORS,
  type SphereOperator,
  sigmoidOperator,
} from './angular';
export {
  type AngularImpl,
  type AngularOptions,
  angularFromCos,
  extendedAngular,
  type SigmoidK,
  setAngularImpl,
} from './angularTensor';
export { buildModel, type SphereModelConfig, type SphereNetModel } from './buildModel';
export { COS_LIMIT } from './fusedAngular';
export { AngularHead, type AngularHeadOptions, WeightNormDense } from './heads';
export { SphereConv2D, type SphereConv2DOptions, SphereDense, type SphereDenseOptions } from './layers';
export {
  angularLogits,
  featureNorm,
  type GaSoftmaxOptions,
  gaSoftmaxLoss,
  ORTHOGONALITY_WEIGHT,
  orthogonalityPenalty,
} from './losses';
export {
  type CellType,
  gateCount,
  RecurrentCell,
  type RecurrentCellConfig,
} from './recurrent/cells';
export {
  buildRecurrentModel,
  imageRows,
  type RecurrentModelConfig,
  type RecurrentNetModel,
} from './recurrent/model';
export { type RecurrentKind, RecurrentTransform, type TransformSpec } from './recurrent/transform';
export {
  NORM_EPS,
  type SphereConvOptions,
  sphereConv2d,
  sphereConvCos,
  sphereDense,
  sphereDenseCos,
} from './sphereConv';
