export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';

/**
 * Imports a backend's package (which registers it with tf.js) on first use; each one is its own
 * chunk in the build. Importing twice is free (the module is cached).
 */
export function loadBackendModule(name: BackendName): Promise<unknown> {
  switch (name) {
    case 'webgpu':
      return import('@tensorflow/tfjs-backend-webgpu');
    case 'wasm':
      return import('@tensorflow/tfjs-backend-wasm');
    case 'webgl':
      return import('@tensorflow/tfjs-backend-webgl');
    case 'cpu':
      return import('@tensorflow/tfjs-backend-cpu');
  }
}
