/**
 * How many cores' worth of arithmetic the machine gives two threads right now: a register-only
 * float loop (no memory traffic) timed alone, then in two worker threads at once; capacity =
 * 2 × alone ÷ together's wall time (2: two full cores; 1: the two threads share one). A VM's
 * vCPUs can be siblings of one core, or time-sliced with other tenants: a two-worker benchmark
 * means little without this figure beside it.
 */
import { Worker } from 'node:worker_threads';

const SPIN = `
  const { parentPort, workerData } = require('node:worker_threads');
  let a = 1, b = 1.1, c = 1.2, d = 1.3, e = 1.4, f = 1.5, g = 1.6, h = 1.7;
  const t0 = performance.now();
  for (let i = 0; i < workerData; i++) {
    a = a * 0.9999999 + 1e-7; b = b * 0.9999999 + 1e-7; c = c * 0.9999999 + 1e-7; d = d * 0.9999999 + 1e-7;
    e = e * 0.9999999 + 1e-7; f = f * 0.9999999 + 1e-7; g = g * 0.9999999 + 1e-7; h = h * 0.9999999 + 1e-7;
  }
  parentPort.postMessage({ ms: performance.now() - t0, sum: a + b + c + d + e + f + g + h });
`;

function spin(iterations: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SPIN, { eval: true, workerData: iterations });
    worker.once('message', (m: { ms: number }) => {
      void worker.terminate();
      resolve(m.ms);
    });
    worker.once('error', reject);
  });
}

/** 2 × (one thread alone) ÷ (two at once), each the best of `tries` (about 0.3 s a spin). */
export async function parallelCapacity(tries = 3, iterations = 1.5e8): Promise<number> {
  let alone = Number.POSITIVE_INFINITY;
  let together = Number.POSITIVE_INFINITY;
  await spin(1e6); // compile
  for (let t = 0; t < tries; t++) {
    alone = Math.min(alone, await spin(iterations));
    const start = performance.now();
    await Promise.all([spin(iterations), spin(iterations)]);
    together = Math.min(together, performance.now() - start);
  }
  return (2 * alone) / together;
}
