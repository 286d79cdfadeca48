import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Cross-origin isolation (COOP + COEP) lets the wasm backend use SharedArrayBuffer threads.
// A static host must send the same two headers for threads; without them wasm runs single-threaded.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Deploy under a sub-path with BASE_PATH=/spherelab/ npm run build.
  base: process.env.BASE_PATH ?? '/',
  plugins: [react()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders, host: 'localhost', port: 4173, strictPort: false },
  worker: {
    format: 'es',
    // The threaded wasm backend ships its pthread worker code by stringifying an Emscripten
    // function; minified, that function refers to names of the enclosing bundle and the pthreads
    // die with "ReferenceError: e is not defined". So the training worker stays unminified (the
    // page's own bundle is minified as usual).
    rolldownOptions: { output: { minify: false } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
});
