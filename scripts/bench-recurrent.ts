/**
 * npm run bench:recurrent — the Lab's recurrent pair (a plain cell and its Sphere twin, one seed,
 * the same batches) on the shipped MNIST in Node wasm: lockstep steps/s, images/s and test accuracy
 * as it trains. `--pixels N` instead times N steps of pixel-by-pixel MNIST (784 steps of one pixel),
 * to judge whether that option would train at a watchable speed.
 * Options: --cell gru|elman --op sigmoid --k 0.3 --units 64 --bs 32 --lr 0.001 --steps 300 --every 100
 * LAST stdout line: JSON of the figures.
 */
import { parseArgs } from 'node:util';
import { parseShippedMnist } from '../src/data';
import { readShippedMnistFile } from '../src/data/shippedMnistFile';
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { toTrainData } from '../src/engine/train/trainData';
import { Trainer } from '../src/engine/train/trainer';
import { labRunConfig } from '../src/lab/runConfig';
import { buildRecurrentModel } from '../src/sphere';
import * as tf from '../src/tfjs';
import { defaultAppState } from '../src/url/schema';

const { values } = parseArgs({
  options: {
    cell: { type: 'string', default: 'gru' },
    op: { type: 'string', default: 'sigmoid' },
    k: { type: 'string', default: '0.3' },
    units: { type: 'string', default: '64' },
    bs: { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.001' },
    steps: { type: 'string', default: '300' },
    every: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    pixels: { type: 'string', default: '0' },
  },
});

await initWasmBackend();
const data = toTrainData(parseShippedMnist(readShippedMnistFile()));
const lab = {
  ...defaultAppState().states.lab,
  family: 'recurrent' as const,
  cell: values.cell as 'gru' | 'elman',
  operator: values.op as 'sigmoid',
  k: Number(values.k),
  hiddenUnits: Number(values.units),
  batchSize: values.bs as '32',
  learningRate: Number(values.lr),
  seed: Number(values.seed),
};
const batchSize = Number(values.bs);

/** Pixel-by-pixel: the same pair built directly on sequences of 784 one-pixel steps. */
async function timePixels(steps: number) {
  const nets = (['plain', 'sphere'] as const).map((kind) =>
    buildRecurrentModel({
      cell: lab.cell,
      kind,
      operator: lab.operator,
      k: lab.k,
      inputDim: 1,
      hiddenUnits: lab.hiddenUnits,
      numClasses: 10,
      seed: lab.seed,
    }),
  );
  const opts = nets.map(() => tf.train.adam(lab.learningRate));
  const { x, y } = data.batch(
    'train',
    Array.from({ length: batchSize }, (_, i) => i),
  );
  const xs = tf.tensor3d(x, [batchSize, 784, 1]);
  const ys = tf.tensor1d(y, 'int32');
  const step = async () => {
    for (const [i, net] of nets.entries()) {
      const loss = opts[i].minimize(() => net.loss(xs, ys), true, net.variables());
      await loss?.data();
      loss?.dispose();
    }
  };
  await step(); // warm-up: Adam's slots, kernel setup
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) await step();
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([xs, ys]);
  for (const o of opts) o.dispose();
  for (const n of nets) n.dispose();
  return { stepsPerSecond: steps / seconds, imagesPerSecond: (steps * batchSize) / seconds };
}

const pixelSteps = Number(values.pixels);
if (pixelSteps > 0) {
  const r = await timePixels(pixelSteps);
  console.log(
    `pixel-by-pixel ${lab.cell} pair, ${lab.hiddenUnits} units, batch ${batchSize}: ${r.stepsPerSecond.toFixed(3)} steps/s, ${r.imagesPerSecond.toFixed(1)} img/s`,
  );
  console.log(JSON.stringify({ mode: 'pixels', ...lab, ...r }));
} else {
  const config = { ...labRunConfig(lab), evalEvery: 0, evalSize: data.summary.testCount };
  const trainer = new Trainer(data, config);
  const steps = Number(values.steps);
  const every = Number(values.every);
  const curve: { step: number; accuracy: Record<string, number>; stepsPerSecond: number }[] = [];
  let trainMs = 0;
  while (trainer.step < steps) {
    const t0 = performance.now();
    for (let i = 0; i < every; i++) trainer.trainStep();
    const metrics = await trainer.collectMetrics();
    const ms = performance.now() - t0;
    trainMs += ms;
    await trainer.evaluate();
    const accuracy = Object.fromEntries(
      (await trainer.collectMetrics()).map((m) => [m.id, m.accuracy?.value ?? 0]),
    );
    const stepsPerSecond = (every * 1000) / ms;
    curve.push({ step: trainer.step, accuracy, stepsPerSecond });
    const loss = metrics.map((m) => `${m.id} loss ${m.losses.at(-1)?.toFixed(3)}`).join(', ');
    console.log(
      `step ${trainer.step}: ${loss}; test ${JSON.stringify(accuracy)}; ${stepsPerSecond.toFixed(2)} steps/s`,
    );
  }
  trainer.dispose();
  const stepsPerSecond = (steps * 1000) / trainMs;
  console.log(
    JSON.stringify({
      mode: 'rows',
      ...lab,
      stepsPerSecond,
      imagesPerSecond: stepsPerSecond * batchSize,
      curve,
    }),
  );
}
