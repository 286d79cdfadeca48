import { memo } from 'react';
import { Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_AXIS, CHART_TOOLTIP_STYLE, ChartFrame } from '../../components/ChartFrame';
import { type Ghost, ghostDash } from '../ghosts';
import type { ModelSeries } from '../trainingStore';

export interface SeriesStyle {
  id: string;
  label: string;
  color: string;
}

type Row = Record<string, number | undefined>;

/** Merges per-model points into recharts rows keyed by step (models train in lockstep). */
function mergeRows(
  series: Record<string, ModelSeries>,
  styles: SeriesStyle[],
  pick: 'loss' | 'accuracy',
  byTime: boolean,
): Row[] {
  const rows = new Map<number, Row>();
  for (const { id } of styles) {
    const s = series[id];
    if (!s) continue;
    if (pick === 'loss') {
      for (const p of s.losses) {
        const row = rows.get(p.step) ?? { step: p.step, time: p.wallMs / 1000 };
        row[`${id}:raw`] = p.loss;
        row[`${id}:smooth`] = p.smoothed;
        rows.set(p.step, row);
      }
    } else {
      for (const p of s.accuracy) {
        const row = rows.get(p.step) ?? { step: p.step, time: p.wallMs / 1000 };
        row[id] = p.value * 100;
        rows.set(p.step, row);
      }
    }
  }
  const out = [...rows.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  return byTime ? out.map((r) => ({ ...r, x: r.time })) : out.map((r) => ({ ...r, x: r.step }));
}

const ghostKey = (ghost: Ghost, modelId: string) => `ghost${ghost.key}:${modelId}`;

/** The live rows plus one row per ghost point: earlier runs have their own steps and times. */
function withGhostRows(live: Row[], ghosts: Ghost[], pick: 'loss' | 'accuracy', byTime: boolean): Row[] {
  if (ghosts.length === 0) return live;
  const rows = [...live];
  for (const ghost of ghosts)
    for (const curve of ghost.curves)
      for (const p of pick === 'loss' ? curve.losses : curve.accuracy)
        rows.push({
          x: byTime ? p.wallMs / 1000 : p.step,
          [ghostKey(ghost, curve.id)]: pick === 'loss' ? p.value : p.value * 100,
        });
  return rows.sort((a, b) => (a.x ?? 0) - (b.x ?? 0));
}

/** Earlier runs: thin, dashed (one pattern per run) and faded in their model's colour. */
function ghostLines(ghosts: Ghost[]) {
  return ghosts.flatMap((ghost) =>
    ghost.curves.map((curve) => (
      <Line
        key={ghostKey(ghost, curve.id)}
        dataKey={ghostKey(ghost, curve.id)}
        stroke={curve.color}
        strokeOpacity={0.45}
        strokeDasharray={ghostDash(ghost)}
        strokeWidth={1.5}
        dot={false}
        isAnimationActive={false}
        // Named in the tooltip; the legend would grow by a line per model per run (GhostList says it once).
        legendType="none"
        name={`${curve.label} · earlier: ${ghost.label}`}
        connectNulls
      />
    )),
  );
}

export const LossChart = memo(function LossChart(props: {
  series: Record<string, ModelSeries>;
  styles: SeriesStyle[];
  byTime: boolean;
  ghosts: Ghost[];
}) {
  const live = mergeRows(props.series, props.styles, 'loss', props.byTime);
  const rows = withGhostRows(live, props.ghosts, 'loss', props.byTime);
  return (
    <ChartFrame
      label="Training loss chart"
      caption="Training loss (smoothed; raw faint)"
      height={260}
      rows={rows}
    >
      <XAxis
        dataKey="x"
        type="number"
        domain={['dataMin', 'dataMax']}
        {...CHART_AXIS}
        label={{
          value: props.byTime ? 'seconds' : 'step',
          position: 'insideBottomRight',
          offset: -4,
          fill: '#9aa4b8',
        }}
      />
      <YAxis {...CHART_AXIS} domain={[0, 'auto']} width={48} />
      <Tooltip contentStyle={CHART_TOOLTIP_STYLE} />
      <Legend />
      {ghostLines(props.ghosts)}
      {props.styles.map((s) => (
        <Line
          key={`${s.id}:raw`}
          dataKey={`${s.id}:raw`}
          stroke={s.color}
          strokeOpacity={0.25}
          dot={false}
          isAnimationActive={false}
          legendType="none"
          name={`${s.label} (raw)`}
          connectNulls
        />
      ))}
      {props.styles.map((s) => (
        <Line
          key={`${s.id}:smooth`}
          dataKey={`${s.id}:smooth`}
          stroke={s.color}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
          name={s.label}
          connectNulls
        />
      ))}
    </ChartFrame>
  );
});

export const AccuracyChart = memo(function AccuracyChart(props: {
  series: Record<string, ModelSeries>;
  styles: SeriesStyle[];
  byTime: boolean;
  ghosts: Ghost[];
}) {
  const live = mergeRows(props.series, props.styles, 'accuracy', props.byTime);
  const rows = withGhostRows(live, props.ghosts, 'accuracy', props.byTime);
  return (
    <ChartFrame label="Test accuracy chart" caption="Test accuracy (%)" height={220} rows={rows}>
      <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} {...CHART_AXIS} />
      <YAxis {...CHART_AXIS} domain={[0, 100]} width={48} />
      <Tooltip contentStyle={CHART_TOOLTIP_STYLE} />
      <Legend />
      {ghostLines(props.ghosts)}
      {props.styles.map((s) => (
        <Line
          key={s.id}
          dataKey={s.id}
          stroke={s.color}
          strokeWidth={2}
          dot={{ r: 2 }}
          isAnimationActive={false}
          name={s.label}
          connectNulls
        />
      ))}
    </ChartFrame>
  );
});
