import { useMemo } from 'react';
import type { Timeline } from '../../inside/timeline';
import type { ModelInspection } from '../../inside/types';
import { fmt, maxAbs } from './colors';
import { stagesOf } from './LayerDetail';
import { LayerSummary } from './LayerSummary';
import type { ShownNet } from './NetColumn';
import { channelTiles, TileCanvas } from './TileCanvas';

const deg = (cos: number) => ((Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI).toFixed(1);
/** Tiles drawn at most ~300 px wide: the panel sits beside another net's, under the Lab's charts. */
const zoomFor = (tileWidth: number, columns: number) =>
  Math.max(1, Math.min(4, Math.floor(300 / ((tileWidth + 1) * columns))));

/**
 * One net in the Lab's "Inside the nets" panel: its prediction, the angle maps of one layer
 * (cos θ between each filter and each patch) and the activations that layer hands on, then the
 * layer's batch statistics and their timelines (LayerSummary, as in the Inside view).
 */
export function CompactNet(props: {
  net: ShownNet;
  model: ModelInspection | undefined;
  timeline: Timeline;
  layer: number;
  testId: string;
}) {
  const { net, model, testId } = props;
  const index = model ? Math.min(props.layer, model.layers.length - 1) : 0;
  const maps = useMemo(() => {
    if (!model) return undefined;
    const l = model.layers[index];
    const stages = stagesOf(model, index);
    const after = stages[stages.length - 1];
    return {
      layer: l,
      after,
      cos: channelTiles(
        l.cos,
        l.height,
        l.width,
        l.filters,
        (t, y, x, v) => `filter ${t + 1} at (${y}, ${x}): cos θ ${fmt(v)}, θ ${deg(v)}°`,
      ),
      activations: channelTiles(
        after.values,
        after.height,
        after.width,
        after.channels,
        (t, y, x, v) => `channel ${t + 1} at (${y}, ${x}): ${fmt(v)}`,
      ),
      activationMax: maxAbs(after.values),
    };
  }, [model, index]);
  if (!model || !maps) {
    return (
      <section className="compact-net" aria-label={net.label} data-testid={testId}>
        <h4 style={{ color: net.color }}>{net.label}</h4>
        <p className="hint">Inspecting…</p>
      </section>
    );
  }
  const p = model.probabilities;
  const best = p.indexOf(Math.max(...p));
  const { layer: l, after } = maps;
  const name = `${net.label} layer ${index + 1}`;
  return (
    <section className="compact-net" aria-label={net.label} data-testid={testId}>
      <h4 style={{ color: net.color }}>
        {net.label}{' '}
        <span className="prediction" data-testid={`${testId}-prediction`}>
          predicts <strong>{best}</strong> ({(100 * p[best]).toFixed(0)}%)
        </span>
      </h4>
      <div className="detail-grid">
        <div>
          <h5>cos θ to each filter</h5>
          <TileCanvas
            tiles={maps.cos}
            scale={{ kind: 'signed', max: 1 }}
            zoom={zoomFor(l.width, maps.cos.columns)}
            label={`${name}: cos θ maps`}
            testId={`${testId}-cos`}
          />
        </div>
        <div>
          <h5>Activations it passes on ({after.kind === 'sphereConv' ? 'g(θ), ReLU' : after.kind})</h5>
          <TileCanvas
            tiles={maps.activations}
            scale={{ kind: after.kind === 'bn' ? 'signed' : 'unsigned', max: maps.activationMax }}
            zoom={zoomFor(after.width, maps.activations.columns)}
            label={`${name}: activation maps after ${after.name}`}
            testId={`${testId}-activations`}
          />
        </div>
      </div>
      <LayerSummary
        layer={l}
        index={index}
        netLabel={net.label}
        color={net.color}
        timeline={props.timeline[model.id]?.[index] ?? []}
        testId={`${testId}-layer`}
      />
    </section>
  );
}
