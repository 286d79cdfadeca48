import { Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ScalingPoint } from '../../theory/scaling';
import { CHART_AXIS, CHART_TOOLTIP_STYLE, ChartFrame } from '../components/ChartFrame';

const THEORY_MARGIN = { top: 8, right: 16, bottom: 18, left: 8 };
const cTicks = [1, 2, 5, 10, 20, 50, 100];
const sci = (v: number) => (v >= 1e4 ? v.toExponential(0).replace('e+', 'e') : String(Math.round(v)));
const fmt = (v: unknown) =>
  typeof v === 'number' ? (v >= 1e4 ? v.toExponential(2) : v.toPrecision(4)) : String(v);

/** Shared log c axis (1 to 100). Spread into <XAxis>: recharts wants the axis as a direct child. */
const cAxis = {
  dataKey: 'c',
  type: 'number' as const,
  scale: 'log' as const,
  domain: [1, 100],
  ticks: cTicks,
  allowDataOverflow: true,
  label: {
    value: 'c (log scale)',
    position: 'insideBottom' as const,
    offset: -8,
    fill: '#9aa4b8',
    fontSize: 12,
  },
  ...CHART_AXIS,
};

/** Restricted condition numbers against c on log–log axes, with the c² reference of Lemma 1. */
export function ConditionChart({ points, c }: { points: ScalingPoint[]; c: number }) {
  const base = points[0]?.standard ?? 1;
  const rows = points.map((p) => ({
    c: p.c,
    standard: p.standard,
    sphereEuclidean: p.sphereEuclidean,
    sphereRiemannian: p.sphereRiemannian,
    reference: base * p.c * p.c,
  }));
  return (
    <ChartFrame
      label="Condition number chart"
      caption="Restricted condition number of the Hessian at the optimum (cU*, V* / c)"
      height={300}
      rows={rows}
      margin={THEORY_MARGIN}
    >
      <XAxis {...cAxis} />
      <YAxis scale="log" domain={['auto', 'auto']} tickFormatter={sci} width={52} {...CHART_AXIS} />
      <Tooltip
        formatter={fmt}
        labelFormatter={(v) => `c = ${Number(v).toFixed(2)}`}
        contentStyle={CHART_TOOLTIP_STYLE}
      />
      <Legend verticalAlign="top" />
      <ReferenceLine x={c} stroke="#e6e9f0" strokeDasharray="3 3" />
      <Line
        dataKey="standard"
        name="G, plain (Lemma 1)"
        stroke="#6cb4ff"
        strokeWidth={2}
        isAnimationActive={false}
      />
      <Line
        dataKey="reference"
        name="c² reference"
        stroke="#9aa4b8"
        strokeDasharray="6 4"
        dot={false}
        isAnimationActive={false}
      />
      <Line
        dataKey="sphereEuclidean"
        name="G_S, Euclidean Hessian"
        stroke="#ffcf5c"
        strokeWidth={1.5}
        strokeDasharray="2 3"
        isAnimationActive={false}
      />
      <Line
        dataKey="sphereRiemannian"
        name="G_S on the spheres (Riemannian)"
        stroke="#ff8a5c"
        strokeWidth={2}
        isAnimationActive={false}
      />
    </ChartFrame>
  );
}

/** Iterations to tolerance: GD on G against Riemannian GD on G_S; capped runs sit on the cap line. */
export function IterationsChart({ points, c, cap }: { points: ScalingPoint[]; c: number; cap: number }) {
  const rows = points.map((p) => ({ c: p.c, gd: p.gd.iterations, rgd: p.rgd.iterations }));
  return (
    <ChartFrame
      label="Iterations chart"
      caption="Iterations to reach 10⁻⁸ of the starting loss, step 1/L, from the rescaled start"
      height={300}
      rows={rows}
      margin={THEORY_MARGIN}
    >
      <XAxis {...cAxis} />
      <YAxis
        scale="log"
        domain={[10, cap * 2]}
        allowDataOverflow
        tickFormatter={sci}
        width={52}
        {...CHART_AXIS}
      />
      <Tooltip
        formatter={fmt}
        labelFormatter={(v) => `c = ${Number(v).toFixed(2)}`}
        contentStyle={CHART_TOOLTIP_STYLE}
      />
      <Legend verticalAlign="top" />
      <ReferenceLine x={c} stroke="#e6e9f0" strokeDasharray="3 3" />
      <ReferenceLine
        y={cap}
        stroke="#ff6b6b"
        strokeDasharray="4 4"
        label={{
          value: `cap ${cap.toLocaleString('en')} (not converged)`,
          fill: '#ff6b6b',
          fontSize: 11,
          position: 'insideTopLeft',
        }}
      />
      <Line dataKey="gd" name="GD on G" stroke="#6cb4ff" strokeWidth={2} isAnimationActive={false} />
      <Line
        dataKey="rgd"
        name="Riemannian GD on G_S"
        stroke="#ff8a5c"
        strokeWidth={2}
        isAnimationActive={false}
      />
    </ChartFrame>
  );
}
