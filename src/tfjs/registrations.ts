/**
 * What the `@tensorflow/tfjs` umbrella package registers besides backends: every op's gradient,
 * and the chained ops (t.reshape(), t.sum()…). These are ES modules for bundlers (Vite) and Vitest.
 * Plain Node cannot load them (their imports name directories): scripts run there with
 * `--conditions=spherelab-node`, which maps this module to ./registrationsNode.ts (package.json
 * "imports").
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
