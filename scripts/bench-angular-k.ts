/**
 * In-process A/B per call of the per-channel-k operator kernel (learnable k) on wasm: the SIMD
 * path (src/engine/kernels/wasm/simd/angularPerChannel.wat, tables built by angularPerChannel.ts)
 * against the JavaScript table loop it replaces (src/sphere/fusedAngular.ts, taken with
 * setSimdKernelsEnabled(false)), at the learnable-k preset's shapes (batch 32: 28×28×16 and
 * 14×14×32, no relu as BN follows; with relu too). Rounds alternate ABBA; prints the median
 * ms per call of each arm (and each arm's fastest single call: robust under load), and the table
 * building alone (the kernel on one pixel).
 * `node --conditions=spherelab-node --import tsx scripts/bench-angular-k.ts [rounds] [calls]`.
 */
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { setSimdKernelsEnabled } from '../src/engine/kernels/wasm/simd/simdKernels';
import { ANGULAR_KERNELS } from '../src/sphere/angularTensor';
import * as tf from '../src/tfjs';

const ROUNDS = Number(process.argv[2] ?? 12);
const CALLS = Number(process.argv[3] ?? 10);

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The fastest single call seen per label: robust where other processes load the machine. */
const fastest = new Map<string, number>();

function timeCalls(f: () => void, label = ''): number {
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    f();
    fastest.set(label, Math.min(fastest.get(label) ?? Number.POSITIVE_INFINITY, performance.now() - t));
  }
  return (performance.now() - start) / CALLS;
}

const minMs = (label: string) => (fastest.get(label) ?? Number.NaN).toFixed(2);

async function main(): Promise<void> {
  await initWasmBackend();
  const shapes = [
    [32, 28, 28, 16],
    [32, 14, 14, 32],
  ];
  for (const relu of [false, true])
    for (const shape of shapes) {
      const channels = shape[3];
      const x = tf.randomUniform(shape, -1, 1, 'float32', 1);
      const k = tf.randomUniform([channels], 0.3, 1, 'float32', 2);
      const call = () => {
        const outs = tf.engine().runKernel(ANGULAR_KERNELS.perChannel, { x, k }, {
          operator: 'sigmoid',
          k: 0,
          relu,
        } as unknown as tf.NamedAttrMap) as tf.Tensor[];
        tf.dispose(outs);
      };
      const ms = { simd: [] as number[], js: [] as number[] };
      for (let r = 0; r < ROUNDS + 2; r++) {
        const simd = r % 4 === 0 || r % 4 === 3;
        setSimdKernelsEnabled(simd);
        const t = timeCalls(call, `${shape} ${relu} ${simd}`);
        if (r >= 2) ms[simd ? 'simd' : 'js'].push(t); // the first two rounds warm both arms
      }
      setSimdKernelsEnabled(true);
      const [a, b] = [median(ms.simd), median(ms.js)];
      console.log(
        `x${shape} relu ${relu}: SIMD ${a.toFixed(2)} ms, JS ${b.toFixed(2)} ms per call, ratio ×${(a / b).toFixed(3)}; fastest call ${minMs(`${shape} ${relu} true`)} / ${minMs(`${shape} ${relu} false`)} ms`,
      );
      tf.dispose([x, k]);
    }
  // Table building alone: the kernel on one pixel (as many cosines as channels), both paths.
  for (const channels of [16, 32]) {
    const x = tf.randomUniform([1, channels], -1, 1, 'float32', 3);
    const k = tf.randomUniform([channels], 0.3, 1, 'float32', 4);
    const attrs = { operator: 'sigmoid', k: 0, relu: false } as unknown as tf.NamedAttrMap;
    const ms = { simd: [] as number[], js: [] as number[] };
    for (let r = 0; r < ROUNDS + 2; r++) {
      const simd = r % 4 === 0 || r % 4 === 3;
      setSimdKernelsEnabled(simd);
      const t = timeCalls(
        () => tf.dispose(tf.engine().runKernel(ANGULAR_KERNELS.perChannel, { x, k }, attrs) as tf.Tensor[]),
        `tables ${channels} ${simd}`,
      );
      if (r >= 2) ms[simd ? 'simd' : 'js'].push(t);
    }
    setSimdKernelsEnabled(true);
    console.log(
      `tables, ${channels} channels (one pixel): SIMD ${median(ms.simd).toFixed(2)} ms, JS ${median(ms.js).toFixed(2)} ms per call; fastest ${minMs(`tables ${channels} true`)} / ${minMs(`tables ${channels} false`)} ms`,
    );
    tf.dispose([x, k]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
