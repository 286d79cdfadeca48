/**
 * `npm run bench:torch`: the same nets trained by PyTorch on the CPU and by SphereLab on wasm in
 * Node, in one run, interleaved round by round (so background load hits both alike): the bench
 * net (28×28×1 → conv 16 → pool → conv 32 → pool → dense 10, the Lab default pair's baseline),
 * the Lab default SphereNet (sigmoid, k = 0.3), and both with BN after every conv; batch 64,
 * Adam, the official recipe's loss terms on both sides. PyTorch runs the exporter's own script
 * (src/export/torch/). First one thread each, then all cores (PyTorch only: Node's wasm build
 * has no threads, so its figure there is one thread, said in the output).
 * Also prints the wasm SphereNet ÷ baseline step time (issue 27: ≤ 1.1), per round and then the
 * median ratio. Skips with one line when no Python with torch is found. Last stdout line: one
 * JSON object.
 * BENCH_ROUNDS / BENCH_STEPS / BENCH_THREADS ("1,2") override the defaults.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { createModel, type TrainableModel } from '../src/engine/train/models';
import { makeOptimizer } from '../src/engine/train/optimizers';
import { exportTorchFromLink } from '../src/export/exportTorch';
import { findTorchPython } from '../src/export/torchTestPython';
import * as tf from '../src/tfjs';
import { BENCH_BATCH, benchNets, loadBenchBatches } from './bench-nets';
import { TORCH_BENCH_HARNESS } from './bench-torch-harness';
import {
  BENCH_TORCH_NETS,
  type BenchTorchNet,
  benchTorchSummary,
  type ThreadRounds,
} from './bench-torch-summary';

const BATCH = BENCH_BATCH;
const LEARNING_RATE = 1e-3;
const WARMUP = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STEPS = Number(process.env.BENCH_STEPS ?? 4);
const THREADS = (process.env.BENCH_THREADS ?? `1,${availableParallelism()}`).split(',').map(Number);

/** The long-lived Python process; ask() sends one request and waits for its one-line answer. */
class TorchSide {
  private readonly lines: AsyncIterator<string>;
  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    child.stderr.on('data', (d) => process.stderr.write(d));
  }
  async next(): Promise<Record<string, unknown>> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`the PyTorch side exited (code ${this.child.exitCode})`);
    return JSON.parse(value);
  }
  async ms(net: BenchTorchNet, threads: number, steps: number): Promise<number> {
    this.child.stdin.write(`${JSON.stringify({ net, threads, steps })}\n`);
    return (await this.next()).ms as number;
  }
  close(): void {
    this.child.stdin.end();
  }
}

interface WasmRun {
  model: TrainableModel;
  optimizer: tf.Optimizer;
  step: number;
}

function wasmMs(run: WasmRun, batches: { xs: tf.Tensor4D; ys: tf.Tensor1D }[], steps: number): number {
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    const { xs, ys } = batches[run.step++ % batches.length];
    const loss = run.optimizer.minimize(() => run.model.loss(xs, ys), true) as tf.Scalar;
    if (!Number.isFinite(loss.dataSync()[0])) throw new Error(`${run.model.id}: loss is not finite`);
    loss.dispose();
  }
  return (performance.now() - start) / steps;
}

async function main(): Promise<void> {
  const found = findTorchPython();
  if (!found.python) {
    console.log(`bench:torch skipped: ${found.reason}`);
    console.log(JSON.stringify({ skipped: found.reason }));
    return;
  }
  const specs = benchNets();
  const raw = loadBenchBatches(8);
  const dir = mkdtempSync(join(tmpdir(), 'bench-torch-'));
  writeFileSync(join(dir, 'experiment.py'), exportTorchFromLink('?view=lab').source);
  writeFileSync(join(dir, 'harness.py'), TORCH_BENCH_HARNESS);
  const job = {
    shape: [BATCH, 28, 28, 1],
    classes: 10,
    learningRate: LEARNING_RATE,
    xs: raw.map((b) => Array.from(b.x)),
    ys: raw.map((b) => Array.from(b.y)),
    nets: specs,
  };
  writeFileSync(join(dir, 'job.json'), JSON.stringify(job));
  const torch = new TorchSide(
    spawn(found.python, [join(dir, 'harness.py'), join(dir, 'experiment.py'), join(dir, 'job.json')]),
  );
  try {
    const version = (await torch.next()).ready as string;
    await initWasmBackend();
    const batches = raw.map((b) => ({
      xs: tf.tensor4d(b.x, [BATCH, 28, 28, 1]),
      ys: tf.tensor1d(b.y, 'int32'),
    }));
    const ctx = { seed: 1, inputShape: [28, 28, 1] as [number, number, number], numClasses: 10 };
    const wasmRun = (n: BenchTorchNet): WasmRun => ({
      model: createModel(n, { kind: 'net', net: specs[n] }, ctx),
      // The Lab's own choice (FusedAdam where its kernels run: wasm here).
      optimizer: makeOptimizer('adam', LEARNING_RATE),
      step: 0,
    });
    const runs: Record<BenchTorchNet, WasmRun> = {
      baseline: wasmRun('baseline'),
      sphere: wasmRun('sphere'),
      baselineBn: wasmRun('baselineBn'),
      sphereBn: wasmRun('sphereBn'),
    };
    const settings: ThreadRounds[] = [];
    for (const threads of THREADS) {
      const rounds: ThreadRounds = {
        threads,
        wasmThreads: 1,
        torchMs: { baseline: [], sphere: [], baselineBn: [], sphereBn: [] },
        wasmMs: { baseline: [], sphere: [], baselineBn: [], sphereBn: [] },
      };
      for (const n of BENCH_TORCH_NETS) {
        await torch.ms(n, threads, WARMUP);
        wasmMs(runs[n], batches, WARMUP);
      }
      for (let r = 0; r < ROUNDS; r++)
        for (const n of BENCH_TORCH_NETS) {
          rounds.torchMs[n].push(await torch.ms(n, threads, STEPS));
          rounds.wasmMs[n].push(wasmMs(runs[n], batches, STEPS));
        }
      settings.push(rounds);
    }
    for (const n of BENCH_TORCH_NETS) {
      runs[n].model.dispose();
      runs[n].optimizer.dispose();
    }
    for (const b of batches) tf.dispose([b.xs, b.ys]);
    const summary = benchTorchSummary(version, BATCH, settings);
    console.log(
      `\nbatch ${BATCH}, Adam; median of ${ROUNDS} interleaved rounds × ${STEPS} steps; torch ${version}`,
    );
    console.log('threads (torch/wasm)  net         torch img/s  wasm img/s  wasm ÷ torch');
    for (const s of summary.byThreads)
      for (const n of BENCH_TORCH_NETS)
        console.log(
          `${`${s.threads}/${s.wasmThreads}`.padEnd(21)} ${n.padEnd(11)} ${String(s.torchImgPerSec[n]).padStart(11)} ${String(s.wasmImgPerSec[n]).padStart(11)}  ${s.wasmOverTorch[n]}`,
        );
    for (const s of summary.byThreads)
      console.log(
        `${s.threads} thread(s): wasm SphereNet ÷ baseline step (median of per-round ratios) ${s.wasmSphereOverBaseline.plain}, BN pair ${s.wasmSphereOverBaseline.bn}`,
      );
    console.log(JSON.stringify(summary));
  } finally {
    torch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
