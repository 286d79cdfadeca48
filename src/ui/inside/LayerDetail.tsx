import { useMemo } from 'react';
import type { ConvLayerInspection, ModelInspection, StageMap } from '../../inside/types';
import { fmt, maxAbs } from './colors';
import { channelTiles, TileCanvas, type Tiles } from './TileCanvas';

const deg = (cos: number) => ((Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI).toFixed(1);
const zoomFor = (size: number, columns: number) =>
  Math.max(1, Math.min(6, Math.floor(300 / (size * columns))));

/** The stages from this conv up to the next one: conv (with any folded pool), BN, ReLU, pool. */
export function stagesOf(model: ModelInspection, layerIndex: number): StageMap[] {
  const names = new Set(model.layers.map((l) => l.name));
  const from = model.stages.findIndex((s) => s.name === model.layers[layerIndex].name);
  const out: StageMap[] = [];
  for (let i = from; i >= 0 && i < model.stages.length; i++) {
    if (i > from && names.has(model.stages[i].name)) break;
    out.push(model.stages[i]);
  }
  return out;
}

function kernelTiles(l: ConvLayerInspection, sphere: boolean): Tiles {
  const { kernelSize: k, inChannels: cin, filters: cout } = l;
  return {
    count: cin * cout,
    height: k,
    width: k,
    columns: cin > 1 ? cin : Math.min(cout, 8),
    at: (t, y, x) => {
      const f = Math.floor(t / cin);
      const c = t % cin;
      return l.kernel[((y * k + x) * cin + c) * cout + f];
    },
    describe: (t, y, x, v) =>
      `filter ${Math.floor(t / cin) + 1}, input channel ${(t % cin) + 1}, (${y}, ${x}): ${fmt(v)}` +
      (sphere ? ' (unit filter)' : ` · ‖w‖ ${fmt(l.kernelNorms[Math.floor(t / cin)])}`),
  };
}

/**
 * One conv layer of one net for the inspected input: its filters, the maps after each stage, and
 * its output taken apart: ‖x‖ of each patch, cos θ to each filter, and what the layer makes of
 * them (g(θ) for the SphereNet, ‖w‖‖x‖cos θ = ⟨w,x⟩ for the CNN).
 */
export function LayerDetail(props: {
  model: ModelInspection;
  layerIndex: number;
  netLabel: string;
  testId: string;
}) {
  const { model, layerIndex, netLabel, testId } = props;
  const l = model.layers[layerIndex];
  const sphere = l.kind === 'sphereConv';
  const stages = useMemo(() => stagesOf(model, layerIndex), [model, layerIndex]);
  const view = useMemo(() => {
    const where = (t: number, y: number, x: number) => `filter ${t + 1} at (${y}, ${x})`;
    return {
      kernel: kernelTiles(l, sphere),
      kernelScale: { kind: 'signed' as const, max: maxAbs(l.kernel) },
      patchNorm: channelTiles(
        l.patchNorm,
        l.height,
        l.width,
        1,
        (_t, y, x, v) => `‖x‖ of the patch at (${y}, ${x}): ${fmt(v)}`,
      ),
      patchScale: { kind: 'unsigned' as const, max: maxAbs(l.patchNorm) },
      cos: channelTiles(
        l.cos,
        l.height,
        l.width,
        l.filters,
        (t, y, x, v) => `${where(t, y, x)}: cos θ ${fmt(v)}, θ ${deg(v)}°`,
      ),
      output: channelTiles(l.output, l.height, l.width, l.filters, (t, y, x, v) =>
        sphere
          ? `${where(t, y, x)}: g(θ) ${fmt(v)} (cos θ ${fmt(l.cos[(y * l.width + x) * l.filters + t])})`
          : `${where(t, y, x)}: ⟨w,x⟩ ${fmt(v)} = ‖w‖ ${fmt(l.kernelNorms[t])} · ‖x‖ ${fmt(l.patchNorm[y * l.width + x])} · cos θ ${fmt(l.cos[(y * l.width + x) * l.filters + t])}`,
      ),
      outputScale: { kind: 'signed' as const, max: sphere ? 1 : maxAbs(l.output) },
      stages: stages.map((s) => ({
        stage: s,
        tiles: channelTiles(
          s.values,
          s.height,
          s.width,
          s.channels,
          (t, y, x, v) => `${s.name} channel ${t + 1} at (${y}, ${x}): ${fmt(v)}`,
        ),
        scale: {
          kind: s.kind === 'relu' || s.kind === 'pool' ? ('unsigned' as const) : ('signed' as const),
          max: maxAbs(s.values),
        },
      })),
    };
  }, [l, sphere, stages]);
  const zoom = zoomFor(l.width, Math.min(l.filters, 8));
  const stageLabel = (s: StageMap) =>
    s.kind === 'sphereConv'
      ? `after ${s.name} (g(θ), ReLU${s.height < l.height ? ', 2×2 max-pool' : ''})`
      : `after ${s.name} (${s.kind})`;
  return (
    <div className="layer-detail" data-testid={testId}>
      <h4>
        {netLabel} · layer {layerIndex + 1} for this input
      </h4>
      <div className="detail-grid">
        <div>
          <h5>Filters {sphere ? 'w/‖w‖ (unit vectors: all the layer sees)' : 'w (as learned)'}</h5>
          <TileCanvas
            tiles={view.kernel}
            scale={view.kernelScale}
            zoom={Math.max(2, Math.floor(240 / (view.kernel.columns * (l.kernelSize + 1))))}
            label={`${netLabel} layer ${layerIndex + 1}: ${l.filters} filters`}
            testId={`${testId}-filters`}
          />
        </div>
        <div>
          <h5>‖x‖ of each patch</h5>
          <TileCanvas
            tiles={view.patchNorm}
            scale={view.patchScale}
            zoom={Math.max(2, zoom)}
            label={`${netLabel} layer ${layerIndex + 1}: patch norm map`}
            testId={`${testId}-patchnorm`}
          />
        </div>
        <div>
          <h5>cos θ to each filter</h5>
          <TileCanvas
            tiles={view.cos}
            scale={{ kind: 'signed', max: 1 }}
            zoom={zoom}
            label={`${netLabel} layer ${layerIndex + 1}: cos θ maps`}
            testId={`${testId}-cos`}
          />
        </div>
        <div>
          <h5>{sphere ? `g(θ), the ${l.operator} operator` : '⟨w,x⟩ = ‖w‖·‖x‖·cos θ'}</h5>
          <TileCanvas
            tiles={view.output}
            scale={view.outputScale}
            zoom={zoom}
            label={`${netLabel} layer ${layerIndex + 1}: conv output maps`}
            testId={`${testId}-output`}
          />
        </div>
        {view.stages
          .filter((s) => s.stage.kind !== 'conv')
          .map((s) => (
            <div key={s.stage.name}>
              <h5>{stageLabel(s.stage)}</h5>
              <TileCanvas
                tiles={s.tiles}
                scale={s.scale}
                zoom={zoomFor(s.stage.width, Math.min(s.stage.channels, 8))}
                label={`${netLabel}: activation maps ${stageLabel(s.stage)}`}
                testId={`${testId}-stage-${s.stage.kind}`}
              />
            </div>
          ))}
      </div>
    </div>
  );
}
