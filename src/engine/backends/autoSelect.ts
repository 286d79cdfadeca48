/**
 * The worker's `auto` backend: starts on a provisional backend, then before each run is built
 * times the run on every candidate (once per run size) and switches to the fastest. cpu only
 * when none of them gave a figure. A forced backend never comes here (./backends.ts selectBackend).
 */
import * as tf from '../../tfjs';
import type { TrainData } from '../train/trainer';
import type { BackendChoice, BackendName, BackendSelection, RunConfig } from '../types';
import { measuredReason } from './autoBackend';
import { AutoBackendSession } from './measureBackends';
import {
  type SelectOptions,
  selectBackend,
  selectionFor,
  startAuto,
  startBackend,
  webgpuDeviceLost,
} from './startBackend';

export interface AutoSelect {
  /** What runs before anything was timed (the 'ready' message). */
  initial: BackendSelection;
  /** Leaves tf.js on the backend to build this run on, and says which and why (the 'measured' message). */
  select(data: TrainData, config: RunConfig): Promise<BackendSelection>;
}

export type ProgressFn = (task: string, done: number, total: number) => void;

export async function startAutoSelect(options: SelectOptions, onProgress: ProgressFn): Promise<AutoSelect> {
  const { selection, candidates, adapter, webglRenderer } = await startAuto(options);
  const session = new AutoBackendSession(candidates, {
    start: (name) => startBackend(name, options),
    deviceLost: webgpuDeviceLost,
    onProgress: (name, done, total) => onProgress(`Measuring backends… (${name})`, done, total),
  });
  const skipped =
    (adapter?.isFallbackAdapter ? '; WebGPU has only a software adapter, not timed' : '') +
    (webglRenderer === 'software' ? '; WebGL renders in software here, not timed' : '');
  return {
    initial: selection,
    async select(data, config) {
      const measurement = await session.choose(data, config, tf.getBackend() as BackendName);
      onProgress('Measuring backends…', 1, 1);
      if (measurement) {
        const { reason, notices } = measuredReason(measurement);
        return { ...selectionFor(measurement.chosen, reason + skipped, notices, adapter), measurement };
      }
      const failure = await startBackend('cpu', options);
      if (failure) throw new Error(`No tf.js backend could start: ${candidates.join(', ')}; ${failure}`);
      return selectionFor('cpu', `auto: none of ${candidates.join(', ')} could run this model`, [], adapter);
    },
  };
}

/**
 * The worker's init: auto, or the backend the page forced (its webgpu kernel check left for the
 * first step); `fallbackReason`, why the page picked it itself, is the reason when it started.
 */
export async function startForInit(
  choice: BackendChoice,
  fallbackReason: string | undefined,
  options: SelectOptions,
  onProgress: ProgressFn,
): Promise<{ selection: BackendSelection; auto?: AutoSelect }> {
  if (choice === 'auto') {
    const auto = await startAutoSelect(options, onProgress);
    return { selection: auto.initial, auto };
  }
  const selection = await selectBackend(choice, { ...options, deferKernelCheck: true });
  if (fallbackReason && selection.backend === choice)
    return { selection: { ...selection, reason: fallbackReason } };
  return { selection };
}
