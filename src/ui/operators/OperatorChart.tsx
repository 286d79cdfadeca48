import { Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { SphereOperator } from '../../sphere/angular';
import { CHART_AXIS, CHART_TOOLTIP_STYLE, ChartFrame } from '../components/ChartFrame';
import type { CurveRow } from './geometry';

export const OPERATOR_STYLES: {
  id: SphereOperator | 'inner';
  label: string;
  color: string;
  dash?: string;
}[] = [
  { id: 'linear', label: 'linear', color: '#ffcf5c' },
  { id: 'cosine', label: 'cosine', color: '#7be495' },
  { id: 'sigmoid', label: 'sigmoid (k)', color: '#ff8a5c' },
  { id: 'learnable-sigmoid', label: 'learnable sigmoid', color: '#c792ea' },
  { id: 'inner', label: '‖w‖‖x‖ cos θ (plain conv)', color: '#6cb4ff', dash: '6 4' },
];

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : String(v));

/** g(θ) over [0°, 180°] for every operator, the plain inner product dashed, θ now marked. */
export function OperatorChart({ rows, thetaDeg }: { rows: CurveRow[]; thetaDeg: number }) {
  return (
    <ChartFrame
      label="Operator curves chart"
      caption="g(θ) for θ from 0 to π (shown in degrees)"
      height={400}
      rows={rows}
      margin={{ top: 8, right: 16, bottom: 16, left: 0 }}
    >
      <XAxis
        dataKey="deg"
        type="number"
        domain={[0, 180]}
        ticks={[0, 45, 90, 135, 180]}
        tickFormatter={(d: number) => `${d}°`}
        {...CHART_AXIS}
      />
      <YAxis
        domain={['auto', 'auto']}
        tickFormatter={(v: number) => v.toFixed(1)}
        width={44}
        {...CHART_AXIS}
      />
      <Tooltip
        formatter={fmt}
        labelFormatter={(d) => `θ = ${Number(d).toFixed(0)}°`}
        contentStyle={CHART_TOOLTIP_STYLE}
      />
      <Legend />
      <ReferenceLine y={0} stroke="#4a5775" />
      <ReferenceLine
        x={thetaDeg}
        stroke="#e6e9f0"
        strokeDasharray="3 3"
        label={{ value: 'θ', fill: '#e6e9f0' }}
      />
      {OPERATOR_STYLES.map((s) => (
        <Line
          key={s.id}
          dataKey={s.id}
          name={s.label}
          stroke={s.color}
          strokeDasharray={s.dash}
          dot={false}
          strokeWidth={2}
          isAnimationActive={false}
        />
      ))}
    </ChartFrame>
  );
}
