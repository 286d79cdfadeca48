import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { normalizeBasePath } from './scripts/basePath.ts';
import { gitCommit } from './scripts/gitCommit.ts';
import { jsonSyntaxPlugin } from './scripts/jsonSyntaxPlugin.ts';
import { longLinkPlugin } from './scripts/longLinkPlugin.ts';

// Cross-origin isolation (COOP + COEP) lets the wasm backend use SharedArrayBuffer threads.
// A static host must send the same two headers for threads; without them wasm runs single-threaded.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// tf.js backends are loaded on demand (src/tfjs/backendModules.ts); name their chunks after the
// package (tfjs-backend-wasm-…js) rather than the file ("dist-…js"), for people and for
// scripts/bundle-size.ts, which follows the wasm backend's chunk from the worker.
const tfjsPackage = (id: string) => id.match(/@tensorflow[/\\](tfjs-[\w-]+)[/\\]/)?.[1];
const chunkFileNames = (chunk: { name: string; facadeModuleId: string | null; moduleIds: string[] }) => {
  if (chunk.name !== 'dist') return 'assets/[name]-[hash].js';
  // A backend's entry chunk, or a chunk shared between backends (mostly tfjs-core): most modules.
  const counts = new Map<string, number>();
  for (const id of chunk.facadeModuleId ? [chunk.facadeModuleId] : chunk.moduleIds) {
    const pkg = tfjsPackage(id);
    if (pkg) counts.set(pkg, (counts.get(pkg) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return `assets/${top ?? '[name]'}-[hash].js`;
};

export default defineConfig({
  // Deploy under a sub-path with BASE_PATH=/spherelab/ npm run build (slashes optional).
  base: normalizeBasePath(process.env.BASE_PATH),
  plugins: [jsonSyntaxPlugin(), longLinkPlugin(), react()],
  // The build's commit: a rerun in the browser records it as results.json's `commit`.
  define: { 'import.meta.env.VITE_SPHERELAB_COMMIT': JSON.stringify(gitCommit()) },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders, host: 'localhost', port: 4173, strictPort: false },
  worker: {
    format: 'es',
    // The threaded wasm backend ships its pthread worker code by stringifying an Emscripten
    // function; minified, that function refers to names of the enclosing bundle and the pthreads
    // die with "ReferenceError: e is not defined". So the training worker stays unminified (the
    // page's own bundle is minified as usual).
    rolldownOptions: { output: { minify: false, chunkFileNames } },
  },
  build: {
    target: 'es2022',
    rolldownOptions: { output: { chunkFileNames } },
    chunkSizeWarningLimit: 4000,
  },
});
