import * as tf from '../../tfjs';

/**
 * BatchNorm in training mode as one kernel forward and one backward. tf.js's BatchNormalization
 * layer trains through tf.moments + tf.batchNorm and autodiff of both: some 20 kernels per layer
 * (sums, broadcasts, tiles), which on wasm cost more than the convs. The kernels are registered
 * per backend (src/engine/kernels/wasm/batchNorm.ts: wasm and cpu); where none is, the layer below
 * takes tf.js's own path.
 */

export const BN_TRAIN_KERNELS = {
  /** x [..., C], gamma [C], beta [C] → y, mean [C], biased variance [C]. */
  forward: 'SphereLabBatchNormTrain',
  /** The same with a ReLU after it: y = max(0, BN(x)); mean and variance are x's. */
  reluForward: 'SphereLabBatchNormReluTrain',
  /** dy, x, gamma, mean, variance, dMean, dVar (and y, the ReLU forward's output) → dx, dGamma, dBeta. */
  grad: 'SphereLabBatchNormTrainGrad',
  /** movingMean, movingVariance, mean, variance [C] → both moving averages updated (no gradient). */
  movingAverages: 'SphereLabBatchNormMovingAverages',
} as const;

export interface MovingAverageAttrs {
  momentum: number;
}

export interface BatchNormTrainAttrs {
  epsilon: number;
}

/** Whether the current backend has the fused kernels. */
export function batchNormTrainAvailable(): boolean {
  return tf.getKernel(BN_TRAIN_KERNELS.forward, tf.getBackend()) !== undefined;
}

/**
 * Normalises x over every axis but the last with the batch's own statistics:
 * [y, mean, variance], as tf.moments + tf.batchNorm (variance biased, as tf.moments).
 * `relu`: y = max(0, BN(x)) in the same pass (mean and variance still x's).
 */
export function batchNormTrain(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  relu = false,
): [tf.Tensor, tf.Tensor1D, tf.Tensor1D] {
  const attrs: BatchNormTrainAttrs = { epsilon };
  return tf
    .engine()
    .runKernel(
      relu ? BN_TRAIN_KERNELS.reluForward : BN_TRAIN_KERNELS.forward,
      { x, gamma, beta } as tf.NamedTensorMap,
      attrs as unknown as tf.NamedAttrMap,
    ) as unknown as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
}

/** One grad kernel gives all three gradients; `y` (the ReLU forward's output) masks dy. */
function bnGradients(
  dys: tf.Tensor | tf.Tensor[],
  inputs: Record<string, tf.Tensor>,
  attrs: tf.NamedAttrMap,
) {
  const [dy, dMean, dVar] = dys as tf.Tensor[];
  const [dx, dGamma, dBeta] = tf
    .engine()
    .runKernel(
      BN_TRAIN_KERNELS.grad,
      { ...inputs, dy, dMean, dVar } as tf.NamedTensorMap,
      attrs,
    ) as tf.Tensor[];
  return { x: () => dx, gamma: () => dGamma, beta: () => dBeta };
}

let gradientRegistered = false;

/** The forward kernel's gradient (backend-independent; once). */
export function registerBatchNormTrainGradient(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: BN_TRAIN_KERNELS.forward,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, [x, gamma, mean, variance], attrs) =>
      bnGradients(dys, { x, gamma, mean, variance }, attrs),
  });
  tf.registerGradient({
    kernelName: BN_TRAIN_KERNELS.reluForward,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [true, true, true],
    gradFunc: (dys, [x, gamma, y, mean, variance], attrs) =>
      bnGradients(dys, { x, gamma, mean, variance, y }, attrs),
  });
}

type BatchNormLayer = ReturnType<typeof tf.layers.batchNormalization>;
type LayerCall = BatchNormLayer['call'];

/** The stock layer's settings and weights (private in its typings). */
interface BatchNormInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

/** The stock moving-average update, op for op: moving − (moving − value)·(1 − momentum). */
function updateMovingAverage(variable: tf.LayerVariable, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const orig = variable.read();
    variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - momentum)));
  });
}

/**
 * Both updates as one kernel where the backend has it (the same float32 operations, see
 * src/engine/kernels/wasm/batchNorm.ts): six small kernels and two scopes a layer fewer.
 */
function updateMovingAverages(bn: BatchNormInternals, mean: tf.Tensor, variance: tf.Tensor): void {
  if (!tf.getKernel(BN_TRAIN_KERNELS.movingAverages, tf.getBackend())) {
    updateMovingAverage(bn.movingMean, mean, bn.momentum);
    updateMovingAverage(bn.movingVariance, variance, bn.momentum);
    return;
  }
  const inputs = {
    movingMean: bn.movingMean.read(),
    movingVariance: bn.movingVariance.read(),
    mean,
    variance,
  };
  const attrs: MovingAverageAttrs = { momentum: bn.momentum };
  const [m, v] = tf
    .engine()
    .runKernel(BN_TRAIN_KERNELS.movingAverages, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  bn.movingMean.write(m);
  bn.movingVariance.write(v);
}

/** Outputs of fused BN training calls that already had the following ReLU applied. */
const reluApplied = new WeakSet<tf.Tensor>();
let reluFusion = true;

/** Off: `reluAfter` BN layers run BN and the ReLU as two kernels again (for A/B benchmarks). */
export function setBatchNormReluFusion(on: boolean): void {
  reluFusion = on;
}

/**
 * tf.layers.batchNormalization whose training-mode call runs the fused kernels when the backend
 * has them. Everything else is the stock layer: class name 'BatchNormalization', the weights
 * gamma, beta, moving_mean, moving_variance, config, inference; so saving, loading, the PyTorch
 * export and the Inside view see an ordinary BatchNorm layer.
 *
 * `reluAfter`: only for a BN whose output feeds nothing but a `reluAfterFusedBn` layer. Its
 * fused training call then returns max(0, BN(x)) from the one kernel (a pass over the activation
 * less each way), and that ReLU layer passes the tensor through. Inference and the stock path
 * are unchanged (the ReLU layer then applies the ReLU itself).
 */
export function batchNormalizationFused(
  args: Parameters<typeof tf.layers.batchNormalization>[0],
  reluAfter = false,
): BatchNormLayer {
  const layer = tf.layers.batchNormalization(args);
  const stockCall: LayerCall = layer.call.bind(layer);
  const bn = layer as unknown as BatchNormInternals;
  layer.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = bn.axis === -1 || bn.axis === x.rank - 1;
    if (!kwargs.training || !bn.center || !bn.scale || !lastAxis || !batchNormTrainAvailable())
      return stockCall(inputs, kwargs);
    const fuseRelu = reluAfter && reluFusion;
    const out = tf.tidy(() => {
      const [y, mean, variance] = batchNormTrain(
        x,
        bn.gamma.read() as tf.Tensor1D,
        bn.beta.read() as tf.Tensor1D,
        bn.epsilon,
        fuseRelu,
      );
      updateMovingAverages(bn, mean, variance);
      return y;
    });
    if (fuseRelu) reluApplied.add(out);
    return out;
  };
  return layer;
}

/**
 * tf.layers.reLU that passes on a tensor a `batchNormalizationFused(…, true)` call already
 * rectified (the same values: relu is idempotent), and is the stock ReLU for anything else.
 */
export function reluAfterFusedBn(
  args: Parameters<typeof tf.layers.reLU>[0],
): ReturnType<typeof tf.layers.reLU> {
  const layer = tf.layers.reLU(args);
  const stockCall = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return reluApplied.has(x) ? x : stockCall(inputs, kwargs);
  };
  return layer;
}
