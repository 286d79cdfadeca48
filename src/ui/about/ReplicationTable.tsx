import { CLAIMS } from '../../replication/claims';
import { claimLink, measureLines, NOT_MEASURED, verdictClass } from '../../replication/format';
import { SHIPPED } from '../../replication/shipped';
import type { Claim, ClaimResult } from '../../replication/types';
import { RULE } from '../../replication/verdict';

const LINK_TEXT: Record<Claim['link']['view'], string> = {
  lab: 'Open this setting in the Lab',
  features: 'Open in Features',
  fourier: 'Open in Fourier',
};

function SearchNote({ result }: { result: ClaimResult }) {
  const search = result.search;
  if (!search) return null;
  return (
    <p className="replication-note">
      Setting chosen by a grid search on seeds {search.seeds.join(', ')} (not the claim’s):{' '}
      <b>{search.chosen}</b>. Mean steps saved per cell:{' '}
      {Object.entries(search.scores)
        .map(([id, s]) => `${id} ${s}`)
        .join(', ')}
      .
    </p>
  );
}

/** One row per claim: measures with verdict badges and numbers, the paper's figure, the setting's link. */
export function ReplicationTable() {
  const { results, error } = SHIPPED;
  return (
    <>
      {error && (
        <p role="alert" className="replication-error">
          The stored replication results could not be read: {error}
        </p>
      )}
      <p className="replication-note" data-testid="verdict-rule">
        {/* RULE marks verdicts with **…** for the README; here they read as bold. */}
        {RULE.split('**').map((part, i) => (i % 2 ? <b key={part}>{part}</b> : part))}
      </p>
      <table className="about-results" aria-label="Replication results">
        <thead>
          <tr>
            <th>Claim</th>
            <th>Measured here (mean effect, 95% t interval, p, Holm p over the claim’s measures)</th>
            <th>Paper</th>
            <th>Setting</th>
          </tr>
        </thead>
        <tbody>
          {CLAIMS.map((claim) => {
            const result = results.claims[claim.id];
            return (
              <tr key={claim.id} data-testid={`claim-${claim.id}`}>
                <td>
                  <b>{claim.id}</b> {claim.title}
                  <p className="replication-note">{claim.experiment}</p>
                </td>
                <td>
                  <ul className="measures">
                    {measureLines(claim, result).map((line) => (
                      <li key={line.label}>
                        <span className={`badge ${verdictClass(line.verdict)}`}>{line.badge}</span>{' '}
                        {line.label}: <span className="about-numbers">{line.numbers}</span>
                      </li>
                    ))}
                  </ul>
                  {result && <SearchNote result={result} />}
                  {result && (
                    <p className="replication-note">
                      Seeds {result.seeds.join(', ')}; runs at commit {result.commit}
                      {result.commit.endsWith('+changes') && ' (a tree with uncommitted changes)'};{' '}
                      {Math.round(result.wallSeconds / 60)} min.
                      {result.verdictsCommit &&
                        ` Verdicts recomputed from the stored per-seed numbers by the statistics at ${result.verdictsCommit}.`}
                    </p>
                  )}
                </td>
                <td>
                  {claim.paper}
                  <p className="replication-note">Paper’s figure: {claim.paperFigure}</p>
                </td>
                <td>
                  <a href={claimLink(claim, result)}>{LINK_TEXT[claim.link.view]}</a>
                  {!result && <p className="replication-note">{NOT_MEASURED}</p>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
