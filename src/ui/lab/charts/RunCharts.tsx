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

/** The keys of the curves of the run before a restart (drawn faint and dashed). */
const PREVIOUS = 'previous:';

/**
 * Merges per-model points into recharts rows keyed by step (models train in lockstep); the curves
 * of the run before a restart, if any, go into the same rows under PREVIOUS-prefixed keys.
 */
function mergeRows(
  series: Record<string, ModelSeries>,
  previous: Record<string, ModelSeries> | undefined,
  styles: SeriesStyle[],
  pick: 'loss' | 'accuracy',
  byTime: boolean,
): Row[] {
  const rows = new Map<number, Row>();
  const add = (source: Record<string, ModelSeries>, prefix: string) => {
    for (const { id } of styles) {
      const s = source[id];
      if (!s) continue;
      const points = pick === 'loss' ? s.losses : s.accuracy;
      for (const p of points) {
        const row = rows.get(p.step) ?? { step: p.step, time: p.wallMs / 1000 };
        if ('loss' in p) {
          row[`${prefix}${id}:raw`] = p.loss;
          row[`${prefix}${id}:smooth`] = p.smoothed;
        } else row[`${prefix}${id}`] = p.value * 100;
        rows.set(p.step, row);
      }
    }
  };
  add(series, '');
  if (previous) add(previous, PREVIOUS);
  const out = [...rows.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  return byTime ? out.map((r) => ({ ...r, x: r.time })) : out.map((r) => ({ ...r, x: r.step }));
}

/** The run before a restart: one faint dashed line per model, labelled as such. */
function previousLines(
  previous: Record<string, ModelSeries> | undefined,
  styles: SeriesStyle[],
  suffix: string,
) {
  if (!previous) return null;
  return styles
    .filter((s) => previous[s.id])
    .map((s) => (
      <Line
        key={`${PREVIOUS}${s.id}`}
        className="previous-run"
        dataKey={`${PREVIOUS}${s.id}${suffix}`}
        stroke={s.color}
        strokeOpacity={0.45}
        strokeDasharray="4 3"
        dot={false}
        isAnimationActive={false}
        name={`${s.label} (before the restart)`}
        connectNulls
      />
    ));
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

interface ChartProps {
  series: Record<string, ModelSeries>;
  /** The curves of the run before a restart after a fault, if the user restarted. */
  previous?: Record<string, ModelSeries>;
  styles: SeriesStyle[];
  byTime: boolean;
  /** Earlier runs kept for comparison (faded, dashed), newest last. */
  ghosts?: Ghost[];
}

export const LossChart = memo(function LossChart(props: ChartProps) {
  const live = mergeRows(props.series, props.previous, props.styles, 'loss', props.byTime);
  const rows = withGhostRows(live, props.ghosts ?? [], 'loss', props.byTime);
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
      {ghostLines(props.ghosts ?? [])}
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
      {previousLines(props.previous, props.styles, ':smooth')}
    </ChartFrame>
  );
});

export const AccuracyChart = memo(function AccuracyChart(props: ChartProps) {
  const live = mergeRows(props.series, props.previous, props.styles, 'accuracy', props.byTime);
  const rows = withGhostRows(live, props.ghosts ?? [], 'accuracy', props.byTime);
  return (
    <ChartFrame label="Test accuracy chart" caption="Test accuracy (%)" height={220} rows={rows}>
      <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} {...CHART_AXIS} />
      <YAxis {...CHART_AXIS} domain={[0, 100]} width={48} />
      <Tooltip contentStyle={CHART_TOOLTIP_STYLE} />
      <Legend />
      {ghostLines(props.ghosts ?? [])}
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
      {previousLines(props.previous, props.styles, '')}
    </ChartFrame>
  );
});
