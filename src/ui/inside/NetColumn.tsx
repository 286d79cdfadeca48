import type { Timeline } from '../../inside/timeline';
import type { ModelInspection } from '../../inside/types';
import { LayerDetail } from './LayerDetail';
import { LayerSummary } from './LayerSummary';

export interface ShownNet {
  id: string;
  label: string;
  color: string;
}

/** One net for the inspected input: its prediction, every conv layer's statistics, one layer in full. */
export function NetColumn(props: {
  net: ShownNet;
  model: ModelInspection | undefined;
  timeline: Timeline;
  layer: number;
  /** Absent: the layer choice is hidden (classroom), the headings are plain text. */
  onLayer?(layer: number): void;
}) {
  const { net, model, layer } = props;
  const testId = `inside-${net.id}`;
  if (!model) {
    return (
      <section className="net-column panel" aria-label={net.label} data-testid={testId}>
        <h3 style={{ color: net.color }}>{net.label}</h3>
        <p className="hint">Inspecting…</p>
      </section>
    );
  }
  const p = model.probabilities;
  const best = p.indexOf(Math.max(...p));
  const shownLayer = Math.min(layer, model.layers.length - 1);
  return (
    <section className="net-column panel" aria-label={net.label} data-testid={testId}>
      <h3 style={{ color: net.color }}>{net.label}</h3>
      <p className="prediction" data-testid={`${testId}-prediction`}>
        predicts <strong>{best}</strong> ({(100 * p[best]).toFixed(0)}%)
      </p>
      <fieldset className="layer-choice" aria-label="Layer choice">
        {model.layers.map((l, i) => (
          <LayerSummary
            key={l.name}
            layer={l}
            index={i}
            netLabel={net.label}
            color={net.color}
            timeline={props.timeline[model.id]?.[i] ?? []}
            selected={i === shownLayer}
            onSelect={props.onLayer ? () => props.onLayer?.(i) : undefined}
            testId={`${testId}-layer-${i}`}
          />
        ))}
      </fieldset>
      <LayerDetail model={model} layerIndex={shownLayer} netLabel={net.label} testId={`${testId}-detail`} />
    </section>
  );
}
