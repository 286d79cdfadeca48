import { CLASS_COLORS } from './classColors';

/** The digit colours; clicking a class highlights it in both plots (clicking it again clears). */
export function ClassLegend(props: { highlighted: number; onHighlight(cls: number): void }) {
  return (
    <ul className="class-legend" aria-label="Digit classes: click one to highlight it in both plots">
      {CLASS_COLORS.map((color, c) => (
        <li key={color}>
          <button
            type="button"
            className={props.highlighted === c ? 'legend-class active' : 'legend-class'}
            aria-pressed={props.highlighted === c}
            aria-label={`Highlight digit ${c}`}
            onClick={() => props.onHighlight(props.highlighted === c ? -1 : c)}
          >
            <span className="swatch" style={{ background: color }} aria-hidden="true" />
            {c}
          </button>
        </li>
      ))}
    </ul>
  );
}
