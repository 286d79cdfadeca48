/**
 * The JSON summary of `npm run bench:torch` (pure, so it is unit-tested): per net, the median
 * of its timed rounds (ms per step) on each side, as images/s, and wasm ÷ PyTorch throughput
 * (> 1: SphereLab's wasm is faster than PyTorch on the same CPU), and issue 27's SphereNet ÷
 * baseline step time on wasm: per round, the SphereNet's step over the baseline's of the same
 * round (timed one after the other), then the median of those ratios, so that a slow stretch of
 * the machine hits both sides of a ratio.
 */

export const BENCH_TORCH_NETS = ['baseline', 'sphere', 'baselineBn', 'sphereBn'] as const;
export type BenchTorchNet = (typeof BENCH_TORCH_NETS)[number];
export type PerNet = Record<BenchTorchNet, number>;

/** The rounds of one thread setting: ms per step of every timed round, per net and side. */
export interface ThreadRounds {
  /** Threads PyTorch was given (torch.set_num_threads). */
  threads: number;
  /** Threads the wasm backend really ran with (1 where Node's wasm build has none). */
  wasmThreads: number;
  torchMs: Record<BenchTorchNet, number[]>;
  wasmMs: Record<BenchTorchNet, number[]>;
}

export interface ThreadSummary {
  threads: number;
  wasmThreads: number;
  torchImgPerSec: PerNet;
  wasmImgPerSec: PerNet;
  wasmOverTorch: PerNet;
  /** Median over rounds of sphere ÷ baseline (and sphereBn ÷ baselineBn) wasm step time. */
  wasmSphereOverBaseline: { plain: number; bn: number };
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

function perNet(f: (net: BenchTorchNet) => number): PerNet {
  return Object.fromEntries(BENCH_TORCH_NETS.map((n) => [n, f(n)])) as PerNet;
}

export function summarizeThreads(rounds: ThreadRounds, batch: number): ThreadSummary {
  const imgPerSec = (ms: number[], net: BenchTorchNet) => {
    const m = median(ms);
    if (!(m > 0)) throw new Error(`${net}: no positive step time (${ms.join(', ')})`);
    return (batch * 1000) / m;
  };
  const torch = perNet((n) => imgPerSec(rounds.torchMs[n], n));
  const wasm = perNet((n) => imgPerSec(rounds.wasmMs[n], n));
  return {
    threads: rounds.threads,
    wasmThreads: rounds.wasmThreads,
    torchImgPerSec: perNet((n) => round(torch[n], 1)),
    wasmImgPerSec: perNet((n) => round(wasm[n], 1)),
    wasmOverTorch: perNet((n) => round(wasm[n] / torch[n], 3)),
    wasmSphereOverBaseline: {
      plain: round(pairedRatio(rounds.wasmMs.sphere, rounds.wasmMs.baseline), 3),
      bn: round(pairedRatio(rounds.wasmMs.sphereBn, rounds.wasmMs.baselineBn), 3),
    },
  };
}

/** The median of a[r] / b[r] over rounds r (the same round's two timings). */
export function pairedRatio(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`paired rounds: ${a.length} against ${b.length}`);
  return median(a.map((v, r) => v / b[r]));
}

/**
 * The last stdout line: the one-thread figures at the top level (the headline: the same
 * core each), then every thread setting run, all cores last.
 */
export function benchTorchSummary(torch: string, batch: number, settings: ThreadRounds[]) {
  if (settings.length === 0) throw new Error('no thread setting was run');
  const all = settings.map((s) => summarizeThreads(s, batch));
  const single = all.find((s) => s.threads === 1) ?? all[0];
  return { torch, batch, ...single, byThreads: all };
}
