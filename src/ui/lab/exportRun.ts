import type { RunConfig } from '../../engine/types';
import type { ModelSeries } from './trainingStore';

/** One row per (model, step): raw and smoothed loss, and test accuracy where measured. */
export function runToCsv(series: Record<string, ModelSeries>): string {
  const lines = ['model,step,wall_ms,loss,smoothed_loss,test_accuracy'];
  for (const [id, s] of Object.entries(series)) {
    const acc = new Map(s.accuracy.map((a) => [a.step, a.value]));
    const steps = new Set<number>();
    for (const p of s.losses) {
      steps.add(p.step);
      lines.push([id, p.step, p.wallMs.toFixed(0), p.loss, p.smoothed, acc.get(p.step) ?? ''].join(','));
    }
    for (const a of s.accuracy)
      if (!steps.has(a.step)) lines.push([id, a.step, a.wallMs.toFixed(0), '', '', a.value].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function runToJson(
  config: RunConfig,
  series: Record<string, ModelSeries>,
  meta: Record<string, unknown>,
): string {
  return JSON.stringify(
    { spherelab: 1, exportedAt: new Date().toISOString(), ...meta, config, series },
    null,
    1,
  );
}

/** Starts a browser download of bytes or text. */
export function download(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
