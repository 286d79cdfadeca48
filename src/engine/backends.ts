import * as tf from '../tfjs';
import { type BackendName, loadBackendModule } from '../tfjs/backendModules';
import { registerWasmGradientKernels } from './wasmKernels';
import { checkWebGpuSphereKernels } from './webgpuSphereKernels';

export type { BackendName };
export type BackendChoice = 'auto' | BackendName;
export const AUTO_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

export interface AdapterSummary {
  description: string;
  isFallbackAdapter: boolean;
}

export interface BackendSelection {
  backend: BackendName;
  /** One sentence for the UI: why this backend. */
  reason: string;
  /** What was tried and failed on the way (shown as notices). */
  notices: string[];
  adapter?: AdapterSummary;
  wasmThreads?: number;
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: Record<string, unknown>; isFallbackAdapter?: boolean } | null>;
}

/** Looks at the WebGPU adapter without creating a device. */
export async function probeWebGpu(): Promise<AdapterSummary | undefined> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return undefined;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return undefined;
    const info = (adapter.info ?? {}) as Record<string, unknown>;
    const isFallbackAdapter = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter);
    const parts = [info.vendor, info.architecture, info.device, info.description].filter(
      (p) => typeof p === 'string' && p !== '',
    );
    return { description: parts.join(' ') || 'unknown adapter', isFallbackAdapter };
  } catch {
    return undefined;
  }
}

export interface SelectOptions {
  /** Where the wasm binaries are served (setWasmPaths' argument); default: next to the script. */
  wasmPaths?: Record<string, string>;
}

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');
let wasmModule: WasmModule | undefined;

/** tf.setBackend can throw or resolve false (tfjs issue #8065): both mean "not this one". */
async function trySetBackend(name: BackendName, options: SelectOptions): Promise<string | undefined> {
  try {
    // Only the backend being tried is downloaded (see src/tfjs/backendModules.ts).
    const module = await loadBackendModule(name);
    if (name === 'wasm') {
      wasmModule = module as WasmModule;
      if (options.wasmPaths) wasmModule.setWasmPaths(options.wasmPaths);
      registerWasmGradientKernels();
    }
    const ok = await tf.setBackend(name);
    if (!ok) return `${name} could not be initialised`;
    await tf.ready();
    // A tiny op proves the backend really computes (webgl can initialise and then fail).
    const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
    const value = (await probe.data())[0];
    probe.dispose();
    if (value !== 3) return `${name} computed 1 + 2 = ${value}`;
    return undefined;
  } catch (e) {
    return `${name} failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * auto = WebGPU on a hardware adapter, else wasm, else WebGL, else cpu. A forced choice is tried
 * first and falls through the same order (with a notice) if it cannot start.
 */
export async function selectBackend(
  choice: BackendChoice,
  options: SelectOptions = {},
): Promise<BackendSelection> {
  const notices: string[] = [];
  const adapter = await probeWebGpu();
  let order: BackendName[];
  if (choice === 'auto') {
    order = [...AUTO_ORDER];
    if (!adapter) {
      order = order.filter((b) => b !== 'webgpu');
    } else if (adapter.isFallbackAdapter) {
      // A software adapter (SwiftShader) is slower than wasm: skip it unless forced.
      order = order.filter((b) => b !== 'webgpu');
    }
  } else {
    order = [choice, ...AUTO_ORDER.filter((b) => b !== choice)];
  }
  for (const name of order) {
    const failure = await trySetBackend(name, options);
    if (failure) {
      notices.push(failure);
      continue;
    }
    const selection: BackendSelection = {
      backend: name,
      reason: reasonFor(name, choice, adapter, notices),
      notices,
    };
    if (name === 'webgpu' && adapter) selection.adapter = adapter;
    if (name === 'webgpu') {
      // Fused SphereConv kernels: kept only if they compile and agree with the plain ops here.
      const fusedNotice = await checkWebGpuSphereKernels();
      if (fusedNotice) notices.push(fusedNotice);
    }
    if (name === 'wasm') selection.wasmThreads = wasmThreadCount();
    return selection;
  }
  throw new Error(`No tf.js backend could start: ${notices.join('; ')}`);
}

function wasmThreadCount(): number {
  try {
    return wasmModule?.getThreadsCount() ?? 1;
  } catch {
    return 1;
  }
}

function reasonFor(
  name: BackendName,
  choice: BackendChoice,
  adapter: AdapterSummary | undefined,
  failed: string[],
): string {
  if (choice === name) {
    const fallback = name === 'webgpu' && adapter?.isFallbackAdapter ? ' (software adapter: slow)' : '';
    return `forced by you${fallback}`;
  }
  if (choice !== 'auto') return `${choice} could not start, fell back to ${name}`;
  if (name === 'webgpu') return `WebGPU on a hardware adapter (${adapter?.description})`;
  const why = !adapter
    ? 'no WebGPU adapter'
    : adapter.isFallbackAdapter
      ? 'WebGPU only has a software adapter, slower than wasm'
      : 'WebGPU failed';
  if (name === 'wasm') return `${why}; wasm (SIMD) is the fastest CPU path`;
  return `${why}; ${failed.length ? `${failed.join('; ')}; ` : ''}using ${name}`;
}
