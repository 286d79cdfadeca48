import type { RunConfig } from '../../engine/types';
import type { INSIDE_NETS } from '../../url/insideState';
import { MODEL_COLORS } from '../lab/charts/modelColors';
import type { ShownNet } from './NetColumn';

/** One SphereNet and one CNN of the run (a preset's first of each), in that order. */
export function shownNets(
  models: { id: string; label: string; spec: { kind: string; net?: { arch: string } } }[],
) {
  const first = (arch: string) => models.find((m) => m.spec.kind === 'net' && m.spec.net?.arch === arch);
  return { sphere: first('sphere'), cnn: first('baseline') };
}

/** The nets the Inside view (or the Lab's panel) shows for its `net` setting, with their colours. */
export function netsToShow(config: RunConfig, net: (typeof INSIDE_NETS)[number]): ShownNet[] {
  const pair = shownNets(config.models);
  return [pair.sphere, pair.cnn]
    .filter((m) => m !== undefined)
    .filter((m) => net === 'both' || (net === 'sphere' ? m === pair.sphere : m === pair.cnn))
    .map((m) => ({ id: m.id, label: m.label, color: MODEL_COLORS[m.id] ?? '#ccc' }));
}
