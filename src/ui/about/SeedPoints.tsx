/**
 * Per measure, one dot per seed on an effect axis with 0 marked: the rerun's seeds filled, as
 * they arrive, next to the stored seeds' effects (hollow). Right of 0 is the paper's way.
 */
import { formatEffect } from '../../replication/format';
import type { MeasurePoints } from '../../replication/rerun/rerunProgress';

const WIDTH = 320;
const HEIGHT = 34;
const PAD = 8;

function domain(values: number[]): [number, number] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  return [lo - span * 0.08, hi + span * 0.08];
}

function Strip({ measure }: { measure: MeasurePoints }) {
  const stored = measure.stored.filter((e): e is number => e !== null);
  const fresh = measure.points.flatMap((p) => (p.effect === null ? [] : [p.effect]));
  const [lo, hi] = domain([...stored, ...fresh]);
  const x = (v: number) => PAD + ((v - lo) / (hi - lo)) * (WIDTH - 2 * PAD);
  const missing = measure.points.length - fresh.length;
  return (
    <li className="seed-strip" data-testid={`seed-points-${measure.id}`} data-points={measure.points.length}>
      <span className="seed-strip-label">{measure.label}</span>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="seed-strip-plot"
        role="img"
        aria-label={`${measure.label}: ${fresh.length} new seed${fresh.length === 1 ? '' : 's'} (filled), ${stored.length} stored (hollow); 0 marked, the paper’s way to the right`}
      >
        <line x1={PAD} x2={WIDTH - PAD} y1={HEIGHT / 2} y2={HEIGHT / 2} className="seed-axis" />
        <line x1={x(0)} x2={x(0)} y1={3} y2={HEIGHT - 3} className="seed-zero" />
        {stored.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: stored seeds are a fixed list
          <circle key={`s${i}`} cx={x(v)} cy={HEIGHT / 2 - 6} r={4} className="seed-stored" />
        ))}
        {fresh.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: points only ever append
          <circle key={`n${i}`} cx={x(v)} cy={HEIGHT / 2 + 6} r={4.5} className="seed-new" />
        ))}
      </svg>
      <span className="seed-strip-values about-numbers">
        {measure.points.length === 0
          ? 'no seed finished yet'
          : measure.points
              .map(
                (p) => `${p.seed}: ${p.effect === null ? 'no number' : formatEffect(p.effect, measure.unit)}`,
              )
              .join(' · ')}
        {missing > 0 && ` (${missing} without a number)`}
      </span>
    </li>
  );
}

export function SeedPoints({ measures }: { measures: MeasurePoints[] }) {
  return (
    <ul className="seed-points" aria-label="Effect per seed">
      {measures.map((m) => (
        <Strip key={m.id} measure={m} />
      ))}
    </ul>
  );
}
