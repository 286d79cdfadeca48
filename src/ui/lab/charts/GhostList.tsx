import { type Ghost, ghostDash } from '../ghosts';

/** Names the earlier runs drawn faded on the charts, each beside its dash pattern, and clears them. */
export function GhostList({ ghosts, onClear }: { ghosts: Ghost[]; onClear(): void }) {
  if (ghosts.length === 0) return null;
  return (
    <section className="ghost-list" data-testid="ghosts" aria-label="Earlier runs on the charts">
      <span className="muted">Earlier runs, faded in each model’s colour:</span>
      <ul>
        {ghosts.map((g) => (
          <li key={g.key}>
            <svg width="28" height="8" aria-hidden="true">
              <line
                x1="0"
                y1="4"
                x2="28"
                y2="4"
                stroke="currentColor"
                strokeWidth="2"
                strokeDasharray={ghostDash(g)}
              />
            </svg>
            <span data-testid="ghost-label">{g.label}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="btn" onClick={onClear}>
        Clear earlier runs
      </button>
    </section>
  );
}
