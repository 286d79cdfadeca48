import type * as tf from '../../../tfjs';

/**
 * The geometry of a sliding-window op on an NHWC input, dilation 1: a conv's patches
 * (./patchesTransposed.ts) and a pool's windows (./maxPoolGrad.ts) read the same fields.
 */
export interface WindowGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/** The window geometry tf.js computed for a conv or a pool (computeConv2DInfo / computePool2DInfo). */
export function windowGeometryOf(info: tf.backend_util.Conv2DInfo): WindowGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}
