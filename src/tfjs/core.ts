/**
 * tf.js core alone: ops, their gradients and the chained ops (t.reshape(), t.sum()…), without
 * layers — for code that needs no models (the Fourier view's FFT), keeping its chunk small.
 */
import '@tensorflow/tfjs-core';
import '#tfjs-registrations';

export * from '@tensorflow/tfjs-core';
