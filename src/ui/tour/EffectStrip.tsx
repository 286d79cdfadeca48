/**
 * One measure's per-seed effects from results.json on its own symmetric axis: the paper's way to
 * the right of zero, against it to the left. Seeds on both sides are what "not shown" looks like.
 */
export function EffectStrip(props: { effects: (number | null)[]; seeds: number[]; label: string }) {
  const dots = props.effects
    .map((v, i) => ({ v, seed: props.seeds[i] ?? i }))
    .filter((d): d is { v: number; seed: number } => d.v !== null && Number.isFinite(d.v));
  const values = dots.map((d) => d.v);
  const label = props.label;
  const extent = Math.max(1e-9, ...values.map((v) => Math.abs(v)));
  const x = (v: number) => 50 + (45 * v) / extent;
  return (
    <svg
      className="effect-strip"
      viewBox="0 0 100 12"
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}: per-seed effects ${values.map((v) => v.toFixed(2)).join(', ')}`}
    >
      <line x1="50" x2="50" y1="0" y2="12" className="effect-zero" />
      <line x1="5" x2="95" y1="6" y2="6" className="effect-axis" />
      {dots.map(({ v, seed }) => (
        <circle
          key={seed}
          cx={x(v)}
          cy="6"
          r="2.2"
          className={v > 0 ? 'effect-dot with' : 'effect-dot against'}
        />
      ))}
    </svg>
  );
}
