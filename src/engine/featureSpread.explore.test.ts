import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, it } from 'vitest';
import { meanAngularSpread, relativeAngularSpread } from './featureSpread';
import type { NetSpec } from './models';
import { useWasmBackend } from './testBackend';
import { type TrainData, Trainer } from './trainer';

function shippedMnist(): TrainData {
  const buf = readFileSync(join(__dirname, '../../public/data/mnist-10k.bin'));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const count = view.getUint32(8, true);
  const labels = buf.subarray(20, 20 + count);
  const pixels = buf.subarray(20 + count);
  const size = 784,
    trainCount = count - 2000;
  return {
    summary: { name: 'mnist', trainCount, testCount: 2000, inputShape: [28, 28, 1], numClasses: 10 },
    batch(split, indices) {
      const offset = split === 'train' ? 0 : trainCount;
      const x = new Float32Array(indices.length * size);
      const y = new Int32Array(indices.length);
      for (let i = 0; i < indices.length; i++) {
        const j = offset + indices[i];
        for (let p = 0; p < size; p++) x[i * size + p] = pixels[j * size + p] / 255;
        y[i] = labels[j];
      }
      return { x, y };
    },
  };
}
const net = (head: NetSpec['head'], m: number, arch: NetSpec['arch'] = 'sphere'): NetSpec => ({
  arch,
  operator: 'sigmoid',
  k: 0.3,
  norm: 'none',
  head,
  m,
  widths: [8, 16],
  depth: 1,
  featureDim: 2,
});
beforeAll(useWasmBackend);
it('explore', async () => {
  const data = shippedMnist();
  for (const seed of [1, 2, 3]) {
    for (const lr of [0.003]) {
      const t = new Trainer(data, {
        models: [
          { id: 'm1', label: '', spec: { kind: 'net', net: net('ga-softmax', 1) } },
          { id: 'm4', label: '', spec: { kind: 'net', net: net('ga-softmax', 4) } },
          { id: 'sm', label: '', spec: { kind: 'net', net: net('softmax', 1) } },
          { id: 'bs', label: '', spec: { kind: 'net', net: net('softmax', 1, 'baseline') } },
        ],
        batchSize: 32,
        learningRate: lr,
        optimizer: 'adam',
        seed,
        evalEvery: 0,
        evalSize: 0,
        maxSteps: 0,
      });
      const sp = async () => {
        const { labels, byModel } = await t.features(1000);
        return Object.fromEntries(
          Object.entries(byModel).map(([k, v]) => {
            let hit = 0;
            v.predictions.forEach((p, i) => {
              if (p === labels[i]) hit++;
            });
            return [
              k,
              `${((meanAngularSpread(v.features, labels, 10) * 180) / Math.PI).toFixed(1)}° acc ${(hit / 10).toFixed(0)}% rel ${relativeAngularSpread(v.features, labels, 10).toFixed(3)}`,
            ];
          }),
        );
      };
      const rows: unknown[] = [await sp()];
      for (let s = 0; s < 300; s++) {
        t.trainStep();
        if (s === 149 || s === 299) rows.push(await sp());
      }
      await t.collectMetrics();
      console.log('seed', seed, 'lr', lr, JSON.stringify(rows));
    }
  }
}, 600_000);
