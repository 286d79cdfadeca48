/**
 * In-process A/B of whole training steps: the SIMD training-BatchNorm kernels (src/engine/kernels/
 * wasm/simd/batchNorm.wat) against the JavaScript loops they replace, every other SIMD kernel on in
 * both arms. The BN kernels are re-registered behind a wrapper that, in the JS arm, hands them a
 * view of the backend without its wasm module (so simdKernelsFor finds no heap and they take their
 * JS path). Rounds of STEPS steps alternate ABBA, every kernel timed (src/engine/train/kernelTimes.ts
 * in both arms); prints ms/step per round, the medians, and each BN kernel's median ms per call.
 * `node --conditions=spherelab-node --import tsx scripts/bench-bn-simd.ts [nets] [rounds] [steps]`.
 */
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { timeKernels } from '../src/engine/train/kernelTimes';
import { createModel } from '../src/engine/train/models';
import { makeOptimizer } from '../src/engine/train/optimizers';
import { BN_TRAIN_KERNELS } from '../src/sphere/norm/batchNormTraining';
import * as tf from '../src/tfjs';
import { BENCH_CONTEXT, benchBatchTensors, benchNets } from './bench-nets';
import type { BenchTorchNet } from './bench-torch-summary';

const NETS = (process.argv[2] ?? 'baselineBn,sphereBn').split(',') as BenchTorchNet[];
const ROUNDS = Number(process.argv[3] ?? 12);
const STEPS = Number(process.argv[4] ?? 8);

let bnSimd = true;

/** The wasm backend minus its module: simdKernelsFor(view) is undefined, the rest is the backend. */
function withoutWasmModule(backend: tf.KernelBackend): tf.KernelBackend {
  return new Proxy(backend, {
    get(target, key) {
      if (key === 'wasm') return undefined;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function wrapBnKernels(): void {
  for (const name of [BN_TRAIN_KERNELS.forward, BN_TRAIN_KERNELS.grad]) {
    const config = tf.getKernel(name, 'wasm');
    if (!config) throw new Error(`${name} is not registered on wasm`);
    const inner = config.kernelFunc;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) =>
        inner(bnSimd ? args : { ...args, backend: withoutWasmModule(args.backend as tf.KernelBackend) }),
    });
  }
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  await initWasmBackend();
  const specs = benchNets();
  const batches = benchBatchTensors(8);
  const ctx = BENCH_CONTEXT;
  for (const n of NETS) {
    const model = createModel(n, { kind: 'net', net: specs[n] }, ctx);
    if (n === NETS[0]) wrapBnKernels(); // after the first model registered the kernels
    const optimizer = makeOptimizer('adam', 1e-3);
    let i = 0;
    const step = () => {
      const { xs, ys } = batches[i++ % batches.length];
      const loss = optimizer.minimize(() => model.loss(xs, ys), true) as tf.Scalar;
      loss.dataSync();
      loss.dispose();
    };
    for (const on of [true, false, true, false, true, false, true, false]) {
      bnSimd = on;
      step();
    }
    const ms: Record<'simd' | 'js', number[]> = { simd: [], js: [] };
    const bnMs = new Map<string, number[]>();
    for (let r = 0; r < ROUNDS; r++) {
      bnSimd = r % 4 === 0 || r % 4 === 3;
      const arm = bnSimd ? 'simd' : 'js';
      const timed = timeKernels(
        'wasm',
        () => {
          for (let s = 0; s < STEPS; s++) step();
        },
        { byShape: true },
      );
      ms[arm].push(timed.wallMs / STEPS);
      for (const k of timed.kernels.filter((k) => k.name.startsWith('SphereLabBatchNorm'))) {
        const key = `${k.name.split(' ').slice(0, 2).join(' ')} ${arm}`;
        bnMs.set(key, [...(bnMs.get(key) ?? []), k.ms / k.calls]);
      }
    }
    for (const [key, v] of [...bnMs].sort(([a], [b]) => a.localeCompare(b)))
      console.log(`${n}: ${key.padEnd(48)} ${median(v).toFixed(2)} ms/call`);
    const [a, b] = [median(ms.simd), median(ms.js)];
    console.log(
      `${n}: BN SIMD ${ms.simd.map((v) => v.toFixed(1)).join(' ')} | BN JS ${ms.js.map((v) => v.toFixed(1)).join(' ')}`,
    );
    console.log(
      `${n}: median ms/step BN SIMD ${a.toFixed(1)}, BN JS ${b.toFixed(1)}, ratio ×${(a / b).toFixed(3)}`,
    );
    optimizer.dispose();
    model.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
