import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModelSeries } from './trainingStore';

const LAYER_COLORS = ['#ffcf5c', '#ff8a5c', '#c792ea', '#7fd88f', '#6cb4ff', '#f78c6c'];

/** Learnable k (mean over filters, effective |k| + 0.05) of each SphereConv layer, over time. */
export function KChart({ series }: { series: ModelSeries | undefined }) {
  const rows = (series?.kHistory ?? []).map((h) => ({
    step: h.step,
    ...Object.fromEntries(h.values.map((v, i) => [`layer ${i + 1}`, v])),
  }));
  const names = (series?.kHistory[0]?.values ?? []).map((_, i) => `layer ${i + 1}`);
  return (
    <figure className="chart" aria-label="Learnable k chart">
      <figcaption>Learnable k per layer (mean over filters)</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#263048" />
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            stroke="#9aa4b8"
            fontSize={12}
          />
          <YAxis stroke="#9aa4b8" fontSize={12} width={48} domain={['auto', 'auto']} />
          <Tooltip contentStyle={{ background: '#171e2e', border: '1px solid #34415f' }} />
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
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
