/**
 * Architecture probe for the Features view's nets (issue 13): trains one baseline + SphereNet pair
 * with a 2-D feature layer on the shipped MNIST and prints ms/step and test accuracy as it goes.
 * Options: --norm none|bn --widths 16,32 --depth 1 --head softmax --m 1 --bs 64 --lr 0.003 --steps 1500 --every 250
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
    widths: { type: 'string', default: '16,32' },
    depth: { type: 'string', default: '1' },
    head: { type: 'string', default: 'softmax' },
    m: { type: 'string', default: '1' },
    bs: { type: 'string', default: '64' },
    lr: { type: 'string', default: '0.003' },
    steps: { type: 'string', default: '1500' },
    every: { type: 'string', default: '250' },
    seed: { type: 'string', default: '1' },
    arch: { type: 'string', default: 'baseline,sphere' },
    norm: { type: 'string', default: 'none' },
  },
});
await initWasmBackend();
const data = toTrainData(parseShippedMnist(readShippedMnistFile()));
const net = (arch: NetSpec['arch']): NetSpec => ({
  arch,
  operator: 'sigmoid',
  k: 0.3,
  norm: values.norm as NetSpec['norm'],
  head: values.head as NetSpec['head'],
  m: Number(values.m),
  widths: values.widths.split(',').map(Number),
  depth: Number(values.depth),
  featureDim: 2,
});
const config: RunConfig = {
  models: values.arch.split(',').map((a) => ({
    id: a,
    label: a,
    spec: { kind: 'net', net: net(a as NetSpec['arch']) },
  })),
  batchSize: Number(values.bs),
  learningRate: Number(values.lr),
  optimizer: 'adam',
  seed: Number(values.seed),
  evalEvery: 0,
  evalSize: data.summary.testCount,
  maxSteps: 0,
};
const trainer = new Trainer(data, config);
const steps = Number(values.steps);
const every = Number(values.every);
const t0 = performance.now();
let trainMs = 0;
const best: Record<string, number> = {};
while (trainer.step < steps) {
  const s0 = performance.now();
  for (let i = 0; i < every; i++) await trainer.trainStepAsync();
  await trainer.collectMetrics();
  trainMs += performance.now() - s0;
  await trainer.evaluate();
  const metrics = await trainer.collectMetrics();
  const line = metrics.map((m) => {
    const acc = m.accuracy?.value ?? 0;
    best[m.id] = Math.max(best[m.id] ?? 0, acc);
    return `${m.id} ${(acc * 100).toFixed(2)}%`;
  });
  console.log(
    `step ${trainer.step} ${line.join(' ')}  ${(trainMs / trainer.step).toFixed(1)} ms/step (pair)`,
  );
}
console.log(
  JSON.stringify({
    ...values,
    best,
    msPerStep: trainMs / trainer.step,
    totalS: (performance.now() - t0) / 1000,
  }),
);
