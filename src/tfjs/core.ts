/**
 * tf.js core alone: ops, their gradients and the chained ops (t.reshape(), t.sum()…), without
 * layers — for code that needs no models (the Fourier view's FFT), keeping its chunk small.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

export * from '@tensorflow/tfjs-core';
