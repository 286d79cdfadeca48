import { featureFinding } from '../../features/finding';
import type { FeatureSettings } from '../../features/runs';
import { verdictClass } from '../../replication/format';
import { SHIPPED } from '../../replication/shipped';
import type { AppStateApi } from '../useAppState';
import '../components/badge.css';

/**
 * Beside the picture: what the replication's five seeds found about the question the picture
 * asks (claim C4), for the loss on screen. One run at one seed can show either net ahead, so the
 * stored verdict is read next to it, in words and with its numbers (src/features/finding.ts).
 */
export function ClaimFinding({ app, settings }: { app: AppStateApi; settings: FeatureSettings }) {
  const finding = featureFinding(SHIPPED.results, settings);
  return (
    <aside
      className="features-finding"
      data-testid="features-finding"
      aria-labelledby="features-finding-title"
    >
      <h3 id="features-finding-title">What the replication found (claim C4)</h3>
      <p className="muted">The paper: {finding.paper}</p>
      <p data-testid="features-finding-summary">
        <strong>{finding.summary}</strong>
      </p>
      {finding.lines.length > 0 && (
        <ul>
          {finding.lines.map((l) => (
            <li key={l.measureId}>
              <span className={`badge ${verdictClass(l.verdict)}`}>{l.badge}</span> {l.text}
            </li>
          ))}
        </ul>
      )}
      {finding.scope && <p className="muted">{finding.scope}</p>}
      {SHIPPED.error && <p className="error">{SHIPPED.error}</p>}
      <a
        href="?view=about"
        onClick={(e) => {
          e.preventDefault();
          app.setView('about');
        }}
      >
        Every claim and how it was measured
      </a>
    </aside>
  );
}
