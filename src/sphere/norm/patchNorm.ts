import * as tf from '../../tfjs';

/** Kernels of patchNormInverse on wasm (src/engine/kernels/wasm/patchNorm.ts). */
export const PATCH_NORM_KERNELS = {
  /** r = 1/√(Σ_window Σ_c x² + eps), one value per window. Input x; attrs PatchNormAttrs. */
  forward: 'SphereLabPatchNormInv',
  /** dx of the forward kernel. Inputs x, r, dr; attrs PatchNormAttrs. */
  grad: 'SphereLabPatchNormInvGrad',
} as const;

export interface PatchNormAttrs {
  filterHeight: number;
  filterWidth: number;
  strides: number;
  pad: 'same' | 'valid';
  eps: number;
}

/**
 * 1/‖x_patch‖ for every window of a kh×kw conv over x [b, h, w, c]: 1/√(Σ_window Σ_c x² + eps),
 * shape [b, oh, ow, 1]. As tf ops (the channel sum, a conv with a ones filter, rsqrt) it is ~8
 * kernels forward and backward with a one-channel conv that XNNPACK runs slowly; on wasm two
 * kernels of our own do it (SIMD where it can run). Elsewhere: the tf ops.
 */
export function patchNormInverse(
  x: tf.Tensor4D,
  kh: number,
  kw: number,
  strides: number,
  padding: 'same' | 'valid',
  eps: number,
): tf.Tensor4D {
  if (tf.getKernel(PATCH_NORM_KERNELS.forward, tf.getBackend())) {
    const attrs: PatchNormAttrs = { filterHeight: kh, filterWidth: kw, strides, pad: padding, eps };
    return tf
      .engine()
      .runKernel(
        PATCH_NORM_KERNELS.forward,
        { x } as unknown as tf.NamedTensorMap,
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const xSq: tf.Tensor4D = x.shape[3] === 1 ? tf.square(x) : tf.sum(tf.square(x), 3, true);
    const patchSq = tf.conv2d(xSq, tf.ones([kh, kw, 1, 1]) as tf.Tensor4D, strides, padding);
    return tf.rsqrt(tf.add(patchSq, eps));
  });
}

let registered = false;

/** dx = runs the gradient kernel with the saved x and r (once). */
export function registerPatchNormGradient(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: PATCH_NORM_KERNELS.forward,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dr, saved, attrs) => {
      const [x, r] = saved;
      return {
        x: () =>
          tf
            .engine()
            .runKernel(
              PATCH_NORM_KERNELS.grad,
              { x, r, dr } as unknown as tf.NamedTensorMap,
              attrs as unknown as tf.NamedAttrMap,
            ) as tf.Tensor,
      };
    },
  });
}
