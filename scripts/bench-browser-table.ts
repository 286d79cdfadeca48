/** bench-browser's printed lines: the per-backend table, auto's figures, kernels per step. */
import type { BackendRun } from './bench-browser-run';

export const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits);
const pad = (cells: string[], widths: number[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');

export function backendTable(runs: BackendRun[]): string {
  const head = [
    'backend',
    'sphere img/s',
    'base img/s',
    'sphere ms',
    'base ms',
    'ratio',
    'steps',
    'wall ms',
    'frame p95',
    'max frame',
    'idle p95',
    'long tasks',
    'first step',
  ];
  const widths = head.map((h) => Math.max(h.length, 9));
  const rows = runs.map((r) => {
    const s = r.models.sphere;
    const b = r.models.baseline;
    const name = r.backend === r.requested ? r.backend : `${r.requested}→${r.backend}`;
    return pad(
      [
        name,
        fmt(s?.imgPerSec),
        fmt(b?.imgPerSec),
        fmt(s?.msPerStep),
        fmt(b?.msPerStep),
        fmt(s && b ? s.msPerStep / b.msPerStep : undefined, 2),
        String(r.measuredSteps),
        fmt(r.wallMsPerStep),
        fmt(r.frames.p95Ms, 1),
        fmt(r.frames.maxMs, 1),
        fmt(r.idleFrames.p95Ms, 1),
        `${r.longTasks.count}/${fmt(r.longTasks.longestMs)}ms`,
        `${fmt(r.load.firstStepMs / 1000, 1)} s`,
      ],
      widths,
    );
  });
  return [pad(head, widths), ...rows].join('\n');
}

/** " after timing wasm 551 img/s, webgl < 184 img/s" (what auto measured on the cold load). */
export function autoFigures(r: BackendRun): string {
  const timings = r.autoMeasurement?.timings;
  if (!timings) return '';
  const figure = (t: (typeof timings)[number]) =>
    t.imagesPerSecond === undefined
      ? `${t.backend} failed`
      : `${t.backend} ${t.atMost ? '< ' : ''}${Math.round(t.imagesPerSecond)} img/s`;
  return ` after timing ${timings.map(figure).join(', ')}`;
}

/** "kernels per training step: sphere 379 (Identity 98, Multiply 69, …) · baseline 246 (…)". */
export function kernelLine(r: BackendRun): string {
  if (!r.kernelsPerStep) return `kernels per training step: not profiled (${r.kernelsError ?? 'no reply'})`;
  const models = Object.entries(r.kernelsPerStep).map(([id, n]) => {
    const top = (r.topKernels?.[id] ?? []).slice(0, 5).map((k) => `${k.name} ${k.count}`);
    return `${id} ${n} (${top.join(', ')}, …)`;
  });
  return `kernels per training step: ${models.join(' · ')}`;
}
