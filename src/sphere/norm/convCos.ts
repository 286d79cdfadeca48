import * as tf from '../../tfjs';
import { scaleEachPosition } from '../positionScale';

/** Kernels of convCos on wasm (src/engine/kernels/wasm/sphereConv/convCos.ts). */
export const CONV_COS_KERNELS = {
  /**
   * Outputs [cos, r]: r = 1/√(Σ_window Σ_c x² + eps) per position ([b, oh, ow, 1]) and
   * cos = conv2d(x, ŵ) · r. Inputs x, w (unit filters); attrs ConvCosAttrs; stride 1.
   */
  forward: 'SphereLabConvCos',
  /**
   * dx: conv2d's input gradient of dz = dy · r, plus the patch norm's with dL/dr = Σ_c dy·cos / r
   * (cos / r is the conv's output). Inputs x, w, dz, dy, cos, r.
   */
  gradX: 'SphereLabConvCosGradX',
} as const;

export interface ConvCosAttrs {
  pad: 'same' | 'valid';
  eps: number;
}

/** Whether convCos runs here: its kernel is registered on this backend, and the conv has stride 1. */
export function convCosAvailable(strides: number): boolean {
  return strides === 1 && tf.getKernel(CONV_COS_KERNELS.forward, tf.getBackend()) !== undefined;
}

/**
 * cos θ between every patch of x [b, h, w, cin] and every unit filter ŵ [kh, kw, cin, cout]:
 * conv2d(x, ŵ) / √(‖x_patch‖² + eps), stride 1. The same value as patchNormInverse, conv2d and
 * scaleEachPosition in turn, in one kernel forward (the scale is applied as the conv stores,
 * bit for bit what scaling after gives) and two backward (see CONV_COS_KERNELS and the gradient):
 * five fewer kernel calls a SphereConv a step, and one pass less over the conv's output.
 */
export function convCos(
  x: tf.Tensor4D,
  unitW: tf.Tensor4D,
  padding: 'same' | 'valid',
  eps: number,
): tf.Tensor4D {
  const attrs: ConvCosAttrs = { pad: padding, eps };
  const [cos, r] = tf
    .engine()
    .runKernel(
      CONV_COS_KERNELS.forward,
      { x, w: unitW } as unknown as tf.NamedTensorMap,
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor[];
  // The gradient keeps its own reference to r (outputsToSave).
  r.dispose();
  return cos as tf.Tensor4D;
}

let registered = false;

/**
 * dw = Conv2DBackpropFilter(x, dz) and dx by the gradX kernel, with dz = dy · r formed once for
 * both (scaleEachPosition). r, the second output, reaches no loss: its dy is tf.js' zeros, unused.
 */
export function registerConvCosGradient(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: CONV_COS_KERNELS.forward,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, w, cos, r] = saved;
      const dy = Array.isArray(dys) ? dys[0] : dys;
      const dz = scaleEachPosition(dy, r);
      const a = attrs as unknown as ConvCosAttrs;
      const run = (name: string, inputs: Record<string, tf.Tensor>, kernelAttrs: object) =>
        tf
          .engine()
          .runKernel(
            name,
            inputs as unknown as tf.NamedTensorMap,
            kernelAttrs as tf.NamedAttrMap,
          ) as tf.Tensor;
      return {
        x: () => run(CONV_COS_KERNELS.gradX, { x, w, dz, dy, cos, r }, a),
        w: () =>
          run(
            'Conv2DBackpropFilter',
            { x, dy: dz },
            { strides: 1, pad: a.pad, dataFormat: 'NHWC', filterShape: w.shape },
          ),
      };
    },
  });
}
