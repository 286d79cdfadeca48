import type { ReactNode } from 'react';
import { CartesianGrid, LineChart, ResponsiveContainer } from 'recharts';

/** The app's chart theme: axis lines and ticks, and the tooltip box (dark background). */
export const CHART_AXIS = { stroke: '#9aa4b8', fontSize: 12 };
export const CHART_TOOLTIP_STYLE = { background: '#171e2e', border: '1px solid #34415f' };

type Margin = { top: number; right: number; bottom: number; left: number };

/**
 * A labelled line chart: <figure aria-label> with its caption, a responsive LineChart and the grid.
 * The axes, tooltip, legend and lines are the children (they stay direct children of LineChart).
 */
export function ChartFrame(props: {
  label: string;
  caption: ReactNode;
  height: number;
  rows: object[];
  margin?: Margin;
  children: ReactNode;
}) {
  return (
    <figure className="chart" aria-label={props.label}>
      <figcaption>{props.caption}</figcaption>
      <ResponsiveContainer width="100%" height={props.height}>
        <LineChart data={props.rows} margin={props.margin ?? { top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#263048" />
          {props.children}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
