/**
 * The TensorFlow.js that SphereLab uses: core ops (with their gradients) and layers. Unlike the
 * `@tensorflow/tfjs` umbrella package this registers no backend and leaves out the converter and
 * tf.data: each backend's package is imported only when it is tried (./backendModules.ts), so the
 * training worker that runs on wasm never downloads WebGL's or WebGPU's code.
 */

export * from '@tensorflow/tfjs-layers';
export * from './core';
