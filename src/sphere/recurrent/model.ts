import * as tf from '../../tfjs';
import type { SphereOperator } from '../angular';
import { type CellType, RecurrentCell } from './cells';
import type { RecurrentKind } from './transform';

export interface RecurrentModelConfig {
  cell: CellType;
  /** 'plain': ordinary inner products in the cell; 'sphere': SphereFC in both of its transforms. */
  kind: RecurrentKind;
  operator: SphereOperator;
  /** Sigmoid k (default 0.3); learnable-sigmoid starts from raw k 0.7 per unit regardless. */
  k?: number;
  /** Features per time step (28 for row-by-row MNIST). */
  inputDim: number;
  hiddenUnits: number;
  numClasses: number;
  /** Same seed → the plain net and its sphere twin start from identical weights (default 1). */
  seed?: number;
}

/** A recurrent classifier: cell over the sequence, then a dense softmax head on the last state. */
export interface RecurrentNetModel {
  readonly config: RecurrentModelConfig;
  readonly cell: RecurrentCell;
  /** Mean softmax cross-entropy; labels are int32 class ids [b]. xs: [b, T, inputDim]. */
  loss(xs: tf.Tensor3D, labels: tf.Tensor1D): tf.Scalar;
  /** Class scores [b, numClasses]. */
  logits(xs: tf.Tensor3D): tf.Tensor2D;
  predict(xs: tf.Tensor3D): tf.Tensor1D;
  /** Mean effective k (|k| + 0.05) of each learnable transform, in kNames' order; else undefined. */
  kValues(): tf.Tensor1D | undefined;
  readonly kNames: string[];
  /** Every trainable variable (for optimizer.minimize's varList). */
  variables(): tf.Variable[];
  dispose(): void;
}

/** Variable names are global in tf.js: every model gets its own prefix. */
let modelCount = 0;

/**
 * Builds the net. The head is an ordinary dense layer in both kinds, as the conv SphereNets here
 * keep a plain softmax head: the comparison isolates SphereFC inside the recurrence.
 */
export function buildRecurrentModel(config: RecurrentModelConfig): RecurrentNetModel {
  modelCount += 1;
  const seed = config.seed ?? 1;
  const name = `rnn${modelCount}_${config.kind}_${config.cell}`;
  const cell = new RecurrentCell({
    cell: config.cell,
    kind: config.kind,
    operator: config.operator,
    k: config.k,
    inputDim: config.inputDim,
    hiddenUnits: config.hiddenUnits,
    // Spread so that the cell's two draws (seed, seed + 1) and the head's never coincide.
    seed: seed * 7919,
    name,
  });
  const headKernel = tf.variable(
    tf.randomNormal(
      [config.hiddenUnits, config.numClasses],
      0,
      1 / Math.sqrt(config.hiddenUnits),
      'float32',
      seed * 7919 + 2,
    ),
    true,
    `${name}_head_kernel`,
  );
  const headBias = tf.variable(tf.zeros([config.numClasses]), true, `${name}_head_bias`);
  const learnable = cell.learnableTransforms();

  const logits = (xs: tf.Tensor3D) =>
    tf.tidy(() => tf.add(tf.matMul(cell.final(xs), headKernel), headBias) as tf.Tensor2D);

  return {
    config,
    cell,
    kNames: learnable.map((t) => t.name),
    loss: (xs, labels) =>
      tf.tidy(
        () =>
          tf.losses.softmaxCrossEntropy(
            tf.oneHot(tf.cast(labels, 'int32'), config.numClasses),
            logits(xs),
          ) as tf.Scalar,
      ),
    logits,
    predict: (xs) => tf.tidy(() => tf.argMax(logits(xs), 1) as tf.Tensor1D),
    kValues: () =>
      learnable.length === 0
        ? undefined
        : tf.tidy(
            () =>
              tf.stack(learnable.map((t) => tf.mean(t.transform.effectiveK() as tf.Tensor))) as tf.Tensor1D,
          ),
    variables: () => [...cell.variables(), headKernel, headBias],
    dispose: () => {
      cell.dispose();
      tf.dispose([headKernel, headBias]);
    },
  };
}

/** MNIST images [b, 28, 28, 1] → sequences [b, 28, 28]: time step t is pixel row t. */
export function imageRows(images: tf.Tensor4D): tf.Tensor3D {
  const [b, height, width, channels] = images.shape;
  return tf.reshape(images, [b, height, width * channels]);
}
