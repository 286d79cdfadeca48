import { describe, expect, it } from 'vitest';
import { benchTorchSummary, median, pairedRatio, type ThreadRounds } from './bench-torch-summary';

const rounds = (threads: number, torchMs: number[], wasmMs: number[]): ThreadRounds => ({
  threads,
  wasmThreads: 1,
  torchMs: { baseline: torchMs, sphere: torchMs.map((m) => m * 2), baselineBn: torchMs, sphereBn: torchMs },
  wasmMs: { baseline: wasmMs, sphere: wasmMs, baselineBn: wasmMs.map((m) => m * 4), sphereBn: wasmMs },
});

describe('bench:torch summary', () => {
  it('takes the median round, converts ms/step to img/s and divides wasm by torch', () => {
    // torch median 20 ms → 3,200 img/s at batch 64; wasm median 40 ms → 1,600 img/s.
    const s = benchTorchSummary('1.13', 64, [rounds(1, [25, 20, 10], [40, 100, 30])]);
    expect(s.torch).toBe('1.13');
    expect(s.threads).toBe(1);
    expect(s.torchImgPerSec.baseline).toBe(3200);
    expect(s.wasmImgPerSec.baseline).toBe(1600);
    expect(s.wasmOverTorch.baseline).toBe(0.5);
    expect(s.torchImgPerSec.sphere).toBe(1600);
    expect(s.wasmOverTorch.sphere).toBe(1);
    expect(s.wasmOverTorch.baselineBn).toBe(0.125);
  });

  it('puts the one-thread setting at the top level, every setting under byThreads', () => {
    const s = benchTorchSummary('1.13', 64, [rounds(2, [10], [10]), rounds(1, [20], [10])]);
    expect(s.threads).toBe(1);
    expect(s.wasmOverTorch.baseline).toBe(2);
    expect(s.byThreads.map((t) => t.threads)).toEqual([2, 1]);
    expect(s.byThreads[0].wasmOverTorch.baseline).toBe(1);
  });

  it('refuses empty or non-positive rounds instead of printing Infinity', () => {
    expect(() => benchTorchSummary('1.13', 64, [])).toThrow(/no thread setting/);
    expect(() => benchTorchSummary('1.13', 64, [rounds(1, [0], [10])])).toThrow(/baseline/);
    expect(() => median([])).toThrow();
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('gives SphereNet ÷ baseline as the median of per-round ratios (a slow round hits both sides)', () => {
    // Round 2 is slow for both nets: its ratio is still 1.1; medians of each side would say 20/10.
    const s = benchTorchSummary('1.13', 64, [
      {
        threads: 1,
        wasmThreads: 1,
        torchMs: { baseline: [1, 1, 1], sphere: [1, 1, 1], baselineBn: [1, 1, 1], sphereBn: [1, 1, 1] },
        wasmMs: {
          baseline: [10, 50, 12],
          sphere: [11, 55, 20],
          baselineBn: [10, 10, 10],
          sphereBn: [12, 13, 14],
        },
      },
    ]);
    expect(s.wasmSphereOverBaseline.plain).toBe(1.1);
    expect(s.wasmSphereOverBaseline.bn).toBe(1.3);
    expect(pairedRatio([2, 6], [1, 2])).toBe(2.5);
    expect(() => pairedRatio([1], [1, 2])).toThrow(/paired/);
  });
});
