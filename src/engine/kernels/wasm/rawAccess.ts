import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '../../../tfjs';

/*
 * What the hand-written JS kernels need of a backend whose tensors live in JS-reachable memory:
 * fresh outputs and float32 views, on wasm (its heap) or cpu (plain arrays).
 */

export type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
};

/** Float32 views of inputs and fresh outputs on one backend (wasm heap or cpu arrays). */
export interface RawAccess {
  alloc(shape: number[]): tf.TensorInfo;
  /** Call only after every alloc: wasm's heap can grow (and move) when allocating. */
  view(t: tf.TensorInfo): Float32Array;
}

export function wasmAccess(backend: tf.KernelBackend): RawAccess {
  const wasm = backend as BackendWasm;
  return {
    alloc: (shape) => wasm.makeOutput(shape, 'float32'),
    view: (t) => wasm.typedArrayFromHeap(t) as Float32Array,
  };
}

export function cpuAccess(backend: tf.KernelBackend): RawAccess {
  const cpu = backend as unknown as {
    data: { get(id: tf.DataId): { values: Float32Array } };
    makeTensorInfo(shape: number[], dtype: 'float32', values?: Float32Array): tf.TensorInfo;
  };
  return {
    alloc: (shape) =>
      cpu.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((p, s) => p * s, 1))),
    view: (t) => cpu.data.get(t.dataId).values,
  };
}

/** Makes a hand-written kernel for one backend, given how to reach that backend's memory. */
export type RawKernelMaker = (access: (b: tf.KernelBackend) => RawAccess) => (args: KernelArgs) => unknown;

/** Registers each kernel on wasm and on cpu: the same JS code over either backend's memory. */
export function registerOnWasmAndCpu(kernels: Record<string, RawKernelMaker>): void {
  for (const [backendName, access] of [
    ['wasm', wasmAccess],
    ['cpu', cpuAccess],
  ] as const)
    for (const [kernelName, make] of Object.entries(kernels))
      tf.registerKernel({ kernelName, backendName, kernelFunc: make(access) as unknown as tf.KernelFunc });
}

/** Registers wasm-only kernels (their code reads wasm's heap or its SIMD module). */
export function registerOnWasm(kernels: Record<string, (args: KernelArgs) => unknown>): void {
  for (const [kernelName, kernelFunc] of Object.entries(kernels))
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: kernelFunc as unknown as tf.KernelFunc,
    });
}

export function checkFloat32(kernel: string, inputs: tf.NamedTensorInfoMap): void {
  for (const [name, t] of Object.entries(inputs))
    if (t && t.dtype !== 'float32') throw new Error(`${kernel}: input ${name} is ${t.dtype}, not float32`);
}
