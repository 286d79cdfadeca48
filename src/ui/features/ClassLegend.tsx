import { CLASS_COLORS } from './classColors';

export function ClassLegend() {
  return (
    <ul className="class-legend" aria-label="Digit classes">
      {CLASS_COLORS.map((color, c) => (
        <li key={color}>
          <span className="swatch" style={{ background: color }} aria-hidden="true" />
          {c}
        </li>
      ))}
    </ul>
  );
}
