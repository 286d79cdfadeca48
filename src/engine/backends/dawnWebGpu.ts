/**
 * Node only (tests and benchmark scripts; the app never imports it): WebGPU in Node through Dawn's
 * bindings (npm `webgpu`, the engine Chrome uses), so tf.js' webgpu backend runs headless on
 * whatever Vulkan driver the machine has — Mesa's lavapipe on a CPU machine, a GPU's own driver
 * elsewhere. Dawn needs a Vulkan loader and driver; Debian 12's own lavapipe (Mesa 22.3) is too
 * old for it, bookworm-backports' Mesa 25 works (scripts/install-lavapipe.sh).
 */
import * as tf from '../../tfjs';
import { checkWebGpuSphereKernels } from '../kernels/webgpu/sphereKernels';
import type { AdapterSummary } from '../types';

/** What to run on Debian 12 when no adapter is found (the script holds the same commands). */
export const LAVAPIPE_INSTALL =
  "echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/bookworm-backports.list" +
  ' && apt-get update && apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1' +
  '   (or: sh scripts/install-lavapipe.sh)';

export type DawnResult = { ok: true; adapter: AdapterSummary } | { ok: false; reason: string };

interface AdapterLike {
  info?: Record<string, unknown>;
  isFallbackAdapter?: boolean;
}

let started: Promise<DawnResult> | undefined;

function summarize(adapter: AdapterLike): AdapterSummary {
  const info = adapter.info ?? {};
  // GPUAdapterInfo's fields are getters: read them by name.
  const parts = ['vendor', 'architecture', 'device', 'description']
    .map((key) => info[key])
    .filter((p) => typeof p === 'string' && p !== '');
  return {
    description: [...new Set(parts)].join(' ') || 'unknown adapter',
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
}

async function start(): Promise<DawnResult> {
  let dawn: typeof import('webgpu');
  try {
    dawn = await import('webgpu');
  } catch (e) {
    return { ok: false, reason: `npm package webgpu (Dawn) did not load: ${(e as Error).message}` };
  }
  let gpu: { requestAdapter(): Promise<AdapterLike | null> };
  try {
    gpu = dawn.create([]) as unknown as typeof gpu;
  } catch (e) {
    return { ok: false, reason: `Dawn could not start: ${(e as Error).message}` };
  }
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return { ok: false, reason: 'Dawn found no Vulkan adapter (no Vulkan driver installed?)' };
  Object.assign(globalThis, dawn.globals);
  // tf.js' webgpu backend looks for navigator.gpu, as in a browser.
  Object.defineProperty(globalThis, 'navigator', {
    value: { ...(globalThis.navigator ?? {}), gpu },
    configurable: true,
    writable: true,
  });
  await import('@tensorflow/tfjs-backend-webgpu');
  return { ok: true, adapter: summarize(adapter) };
}

/** Installs navigator.gpu from Dawn and registers tf.js' webgpu backend (once per process). */
export function initDawnWebGpu(): Promise<DawnResult> {
  started ??= start();
  return started;
}

/**
 * Switches tf.js to webgpu on Dawn and runs the fused-kernel check (notice: why they are off);
 * resolves to the reason it cannot start, or the adapter.
 */
export async function startDawnWebGpu(): Promise<{
  adapter?: AdapterSummary;
  reason?: string;
  notice?: string;
}> {
  const dawn = await initDawnWebGpu();
  if (!dawn.ok) return { reason: dawn.reason };
  try {
    if (!(await tf.setBackend('webgpu'))) return { reason: 'tf.setBackend("webgpu") failed on Dawn' };
    await tf.ready();
    // As the app does (selectBackend): the fused SphereConv kernels, if they work here.
    const notice = await checkWebGpuSphereKernels();
    return { adapter: dawn.adapter, notice };
  } catch (e) {
    return { reason: `webgpu backend failed on Dawn: ${(e as Error).message}` };
  }
}
