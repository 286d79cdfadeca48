import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { fusedSphereActive } from '../../../sphere/fusedSphereOps';
import * as tf from '../../../tfjs';
import { program } from './sphereShaders';

/**
 * Adam in two WebGPU dispatches per variable instead of tf.js' fourteen (mul, add, square, div,
 * sqrt…, plus two per step for the β powers): one kernel updates both moments, kept packed in one
 * buffer [m…, v…], one applies the step. The bias corrections 1 − βᵗ are computed in JS and passed
 * as uniforms. Same formula and order of operations as tf.train.adam (checked against it at
 * start-up with the SphereConv kernels, see ./sphereKernels.ts).
 */
const MOMENTS = 'SphereLabAdamMoments';
const APPLY = 'SphereLabAdamApply';

/**
 * The two kernels' names; wasm and cpu register them too (../wasm/adam.ts: JS loops on the raw
 * data). moments: mv [2n] (m then v), g → new mv; apply: x, mv → new x.
 */
export const ADAM_KERNELS = { moments: MOMENTS, apply: APPLY } as const;

/**
 * Whether the current backend runs Adam's fused kernels: registered there, and on webgpu only
 * while the fused SphereConv kernels passed their start-up check.
 */
export function fusedAdamActive(): boolean {
  const backend = tf.getBackend();
  if (tf.getKernel(MOMENTS, backend) === undefined) return false;
  return backend !== 'webgpu' || fusedSphereActive();
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };
type Uniform = { type: 'float32' | 'int32'; data: number[] };

function runProgram(
  args: KernelArgs,
  p: ReturnType<typeof program>,
  inputs: tf.TensorInfo[],
  u: Uniform[],
): tf.TensorInfo {
  return (args.backend as unknown as WebGPUBackend).runWebGPUProgram(
    p as never,
    inputs,
    'float32',
    u as never,
  );
}

const floats = (values: number[]): Uniform[] => values.map((v) => ({ type: 'float32', data: [v] }));

function momentsKernel(args: KernelArgs): tf.TensorInfo {
  const { mv, g } = args.inputs as Record<string, tf.TensorInfo>;
  const { beta1, beta2 } = args.attrs as unknown as { beta1: number; beta2: number };
  const p = program(
    'adam_moments',
    ['MV', 'G'],
    mv.shape,
    'n : i32, b1 : f32, c1 : f32, b2 : f32, c2 : f32,',
    `
  fn main(index : i32) {
    if (index < uniforms.size) {
      if (index < uniforms.n) {
        result[index] = MV[index] * uniforms.b1 + G[index] * uniforms.c1;
      } else {
        let g = G[index - uniforms.n];
        result[index] = MV[index] * uniforms.b2 + (g * g) * uniforms.c2;
      }
    }
  }`,
  );
  const n = g.shape.reduce((a, b) => a * b, 1);
  return runProgram(
    args,
    p,
    [mv, g],
    [{ type: 'int32', data: [n] }, ...floats([beta1, 1 - beta1, beta2, 1 - beta2])],
  );
}

function applyKernel(args: KernelArgs): tf.TensorInfo {
  const { x, mv } = args.inputs as Record<string, tf.TensorInfo>;
  const a = args.attrs as unknown as { lr: number; bias1: number; bias2: number; epsilon: number };
  const p = program(
    'adam_apply',
    ['X', 'MV'],
    x.shape,
    'bias1 : f32, bias2 : f32, eps : f32, negLr : f32,',
    `
  fn main(index : i32) {
    if (index < uniforms.size) {
      let m = MV[index] / uniforms.bias1;
      let v = MV[index + uniforms.size] / uniforms.bias2;
      result[index] = (m / (sqrt(v) + uniforms.eps)) * uniforms.negLr + X[index];
    }
  }`,
  );
  return runProgram(args, p, [x, mv], floats([a.bias1, a.bias2, a.epsilon, -a.lr]));
}

let registered = false;

export function registerWebGpuAdamKernels(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, kernelFunc] of [
    [MOMENTS, momentsKernel],
    [APPLY, applyKernel],
  ] as const) {
    tf.registerKernel({
      kernelName,
      backendName: 'webgpu',
      kernelFunc: kernelFunc as unknown as tf.KernelFunc,
    });
  }
}

/** Adam (tf.train.adam's defaults: β₁ 0.9, β₂ 0.999, ε = the backend's epsilon) on the fused kernels. */
export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'SphereLabFusedAdam';
  }
  private readonly moments = new Map<string, tf.Tensor>();
  /**
   * β₁ᵗ and β₂ᵗ as tf.train.adam keeps them (float32 scalars multiplied once a step): 1 − β₂ᵗ
   * loses ~6e-5 of its value to float32 rounding, and matching that keeps the two optimizers'
   * weights within 1e-5 of each other (with float64 powers they drift apart by ~1e-4).
   */
  private accBeta1: number;
  private accBeta2: number;
  private readonly epsilon = tf.backend().epsilon();

  constructor(
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
  ) {
    super();
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const grads = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor] as const)
      : Object.entries(variableGradients);
    const attrs = {
      lr: this.learningRate,
      bias1: Math.fround(1 - this.accBeta1),
      bias2: Math.fround(1 - this.accBeta2),
      epsilon: this.epsilon,
    };
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
    const engine = tf.engine();
    for (const [name, g] of grads) {
      if (g == null) continue;
      const variable = engine.registeredVariables[name];
      const old = this.moments.get(name) ?? tf.zeros([2 * variable.size]);
      // Where the kernels are not registered (webgl), or webgpu's check failed: the same update
      // (same packed state) with plain ops.
      const fused = fusedAdamActive();
      const mv = fused
        ? (engine.runKernel(MOMENTS, { mv: old, g } as tf.NamedTensorMap, {
            beta1: this.beta1,
            beta2: this.beta2,
          }) as tf.Tensor)
        : this.plainMoments(old, g);
      old.dispose();
      this.moments.set(name, tf.keep(mv));
      const next = fused
        ? (engine.runKernel(APPLY, { x: variable, mv } as tf.NamedTensorMap, attrs) as tf.Tensor)
        : this.plainApply(variable, mv, attrs);
      variable.assign(next);
      next.dispose();
    }
    this.incrementIterations();
  }

  private plainMoments(old: tf.Tensor, g: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [m, v] = tf.split(old, 2);
      const flat = tf.reshape(g, [-1]);
      return tf.concat([
        tf.add(tf.mul(m, this.beta1), tf.mul(flat, 1 - this.beta1)),
        tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(flat), 1 - this.beta2)),
      ]);
    });
  }

  private plainApply(
    x: tf.Tensor,
    mv: tf.Tensor,
    a: { lr: number; bias1: number; bias2: number },
  ): tf.Tensor {
    return tf.tidy(() => {
      const [m, v] = tf.split(mv, 2);
      const step = tf.div(tf.div(m, a.bias1), tf.add(tf.sqrt(tf.div(v, a.bias2)), this.epsilon));
      return tf.add(tf.reshape(tf.mul(step, -a.lr), x.shape), x);
    });
  }

  override dispose(): void {
    for (const t of this.moments.values()) t.dispose();
    this.moments.clear();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2 };
  }
}
