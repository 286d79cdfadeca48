/**
 * Wall time per kernel on a synchronous CPU backend (wasm, cpu), for finding what a training step
 * spends its time on. tf.profile reports each kernel's inclusive time, so a kernel of ours that
 * runs other kernels inside (Conv2DBackpropFilter runs Transpose and Conv2D) would be counted
 * twice; here every registered kernel of the backend is wrapped for the duration of one call and
 * charged only its self time (its own time minus the kernels it ran). The rest of the wall time
 * (tape, gradient bookkeeping, reading the loss) is reported apart as `outsideKernelsMs`.
 */
import * as tf from '../../tfjs';

export interface KernelTime {
  name: string;
  calls: number;
  /** Self time summed over all calls. */
  ms: number;
  /** ms ÷ the wall time of the whole call. */
  share: number;
}

export interface KernelTimes<T> {
  result: T;
  wallMs: number;
  /** Wall time not spent inside any kernel. */
  outsideKernelsMs: number;
  /** Most time first. */
  kernels: KernelTime[];
}

/**
 * Runs f once with every kernel of `backendName` timed. The backend's kernels are swapped for
 * timing wrappers and put back afterwards, even when f throws. f must finish synchronously
 * (read results with dataSync): an asynchronous backend's kernels return before their work.
 * byShape: one entry per kernel and input shapes ("Conv2D 64x14x14x16 3x3x16x32"), to tell calls apart.
 */
export function timeKernels<T>(
  backendName: string,
  f: () => T,
  options: { byShape?: boolean } = {},
): KernelTimes<T> {
  const originals = tf.getKernelsForBackend(backendName);
  if (originals.length === 0) throw new Error(`timeKernels: no kernels registered for '${backendName}'`);
  const totals = new Map<string, { calls: number; ms: number }>();
  // One entry per kernel running right now: the time its nested kernels took so far.
  const childMs: number[] = [];
  const swap = (config: tf.KernelConfig) => {
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel(config);
  };
  for (const config of originals) {
    const inner = config.kernelFunc;
    const timed: tf.KernelFunc = (args) => {
      childMs.push(0);
      const start = performance.now();
      try {
        return inner(args);
      } finally {
        const total = performance.now() - start;
        const nested = childMs.pop() ?? 0;
        if (childMs.length > 0) childMs[childMs.length - 1] += total;
        const key = options.byShape ? `${config.kernelName} ${shapesOf(args.inputs)}` : config.kernelName;
        const entry = totals.get(key) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += total - nested;
        totals.set(key, entry);
      }
    };
    swap({ ...config, kernelFunc: timed });
  }
  let result: T;
  const start = performance.now();
  try {
    result = f();
  } finally {
    for (const config of originals) swap(config);
  }
  const wallMs = performance.now() - start;
  let inKernels = 0;
  for (const t of totals.values()) inKernels += t.ms;
  return {
    result,
    wallMs,
    outsideKernelsMs: wallMs - inKernels,
    kernels: [...totals]
      .map(([name, t]) => ({ name, calls: t.calls, ms: t.ms, share: t.ms / wallMs }))
      .sort((a, b) => b.ms - a.ms),
  };
}

function shapesOf(inputs: tf.NamedTensorInfoMap): string {
  return Object.values(inputs)
    .map((t) => (t ? t.shape.join('x') || 'scalar' : '-'))
    .join(' ');
}

/** Adds the per-kernel times of several runs (e.g. several training steps) into one list. */
export function sumKernelTimes(runs: readonly KernelTime[][], wallMs: number): KernelTime[] {
  const totals = new Map<string, { calls: number; ms: number }>();
  for (const run of runs)
    for (const k of run) {
      const entry = totals.get(k.name) ?? { calls: 0, ms: 0 };
      entry.calls += k.calls;
      entry.ms += k.ms;
      totals.set(k.name, entry);
    }
  return [...totals]
    .map(([name, t]) => ({ name, calls: t.calls, ms: t.ms, share: t.ms / wallMs }))
    .sort((a, b) => b.ms - a.ms);
}
