import { Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { LEARNABLE_K_OFFSET } from '../../../sphere/recipe';
import { CHART_AXIS, CHART_TOOLTIP_STYLE, ChartFrame } from '../../components/ChartFrame';
import type { ModelSeries } from '../trainingStore';

const LAYER_COLORS = ['#ffcf5c', '#ff8a5c', '#c792ea', '#7fd88f', '#6cb4ff', '#f78c6c'];

/** What the k values belong to: a conv net's layers by number, a recurrent cell's transforms by name. */
export interface KParts {
  names: string[];
  of: string;
  over: string;
}

/**
 * Learnable k (mean over filters, effective |k| + 0.05) of each SphereConv layer, over time; for
 * a recurrent SphereNet (parts) of each of its cell's transforms, mean over units.
 */
export function KChart({ series, parts }: { series: ModelSeries | undefined; parts?: KParts }) {
  const name = (i: number) => parts?.names[i] ?? `layer ${i + 1}`;
  const rows = (series?.kHistory ?? []).map((h) => ({
    step: h.step,
    ...Object.fromEntries(h.values.map((v, i) => [name(i), v])),
  }));
  const names = (series?.kHistory[0]?.values ?? []).map((_, i) => name(i));
  return (
    <ChartFrame
      label="Learnable k chart"
      caption={`Learnable k per ${parts?.of ?? 'layer'}: k_eff = |k| + ${LEARNABLE_K_OFFSET}, mean over ${parts?.over ?? 'filters'}`}
      height={200}
      rows={rows}
      margin={{ top: 8, right: 16, bottom: 14, left: 0 }}
    >
      <XAxis
        dataKey="step"
        type="number"
        domain={['dataMin', 'dataMax']}
        {...CHART_AXIS}
        label={{ value: 'step', position: 'insideBottomRight', offset: -10, fill: '#9aa4b8' }}
      />
      {/* Two decimals, so a tick label always fits the axis's 48 px (recharts' own ticks read 0.735, 0.665…). */}
      <YAxis
        {...CHART_AXIS}
        width={48}
        domain={['auto', 'auto']}
        tickFormatter={(v: number) => v.toFixed(2)}
      />
      <Tooltip contentStyle={CHART_TOOLTIP_STYLE} />
      <Legend />
      {names.map((name, i) => (
        <Line
          key={name}
          dataKey={name}
          stroke={LAYER_COLORS[i % LAYER_COLORS.length]}
          dot={false}
          isAnimationActive={false}
          strokeWidth={2}
        />
      ))}
    </ChartFrame>
  );
}
