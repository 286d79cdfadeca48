/**
 * npm run bench:converge — steps to a target test accuracy on the shipped MNIST (Node, wasm):
 * the baseline CNN and SphereNets (cosine; sigmoid k = 0.3) from the same seed, same batches.
 * LAST stdout line: JSON { target, seed, baselineSteps, sphereSteps: {op: steps}, ratio, ... }.
 * Options: --target 0.97 --seed 1 --cap 3000 --every 50 --norm bn|none --width 16 --bs 32 --lr 0.001
 */

import { parseArgs } from 'node:util';
import { parseShippedMnist } from '../src/data';
import { readShippedMnistFile } from '../src/data/shippedMnistFile';
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { toTrainData } from '../src/engine/train/trainData';
import { Trainer } from '../src/engine/train/trainer';
import type { NetSpec, RunConfig } from '../src/engine/types';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: '0.97' },
    seed: { type: 'string', default: '1' },
    cap: { type: 'string', default: '3000' },
    every: { type: 'string', default: '50' },
    norm: { type: 'string', default: 'bn' },
    width: { type: 'string', default: '16' },
    bs: { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.001' },
    optimizer: { type: 'string', default: 'adam' },
  },
});
const target = Number(values.target);
const seed = Number(values.seed);
const cap = Number(values.cap);
const every = Number(values.every);
const width = Number(values.width);

await initWasmBackend();
const data = toTrainData(parseShippedMnist(readShippedMnistFile()));

const net = (arch: NetSpec['arch'], operator: NetSpec['operator']): NetSpec => ({
  arch,
  operator,
  k: 0.3,
  norm: values.norm as NetSpec['norm'],
  head: 'softmax',
  m: 1,
  widths: [width, width * 2],
  depth: 1,
});
const config: RunConfig = {
  models: [
    { id: 'baseline', label: 'Baseline CNN', spec: { kind: 'net', net: net('baseline', 'cosine') } },
    { id: 'cosine', label: 'SphereNet cosine', spec: { kind: 'net', net: net('sphere', 'cosine') } },
    { id: 'sigmoid', label: 'SphereNet sigmoid k=0.3', spec: { kind: 'net', net: net('sphere', 'sigmoid') } },
  ],
  batchSize: Number(values.bs),
  learningRate: Number(values.lr),
  optimizer: values.optimizer as RunConfig['optimizer'],
  seed,
  evalEvery: 0,
  evalSize: data.summary.testCount,
  maxSteps: 0,
};

const trainer = new Trainer(data, config);
const reached: Record<string, number | null> = Object.fromEntries(config.models.map((m) => [m.id, null]));
const curves: Record<string, [number, number][]> = Object.fromEntries(config.models.map((m) => [m.id, []]));
const t0 = performance.now();
console.log(
  `Steps to ${(target * 100).toFixed(1)}% test accuracy on ${data.summary.name} (${data.summary.testCount} test digits), seed ${seed}`,
);
console.log(
  `batch ${config.batchSize}, ${config.optimizer} lr ${config.learningRate}, widths ${width}/${width * 2}, norm ${values.norm}`,
);
while (trainer.step < cap && Object.values(reached).some((v) => v === null)) {
  for (let i = 0; i < every; i++) trainer.trainStep();
  await trainer.evaluate();
  const metrics = await trainer.collectMetrics();
  const line = metrics.map((m) => {
    const acc = m.accuracy?.value ?? 0;
    curves[m.id].push([trainer.step, acc]);
    if (reached[m.id] === null && acc >= target) reached[m.id] = trainer.step;
    return `${m.id} ${(acc * 100).toFixed(2)}%${m.stopped ? ' (stopped)' : ''}`;
  });
  console.log(`step ${String(trainer.step).padStart(5)}  ${line.join('  ')}`);
}
trainer.dispose();

const sphereSteps = { cosine: reached.cosine, sigmoid: reached.sigmoid };
const best = Math.min(...Object.values(sphereSteps).map((v) => v ?? Number.POSITIVE_INFINITY));
const ratio = reached.baseline && Number.isFinite(best) ? best / reached.baseline : null;
console.log('');
console.log('model      steps to target');
for (const [id, steps] of Object.entries(reached))
  console.log(`${id.padEnd(10)} ${steps ?? `not within ${cap}`}`);
console.log(
  `ratio (best SphereNet / baseline): ${ratio === null ? 'n/a' : ratio.toFixed(3)}; ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
console.log(
  JSON.stringify({
    target,
    seed,
    baselineSteps: reached.baseline,
    sphereSteps,
    ratio,
    cap,
    evalEvery: every,
    config: {
      batchSize: config.batchSize,
      optimizer: config.optimizer,
      learningRate: config.learningRate,
      width,
      norm: values.norm,
    },
    bestAccuracy: Object.fromEntries(
      Object.entries(curves).map(([id, c]) => [id, Math.max(...c.map((p) => p[1]))]),
    ),
  }),
);
