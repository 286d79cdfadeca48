import { afterAll, describe, expect, it } from 'vitest';
import { fusedSphereActive, KERNELS, setFusedSphereKernels } from '../../../sphere/fusedSphereOps';
import { orthogonalityPenalty } from '../../../sphere/losses';
import { type SphereConvOptions, sphereConv2d } from '../../../sphere/sphereConv';
import * as tf from '../../../tfjs';
import { startDawnWebGpu } from '../../backends/dawnWebGpu';
import { FusedAdam } from './adam';
import { checkWebGpuSphereKernels, lossTermsForCheck, registerWebGpuSphereKernels } from './sphereKernels';

/**
 * The fused SphereConv kernels against the plain tf.js formulation, both on a real WebGPU adapter
 * (Dawn in Node: Mesa's lavapipe on a CPU machine, scripts/install-lavapipe.sh). Without a Vulkan
 * driver these tests are skipped, with the reason in the test's name.
 */
const gpu = await startDawnWebGpu();
if (gpu.reason) console.warn(`sphereKernels.test: SKIPPED, no WebGPU adapter: ${gpu.reason}`);
if (gpu.adapter) registerWebGpuSphereKernels();

interface Case {
  operator: SphereConvOptions['operator'];
  relu: boolean;
  pool: number;
  strides: number;
  padding: 'same' | 'valid';
  cin: number;
}

const CASES: Case[] = [];
for (const operator of ['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'] as const) {
  for (const relu of [false, true]) {
    CASES.push({ operator, relu, pool: relu ? 2 : 1, strides: 1, padding: 'same', cin: 3 });
  }
  CASES.push({ operator, relu: true, pool: 1, strides: 2, padding: 'valid', cin: 1 });
  CASES.push({ operator, relu: false, pool: 2, strides: 2, padding: 'same', cin: 2 });
}

/** Value and gradients (x, w, and k when learnable) of Σ r ⊙ g with fixed random weights r. */
async function run(c: Case, fused: boolean): Promise<Float32Array[]> {
  setFusedSphereKernels('webgpu', fused);
  const out = tf.tidy(() => {
    const x = tf.randomNormal([2, 9, 8, c.cin], 0, 1, 'float32', 11) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, c.cin, 4], 0, 1, 'float32', 12) as tf.Tensor4D;
    const k = tf.tensor1d([0.05, 0.3, 0.7, 1.5]);
    const f = (xi: tf.Tensor, wi: tf.Tensor, ki: tf.Tensor) => {
      const g = sphereConv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, {
        operator: c.operator,
        k: c.operator === 'learnable-sigmoid' ? ki : 0.3,
        strides: c.strides,
        padding: c.padding,
        activation: c.relu ? 'relu' : 'linear',
        pool: c.pool,
      });
      return tf.sum(tf.mul(g, tf.randomUniform(g.shape, -1, 1, 'float32', 13)));
    };
    const g = sphereConv2d(x, w, {
      operator: c.operator,
      k: c.operator === 'learnable-sigmoid' ? k : 0.3,
      strides: c.strides,
      padding: c.padding,
      activation: c.relu ? 'relu' : 'linear',
      pool: c.pool,
    });
    const learnable = c.operator === 'learnable-sigmoid';
    const { grads } = learnable
      ? tf.valueAndGrads(f)([x, w, k])
      : tf.valueAndGrads((xi: tf.Tensor, wi: tf.Tensor) => f(xi, wi, k))([x, w]);
    return [g, ...grads];
  });
  const data = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(out);
  setFusedSphereKernels('webgpu', false);
  return data;
}

function worstDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
  return worst;
}

describe.skipIf(!gpu.adapter)(
  `fused SphereConv kernels on WebGPU (${gpu.adapter?.description ?? ''})`,
  () => {
    afterAll(() => setFusedSphereKernels('webgpu', false));

    for (const c of CASES) {
      const name = `${c.operator}${c.relu ? ' + relu' : ''}, pool ${c.pool}, stride ${c.strides}, ${c.padding}, cin ${c.cin}`;
      it(`${name}: values and gradients match the plain ops within 1e-5`, async () => {
        expect(await tf.setBackend('webgpu')).toBe(true);
        const plain = await run(c, false);
        const fused = await run(c, true);
        const parts = ['value', 'dx', 'dw', 'dk'];
        for (let i = 0; i < plain.length; i++) {
          // Some elements must be non-trivial, or a kernel writing zeros would pass.
          if (i < 3) expect(plain[i].some((v) => Math.abs(v) > 1e-3)).toBe(true);
          expect(worstDiff(plain[i], fused[i]), parts[i]).toBeLessThan(1e-5);
        }
        if (c.operator === 'learnable-sigmoid') expect(plain[3].some((v) => Math.abs(v) > 1e-3)).toBe(true);
      });
    }

    for (const shape of [
      [3, 3, 1, 16],
      [3, 3, 16, 32],
      [20, 10],
      [3, 3, 4, 100],
    ]) {
      it(`orthogonality penalty of a [${shape}] kernel: value and gradient match within 1e-5`, async () => {
        expect(await tf.setBackend('webgpu')).toBe(true);
        const both = async (fused: boolean) => {
          setFusedSphereKernels('webgpu', fused);
          const w = tf.randomNormal(shape, 0, 0.3, 'float32', 31);
          const { value, grad } = tf.valueAndGrad((wi: tf.Tensor) => orthogonalityPenalty(wi))(w);
          const out = [(await value.data()) as Float32Array, (await grad.data()) as Float32Array];
          tf.dispose([w, value, grad]);
          setFusedSphereKernels('webgpu', false);
          return out;
        };
        const [plain, fused] = [await both(false), await both(true)];
        expect(plain[0][0]).toBeGreaterThan(0.1);
        for (let i = 0; i < 2; i++) expect(worstDiff(plain[i], fused[i])).toBeLessThan(1e-5);
      });
    }

    for (const smoothing of [0, 0.01, 0.2]) {
      it(`softmax cross-entropy (label smoothing ${smoothing}) and weight decay: values and gradients within 1e-5`, async () => {
        expect(await tf.setBackend('webgpu')).toBe(true);
        const both = async (fused: boolean) => {
          setFusedSphereKernels('webgpu', fused);
          const out = await lossTermsForCheck(smoothing);
          setFusedSphereKernels('webgpu', false);
          return out;
        };
        const [plain, fused] = [await both(false), await both(true)];
        expect(plain[0][0]).toBeGreaterThan(0.1);
        plain.forEach((p, i) => {
          expect(worstDiff(p, fused[i])).toBeLessThan(1e-5);
        });
      });
    }

    it('fused Adam follows tf.train.adam within 1e-5 over 5 steps (two variables, lr changed midway)', async () => {
      expect(await tf.setBackend('webgpu')).toBe(true);
      const runAdam = async (fused: boolean) => {
        const a = tf.variable(tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 21));
        const b = tf.variable(tf.randomNormal([4], 0, 1, 'float32', 22));
        const opt = fused ? new FusedAdam(0.01) : tf.train.adam(0.01);
        for (let i = 0; i < 5; i++) {
          if (i === 3) (opt as unknown as { learningRate: number }).learningRate = 0.003;
          opt.minimize(() => tf.add(tf.sum(tf.mul(tf.square(a), 0.5)), tf.sum(tf.sin(b))));
        }
        const out = [(await a.data()) as Float32Array, (await b.data()) as Float32Array];
        tf.dispose([a, b]);
        opt.dispose();
        return out;
      };
      const plain = await runAdam(false);
      setFusedSphereKernels('webgpu', true);
      const fused = await runAdam(true);
      // Its plain-op path (used if the run leaves webgpu) gives the same numbers.
      setFusedSphereKernels('webgpu', false);
      const fallback = await runAdam(true);
      for (let i = 0; i < 2; i++) {
        expect(worstDiff(plain[i], fused[i])).toBeLessThan(1e-5);
        expect(worstDiff(plain[i], fallback[i])).toBeLessThan(1e-5);
      }
    });

    it('a fused kernel that fails to compile turns the fused path off, with a notice', async () => {
      expect(await tf.setBackend('webgpu')).toBe(true);
      const good = tf.getKernel(KERNELS.tail, 'webgpu')!;
      tf.unregisterKernel(KERNELS.tail, 'webgpu');
      tf.registerKernel({
        kernelName: KERNELS.tail,
        backendName: 'webgpu',
        kernelFunc: ((args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }) => {
          const z = args.inputs.z as tf.TensorInfo;
          const broken = {
            variableNames: ['Z'],
            outputShape: z.shape,
            shaderKey: 'spherelab_broken_for_test',
            dispatchLayout: { x: [0, 1, 2, 3] },
            dispatch: [1, 1, 1],
            workgroupSize: [64, 1, 1],
            size: true,
            getUserCode: () => 'fn main(index : i32) { this is not WGSL }',
          };
          const backend = args.backend as unknown as { runWebGPUProgram: (...a: unknown[]) => tf.TensorInfo };
          return backend.runWebGPUProgram(broken, [z], 'float32');
        }) as unknown as tf.KernelFunc,
      });
      try {
        expect(await checkWebGpuSphereKernels()).toMatch(/Fused SphereConv kernels failed.*plain tf.js ops/s);
        expect(fusedSphereActive()).toBe(false);
      } finally {
        tf.unregisterKernel(KERNELS.tail, 'webgpu');
        tf.registerKernel(good);
      }
    });

    it('the start-up check turns the fused path on when the kernels work', async () => {
      expect(await tf.setBackend('webgpu')).toBe(true);
      expect(await checkWebGpuSphereKernels()).toBeUndefined();
    });
  },
);

// Shown as a skipped test, with the reason, where no adapter exists (CI installs lavapipe).
if (!gpu.adapter) it.skip(`fused WebGPU kernels: no WebGPU adapter (${gpu.reason})`, () => {});
