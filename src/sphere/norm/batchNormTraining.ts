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
  /** dy, x, gamma, mean, variance, dMean, dVar → dx, dGamma, dBeta. */
  grad: 'SphereLabBatchNormTrainGrad',
} as const;

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
 */
export function batchNormTrain(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): [tf.Tensor, tf.Tensor1D, tf.Tensor1D] {
  const attrs: BatchNormTrainAttrs = { epsilon };
  return tf
    .engine()
    .runKernel(
      BN_TRAIN_KERNELS.forward,
      { x, gamma, beta } as tf.NamedTensorMap,
      attrs as unknown as tf.NamedAttrMap,
    ) as unknown as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
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
    gradFunc: (dys, saved, attrs) => {
      const [dy, dMean, dVar] = dys as tf.Tensor[];
      const [x, gamma, mean, variance] = saved;
      // One kernel gives all three gradients; run once here, handed out below.
      const [dx, dGamma, dBeta] = tf
        .engine()
        .runKernel(
          BN_TRAIN_KERNELS.grad,
          { dy, x, gamma, mean, variance, dMean, dVar } as tf.NamedTensorMap,
          attrs,
        ) as tf.Tensor[];
      return { x: () => dx, gamma: () => dGamma, beta: () => dBeta };
    },
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
 * tf.layers.batchNormalization whose training-mode call runs the fused kernels when the backend
 * has them. Everything else is the stock layer: class name 'BatchNormalization', the weights
 * gamma, beta, moving_mean, moving_variance, config, inference; so saving, loading, the PyTorch
 * export and the Inside view see an ordinary BatchNorm layer.
 */
export function batchNormalizationFused(
  args: Parameters<typeof tf.layers.batchNormalization>[0],
): BatchNormLayer {
  const layer = tf.layers.batchNormalization(args);
  const stockCall: LayerCall = layer.call.bind(layer);
  const bn = layer as unknown as BatchNormInternals;
  layer.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = bn.axis === -1 || bn.axis === x.rank - 1;
    if (!kwargs.training || !bn.center || !bn.scale || !lastAxis || !batchNormTrainAvailable())
      return stockCall(inputs, kwargs);
    return tf.tidy(() => {
      const [y, mean, variance] = batchNormTrain(
        x,
        bn.gamma.read() as tf.Tensor1D,
        bn.beta.read() as tf.Tensor1D,
        bn.epsilon,
      );
      updateMovingAverage(bn.movingMean, mean, bn.momentum);
      updateMovingAverage(bn.movingVariance, variance, bn.momentum);
      return y;
    });
  };
  return layer;
}
