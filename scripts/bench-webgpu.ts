/**
 * `npm run bench:webgpu`: the Lab's default pair (SphereNet and baseline, labRunConfig of the
 * default Lab state, the engine's Trainer with exact per-model timing) on tf.js' webgpu backend in
 * Node through Dawn (npm `webgpu`) on whatever Vulkan adapter the machine has — Mesa's lavapipe on
 * a CPU machine — and on wasm in the same process.
 * Figures: images/s per model (median of per-step figures), kernels per training step per model
 * (tf.profile of one step; Reshape/Identity are counted though they are not GPU work), GPU
 * dispatches per step (compute passes recorded by the webgpu backend), µs per op of a chain of
 * small tf.add, the adapter. Prints a table, then as its LAST stdout line one JSON object.
 * No Vulkan adapter: exits 2 and prints the install command.
 *
 * Options: --widths 16,32  --batch 32  --steps 20  --warmup 3  --no-wasm
 *   --plain (webgpu without the fused SphereConv kernels: the plain tf.js ops, as before them)
 */
import { parseArgs } from 'node:util';
import { parseShippedMnist } from '../src/data';
import { readShippedMnistFile } from '../src/data/shippedMnistFile';
import { LAVAPIPE_INSTALL, startDawnWebGpu } from '../src/engine/backends/dawnWebGpu';
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { toTrainData } from '../src/engine/train/trainData';
import { type TrainData, Trainer } from '../src/engine/train/trainer';
import type { RunConfig } from '../src/engine/types';
import { labRunConfig } from '../src/lab/runConfig';
import { fusedSphereActive, setFusedSphereKernels } from '../src/sphere/fusedSphereOps';
import * as tf from '../src/tfjs';
import { defaultAppState } from '../src/url/schema';

const { values } = parseArgs({
  options: {
    widths: { type: 'string', default: '16,32' },
    batch: { type: 'string', default: '32' },
    steps: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    'no-wasm': { type: 'boolean', default: false },
    plain: { type: 'boolean', default: false },
  },
});
const widths = values.widths.split(/[,/]/).map(Number);
const batch = Number(values.batch);
const steps = Number(values.steps);
const warmup = Number(values.warmup);
if (widths.some((w) => !(w >= 1)) || !(batch >= 1) || !(steps >= 1) || !(warmup >= 0)) {
  console.error('usage: --widths 16,32 --batch 32 --steps 20 --warmup 3');
  process.exit(1);
}

/** The default Lab's run with the widths and batch asked for; exact timing, as the Lab's option. */
function runConfig(only?: string): RunConfig {
  const lab = defaultAppState().states.lab;
  const config = labRunConfig({ ...lab, exactTiming: true });
  const models = config.models
    .filter((m) => only === undefined || m.id === only)
    .map((m) => (m.spec.kind === 'net' ? { ...m, spec: { ...m.spec, net: { ...m.spec.net, widths } } } : m));
  return { ...config, models, batchSize: batch };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Images/s per model: each model's step awaited alone (the Lab's exact timing), median over steps. */
async function throughput(data: TrainData): Promise<Record<string, number>> {
  const trainer = new Trainer(data, runConfig());
  for (let i = 0; i < warmup; i++) await trainer.trainStepAsync();
  await trainer.collectMetrics();
  const perStep: Record<string, number[]> = {};
  for (let i = 0; i < steps; i++) {
    await trainer.trainStepAsync();
    for (const m of await trainer.collectMetrics()) {
      if (m.stopped) throw new Error(`${m.id}: ${m.stopped}`);
      perStep[m.id] = [...(perStep[m.id] ?? []), m.imagesPerSecond];
    }
  }
  trainer.dispose();
  return Object.fromEntries(Object.entries(perStep).map(([id, v]) => [id, median(v)]));
}

interface StepProfile {
  kernels: number;
  dispatches?: number;
  byName: Record<string, number>;
}

/** tf.profile of one training step of one model (after a warm-up step), and its GPU dispatches. */
async function profileStep(data: TrainData, id: string): Promise<StepProfile> {
  const trainer = new Trainer(data, runConfig(id));
  await trainer.trainStepAsync();
  await trainer.collectMetrics();
  const backend = tf.backend() as unknown as { recordAndSubmit?: (...a: unknown[]) => unknown };
  let dispatches = 0;
  const original = backend.recordAndSubmit;
  if (original) {
    backend.recordAndSubmit = function (this: unknown, ...a: unknown[]) {
      dispatches++;
      return original.apply(this, a);
    };
  }
  const info = await tf.profile(() => trainer.trainStepAsync());
  if (original) backend.recordAndSubmit = original;
  await trainer.collectMetrics();
  trainer.dispose();
  const byName: Record<string, number> = {};
  for (const k of info.kernels) byName[k.name] = (byName[k.name] ?? 0) + 1;
  return { kernels: info.kernels.length, dispatches: original ? dispatches : undefined, byName };
}

/** µs per op of a dependent chain of tf.add on 64×64 tensors, awaited once at the end. */
async function perOpMicros(count = 500): Promise<number> {
  const run = async (n: number) => {
    const one = tf.ones([64, 64]);
    let t = tf.zeros([64, 64]);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const next = tf.add(t, one);
      t.dispose();
      t = next;
    }
    await t.data();
    const ms = performance.now() - t0;
    tf.dispose([t, one]);
    return ms;
  };
  await run(50);
  return ((await run(count)) * 1000) / count;
}

const top = (byName: Record<string, number>) =>
  Object.entries(byName)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([n, c]) => `${n} ${c}`)
    .join(', ');

const gpu = await startDawnWebGpu();
if (!gpu.adapter) {
  console.error(`bench:webgpu: no WebGPU adapter through Dawn: ${gpu.reason}`);
  console.error(
    `Install a Vulkan driver, e.g. Mesa's lavapipe on Debian 12 (as root):\n  ${LAVAPIPE_INSTALL}`,
  );
  console.error(
    'If another Vulkan driver is found first: VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.json',
  );
  process.exit(2);
}
if (gpu.notice) console.log(gpu.notice);
if (values.plain) setFusedSphereKernels('webgpu', false);
const fused = fusedSphereActive();
const data = toTrainData(parseShippedMnist(readShippedMnistFile()));
const ids = runConfig().models.map((m) => m.id);

const gpuOpUs = await perOpMicros();
const profiles: Record<string, StepProfile> = {};
for (const id of ids) profiles[id] = await profileStep(data, id);
const webgpu = await throughput(data);

let wasm: Record<string, number> | undefined;
let wasmOpUs: number | undefined;
const wasmKernels: Record<string, number> = {};
if (!values['no-wasm']) {
  await initWasmBackend();
  wasmOpUs = await perOpMicros();
  for (const id of ids) wasmKernels[id] = (await profileStep(data, id)).kernels;
  wasm = await throughput(data);
}

const round = (v: number, d = 1) => Number(v.toFixed(d));
console.log(
  `\nbench:webgpu — Lab default pair, widths ${widths.join('/')}, batch ${batch}, ${warmup} warm-up + ${steps} steps, medians`,
);
console.log(`adapter: ${gpu.adapter.description} (isFallbackAdapter: ${gpu.adapter.isFallbackAdapter})`);
console.log(`fused SphereConv kernels on webgpu: ${fused ? 'on' : 'off'}`);
console.log(
  `per-op dispatch (chain of 500 tf.add, 64×64): webgpu ${gpuOpUs.toFixed(0)} µs` +
    (wasmOpUs !== undefined ? `, wasm ${wasmOpUs.toFixed(1)} µs` : ''),
);
console.log('model      webgpu img/s   wasm img/s   kernels/step (webgpu)   GPU dispatches   wasm kernels');
for (const id of ids) {
  const p = profiles[id];
  console.log(
    `${id.padEnd(10)} ${webgpu[id].toFixed(1).padStart(12)} ${(wasm?.[id]?.toFixed(1) ?? '-').padStart(12)}` +
      `   ${String(p.kernels).padStart(20)}   ${String(p.dispatches ?? '-').padStart(14)}   ${String(wasmKernels[id] ?? '-').padStart(12)}`,
  );
  console.log(`           ${top(p.byName)}`);
}
const [sphere, baseline] = ['sphere', 'baseline'];
const result = {
  adapter: gpu.adapter.description,
  isFallbackAdapter: gpu.adapter.isFallbackAdapter,
  fusedSphereKernels: fused,
  widths,
  batch,
  steps,
  kernelsPerStep: { sphere: profiles[sphere].kernels, baseline: profiles[baseline].kernels },
  gpuDispatchesPerStep: { sphere: profiles[sphere].dispatches, baseline: profiles[baseline].dispatches },
  wasmKernelsPerStep: wasm ? { sphere: wasmKernels[sphere], baseline: wasmKernels[baseline] } : undefined,
  kernelsByName: { sphere: profiles[sphere].byName, baseline: profiles[baseline].byName },
  webgpuImgPerSec: { sphere: round(webgpu[sphere]), baseline: round(webgpu[baseline]) },
  wasmImgPerSec: wasm ? { sphere: round(wasm[sphere]), baseline: round(wasm[baseline]) } : undefined,
  sphereOverBaselineTime: round(webgpu[baseline] / webgpu[sphere], 3),
  wasmSphereOverBaselineTime: wasm ? round(wasm[baseline] / wasm[sphere], 3) : undefined,
  webgpuPerOpMicros: round(gpuOpUs),
  wasmPerOpMicros: wasmOpUs !== undefined ? round(wasmOpUs, 2) : undefined,
};
console.log(JSON.stringify(result));
process.exit(0);
