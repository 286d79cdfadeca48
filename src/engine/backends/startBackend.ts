import * as tf from '../../tfjs';
import { type BackendName, loadBackendModule } from '../../tfjs/backendModules';
import { registerWasmGradientKernels } from '../kernels/wasm/gradientKernels';
import { simdKernelsFor } from '../kernels/wasm/simd/simdKernels';
import { checkWebGpuSphereKernels } from '../kernels/webgpu/sphereKernels';
import type { AdapterSummary, BackendChoice, BackendSelection } from '../types';
import { candidateOrder, isSoftwareRenderer, type RendererKind } from './autoBackend';

export const AUTO_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

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

/**
 * What renders WebGL here, from WEBGL_debug_renderer_info on a throwaway OffscreenCanvas (works in
 * a worker). 'unknown' when the renderer is hidden (some browsers mask it): then auto times it.
 */
export function probeWebGlRenderer(): RendererKind {
  try {
    if (typeof OffscreenCanvas === 'undefined') return 'none';
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return 'none';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) ?? '') : '';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    if (!renderer) return 'unknown';
    return isSoftwareRenderer(renderer) ? 'software' : 'hardware';
  } catch {
    return 'unknown';
  }
}

export interface SelectOptions {
  /** Where the wasm binaries are served (setWasmPaths' argument); default: next to the script. */
  wasmPaths?: Record<string, string>;
  /**
   * Leave webgpu's fused-kernel check (5–8 s of shader compiles on SwiftShader) for the first step
   * (runDeferredKernelCheck): a backend change then has a trainable Lab within seconds.
   */
  deferKernelCheck?: boolean;
}

/** Why the fused webgpu kernels are off, when their start-up check failed (shown as a notice). */
let webgpuFusedNotice: string | undefined;
/** A webgpu start skipped the fused-kernel check (deferKernelCheck): the plain ops run until it is done. */
let kernelCheckPending = false;

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');
let wasmModule: WasmModule | undefined;

/**
 * Switches tf.js to `name` (loading its module the first time); undefined when it computes, else
 * why not. tf.setBackend can throw or resolve false (tfjs issue #8065): both mean "not this one".
 */
export async function startBackend(
  name: BackendName,
  options: SelectOptions = {},
): Promise<string | undefined> {
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
    // Fused SphereConv kernels: kept only if they compile and agree with the plain ops here
    // (checked on every start, so auto's timing runs webgpu as training will).
    if (name === 'webgpu' && options.deferKernelCheck) kernelCheckPending = true;
    else if (name === 'webgpu') webgpuFusedNotice = await checkWebGpuSphereKernels();
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
  // requestAdapter takes 1–2 s under load: asked only where webgpu is chosen or tried.
  let adapter = choice === 'auto' || choice === 'webgpu' ? await probeWebGpu() : undefined;
  let probed = choice === 'auto' || choice === 'webgpu';
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
    if (name === 'webgpu' && !probed) {
      adapter = await probeWebGpu();
      probed = true;
    }
    const failure = await startBackend(name, options);
    if (failure) {
      notices.push(failure);
      continue;
    }
    return selectionFor(name, reasonFor(name, choice, adapter, notices), notices, adapter);
  }
  throw new Error(`No tf.js backend could start: ${notices.join('; ')}`);
}

export const kernelCheckDeferred = () => kernelCheckPending && tf.getBackend() === 'webgpu';

/** Runs the fused-kernel check a deferred webgpu start skipped (undefined: none was pending). */
export async function runDeferredKernelCheck(): Promise<{ fused: boolean } | undefined> {
  if (!kernelCheckDeferred()) return undefined;
  kernelCheckPending = false;
  webgpuFusedNotice = await checkWebGpuSphereKernels();
  return { fused: webgpuFusedNotice === undefined };
}

/** `selection` with the fused-kernel notice, once a deferred check has failed. */
export function withKernelNotice(selection: BackendSelection): BackendSelection {
  const notice = webgpuFusedNotice;
  if (selection.backend !== 'webgpu' || !notice || selection.notices.includes(notice)) return selection;
  return { ...selection, notices: [...selection.notices, notice] };
}

/**
 * auto before it has timed anything: the first of the backends it will time that starts (wasm,
 * almost always), else cpu. The worker then times them on the run itself (./measureBackends.ts).
 */
export async function startAuto(options: SelectOptions = {}): Promise<{
  selection: BackendSelection;
  candidates: BackendName[];
  adapter?: AdapterSummary;
  webglRenderer: RendererKind;
}> {
  const adapter = await probeWebGpu();
  const webglRenderer = probeWebGlRenderer();
  const candidates = candidateOrder(
    !adapter ? 'none' : adapter.isFallbackAdapter ? 'software' : 'hardware',
    webglRenderer,
  );
  const notices: string[] = [];
  for (const name of [...candidates, 'cpu' as const]) {
    const failure = await startBackend(name, options);
    if (failure) {
      notices.push(failure);
      continue;
    }
    const reason = `auto: ${name} until it has timed ${candidates.join(', ')} on your run`;
    return { selection: selectionFor(name, reason, notices, adapter), candidates, adapter, webglRenderer };
  }
  throw new Error(`No tf.js backend could start: ${notices.join('; ')}`);
}

const NO_SIMD_KERNELS =
  "SphereLab's wasm SIMD kernels could not load in this browser: slower JavaScript loops run in their place";

/** The selection message for a backend that is running now. */
export function selectionFor(
  name: BackendName,
  reason: string,
  notices: string[],
  adapter?: AdapterSummary,
): BackendSelection {
  const selection: BackendSelection = { backend: name, reason, notices };
  if (name === 'webgpu' && adapter) selection.adapter = adapter;
  if (name === 'webgpu' && webgpuFusedNotice && !notices.includes(webgpuFusedNotice))
    selection.notices = [...notices, webgpuFusedNotice];
  if (name === 'wasm') {
    selection.wasmThreads = wasmThreadCount();
    selection.wasmSimdKernels = simdKernelsFor(tf.backend()) !== undefined;
    if (!selection.wasmSimdKernels && !selection.notices.includes(NO_SIMD_KERNELS))
      selection.notices = [...selection.notices, NO_SIMD_KERNELS];
  }
  return selection;
}

/**
 * Resolves with a message if the running WebGPU backend's device is lost (never, on any other
 * backend). A lost device never finishes its pending work: callers race their awaits with this.
 */
export function webgpuDeviceLost(): Promise<string> | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const device = (
    tf.backend() as unknown as { device?: { lost?: Promise<{ message: string; reason?: string }> } }
  ).device;
  return device?.lost?.then(
    (info) => `The WebGPU device was lost (${info.reason ?? 'unknown'}): ${info.message}`,
  );
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
