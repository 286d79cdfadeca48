import type { TimelinePoint } from '../../inside/timeline';
import type { ConvLayerInspection } from '../../inside/types';
import { fmt } from './colors';
import { Sparkline, ThetaHistogram } from './StatCharts';

const pct = (v: number | undefined) => (v === undefined ? '—' : `${(100 * v).toFixed(1)}%`);

/**
 * One conv layer's batch statistics now, and how they moved over training: the θ histogram, dead
 * ReLUs, ‖w‖, lr/‖w‖², and for the CNN the share of its output's variance the magnitude carries.
 */
export function LayerSummary(props: {
  layer: ConvLayerInspection;
  index: number;
  netLabel: string;
  color: string;
  timeline: TimelinePoint[];
  selected?: boolean;
  onSelect?(): void;
  testId: string;
}) {
  const { layer, index, color, timeline } = props;
  const s = layer.stats;
  const title = `Layer ${index + 1} · ${layer.kind === 'sphereConv' ? `SphereConv (${layer.operator})` : 'conv'} · ${layer.filters} filters ${layer.kernelSize}×${layer.kernelSize}×${layer.inChannels}`;
  return (
    <section
      className={props.selected ? 'layer-summary selected' : 'layer-summary'}
      aria-label={`${props.netLabel}, layer ${index + 1}`}
      data-testid={props.testId}
    >
      <h4>
        {props.onSelect ? (
          <button type="button" className="link" aria-pressed={props.selected} onClick={props.onSelect}>
            {title}
          </button>
        ) : (
          title
        )}
      </h4>
      <dl className="layer-stats">
        <div>
          <dt title="Filters whose ReLU output is 0 on every position of every batch image">dead filters</dt>
          <dd>{pct(s.deadFilterFraction)}</dd>
        </div>
        <div>
          <dt title="Share of all ReLU outputs that are 0">zero outputs</dt>
          <dd>{pct(s.zeroActivationFraction)}</dd>
        </div>
        <div>
          <dt title="Mean over filters of ‖w‖">mean ‖w‖</dt>
          <dd>{fmt(s.meanKernelNorm)}</dd>
        </div>
        <div>
          <dt title="How far one step turns a filter's direction: lr / mean ‖w‖²">lr/‖w‖²</dt>
          <dd>{fmt(s.effectiveStep)}</dd>
        </div>
        <div>
          <dt title="Share of Var(log|⟨w,x⟩|) carried by log(‖w‖‖x‖): how much of the output is size, not angle">
            magnitude share
          </dt>
          <dd>{s.magnitudeShare === undefined ? '0 (no ‖w‖‖x‖ factor)' : pct(s.magnitudeShare)}</dd>
        </div>
      </dl>
      <div className="layer-charts">
        <ThetaHistogram
          counts={s.thetaHistogram}
          color={color}
          label={`${props.netLabel} layer ${index + 1}: histogram of θ between filters and patches`}
        />
        <Sparkline
          points={timeline}
          value={(p) => p.meanTheta * (180 / Math.PI)}
          title="mean θ°"
          color={color}
        />
        <Sparkline points={timeline} value={(p) => p.meanKernelNorm} title="‖w‖" color={color} />
        <Sparkline points={timeline} value={(p) => p.effectiveStep} title="lr/‖w‖²" color={color} />
        <Sparkline points={timeline} value={(p) => p.deadFilterFraction} title="dead" color={color} />
        {layer.kind === 'conv' && (
          <Sparkline
            points={timeline}
            value={(p) => p.magnitudeShare}
            title="magnitude share"
            color={color}
          />
        )}
      </div>
    </section>
  );
}
