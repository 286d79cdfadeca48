import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tfjs';
import type { BackendName } from '../../tfjs/backendModules';
import { type TrainData, Trainer } from '../train/trainer';
import type { RunConfig } from '../types';
import { AutoBackendSession, type MeasureHooks } from './measureBackends';
import { initWasmBackend } from './testBackend';

/** Random 8×8 images, 4 classes: enough for steps to run (nothing here needs learning). */
function noiseData(count: number, onBatch?: () => void): TrainData {
  let s = 99;
  const rand = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 4294967296;
  };
  const images = Float32Array.from({ length: count * 64 }, rand);
  return {
    summary: { name: 'noise', trainCount: count, testCount: 0, inputShape: [8, 8, 1], numClasses: 4 },
    batch: (_split, indices) => {
      onBatch?.();
      const idx = Array.from(indices);
      const x = new Float32Array(idx.length * 64);
      idx.forEach((j, i) => {
        x.set(images.subarray(j * 64, j * 64 + 64), i * 64);
      });
      return { x, y: Int32Array.from(idx, (j) => j % 4) };
    },
  };
}

const config: RunConfig = {
  models: [
    {
      id: 'sphere',
      label: 'SphereNet',
      spec: {
        kind: 'net',
        net: {
          arch: 'sphere',
          operator: 'sigmoid',
          k: 0.3,
          norm: 'none',
          head: 'softmax',
          m: 1,
          widths: [4, 8],
          depth: 1,
        },
      },
    },
    { id: 'cnn', label: 'CNN', spec: { kind: 'tiny-cnn', filters: 4 } },
  ],
  batchSize: 16,
  learningRate: 0.01,
  optimizer: 'adam',
  seed: 5,
  evalEvery: 0,
  evalSize: 0,
  maxSteps: 0,
};

/**
 * Node has wasm and cpu only. 'webgpu' stands in with tfjs-cpu (and can lose its device on
 * demand); 'webgl' never starts.
 */
function fakeHooks(opts: { loseWebgpuAtBatch?: number } = {}) {
  const started: BackendName[] = [];
  let fake: BackendName | undefined;
  let loseDevice: ((message: string) => void) | undefined;
  let webgpuBatches = 0;
  const hooks: MeasureHooks = {
    async start(name) {
      started.push(name);
      if (name === 'webgl') return 'webgl could not be initialised';
      fake = name;
      return (await tf.setBackend(name === 'webgpu' ? 'cpu' : name)) ? undefined : `${name} failed`;
    },
    deviceLost: () =>
      fake === 'webgpu'
        ? new Promise<string>((resolve) => {
            loseDevice = resolve;
          })
        : undefined,
  };
  const onBatch = () => {
    if (fake === 'webgpu' && ++webgpuBatches === opts.loseWebgpuAtBatch)
      loseDevice?.('The WebGPU device was lost');
  };
  return { hooks, started, onBatch };
}

async function losses(trainer: Trainer, steps: number): Promise<number[][]> {
  for (let i = 0; i < steps; i++) await trainer.trainStepAsync();
  return (await trainer.collectMetrics()).map((m) => m.losses);
}

describe('AutoBackendSession', () => {
  beforeAll(initWasmBackend);

  it('measures each candidate, keeps the fastest, and leaves the run exactly as without measuring', async () => {
    const data = noiseData(64);
    const reference = new Trainer(data, config);
    const expected = await losses(reference, 6);
    reference.dispose();
    const before = tf.memory().numTensors;

    const { hooks, started } = fakeHooks();
    const session = new AutoBackendSession(['wasm', 'webgpu', 'webgl'], hooks);
    const m = await session.choose(data, config, 'wasm');
    expect(m?.chosen).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(m?.cached).toBe(false);
    const byName = Object.fromEntries((m?.timings ?? []).map((t) => [t.backend, t]));
    expect(byName.wasm.imagesPerSecond).toBeGreaterThan(0);
    expect(byName.wasm.steps).toBeGreaterThanOrEqual(1);
    expect(byName.webgpu.imagesPerSecond).toBeGreaterThan(0);
    expect(byName.webgl.failure).toBe('webgl could not be initialised');
    expect(started.slice(0, 3)).toEqual(['wasm', 'webgpu', 'webgl']);
    // The throwaway runs left nothing behind on wasm.
    expect(tf.memory().numTensors).toBe(before);

    // The real run, built after measuring, consumed no batch and took no update from it.
    const real = new Trainer(data, config);
    expect(await losses(real, 6)).toEqual(expected);
    real.dispose();
  });

  it('reuses the figures for the same run size and measures again for another, never retrying a dead backend', async () => {
    const data = noiseData(64);
    const { hooks, started } = fakeHooks();
    const session = new AutoBackendSession(['wasm', 'webgpu', 'webgl'], hooks);
    await session.choose(data, config);
    started.length = 0;
    const again = await session.choose(data, { ...config, learningRate: 0.5, seed: 9 }, 'wasm');
    expect(again?.cached).toBe(true);
    expect(started).toEqual([again?.chosen]);
    started.length = 0;
    const bigger = await session.choose(data, { ...config, batchSize: 32 }, 'wasm');
    expect(bigger?.cached).toBe(false);
    expect(started).not.toContain('webgl');
    expect(started).toContain('webgpu');
  });

  it('falls through to the next backend when the device is lost mid-timing, with a notice', async () => {
    const { hooks, onBatch } = fakeHooks({ loseWebgpuAtBatch: 2 });
    const data = noiseData(64, onBatch);
    const session = new AutoBackendSession(['webgpu', 'wasm'], hooks);
    const m = await session.choose(data, config);
    expect(m?.chosen).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const webgpu = m?.timings.find((t) => t.backend === 'webgpu');
    expect(webgpu?.failure).toMatch(/device was lost/);
    expect(webgpu?.imagesPerSecond).toBeUndefined();
    // Lost for good in this worker: a new run size does not try it again.
    const next = await session.choose(data, { ...config, batchSize: 8 });
    expect(next?.timings.map((t) => t.backend)).toEqual(['wasm']);
  });

  it('times a slower backend by a forward-pass probe or in full, and keeps the faster one', async () => {
    const { hooks } = fakeHooks();
    const wide = structuredClone(config);
    wide.batchSize = 32;
    if (wide.models[0].spec.kind === 'net') wide.models[0].spec.net.widths = [16, 32];
    // 'webgpu' here is tfjs-cpu: tens of times slower than wasm on a step, less on a forward pass.
    const session = new AutoBackendSession(['wasm', 'webgpu'], hooks);
    const m = await session.choose(noiseData(64), wide);
    expect(m?.chosen).toBe('wasm');
    const [wasm, slow] = m?.timings ?? [];
    expect(wasm).toMatchObject({ backend: 'wasm', steps: 5 });
    expect(wasm.atMost).toBeUndefined();
    expect(slow.backend).toBe('webgpu');
    if (slow.atMost) {
      // Ruled out by the probe: its forward passes alone took over 1.5× wasm's whole step.
      expect(slow.steps).toBe(0);
      expect(slow.msPerStep).toBeGreaterThan(1.5 * (wasm.msPerStep as number));
    } else {
      expect(slow.steps).toBeGreaterThanOrEqual(1);
      expect(slow.msPerStep).toBeGreaterThan(wasm.msPerStep as number);
    }
  });

  it('gives nothing to choose (the caller falls back to cpu) when no candidate starts', async () => {
    const { hooks } = fakeHooks();
    const session = new AutoBackendSession(['webgl'], hooks);
    expect(await session.choose(noiseData(32), config)).toBeUndefined();
  });
});
