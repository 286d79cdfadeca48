import { Fragment, useState } from 'react';
import type { BackendChoice } from '../../engine/types';
import { labModels } from '../../lab/runConfig';
import { CLAIMS } from '../../replication/claims';
import { measureLines, NOT_MEASURED, verdictClass } from '../../replication/format';
import { type ClaimLink, claimLinks, runSpec } from '../../replication/links';
import { SHIPPED } from '../../replication/shipped';
import type { Claim, ClaimResult } from '../../replication/types';
import { RULE } from '../../replication/verdict';
import { parseUrl } from '../../url/schema';
import { ScrollBox } from '../components/ScrollBox';
import { RerunPanel } from './RerunPanel';
import { useRerun } from './useRerun';

/** The Lab's models for a link that the claim's run did not train (C5: the Lab adds learnable sigmoid). */
function extraModels(link: ClaimLink, claim: Claim, result?: ClaimResult): string[] {
  const parsed = parseUrl(link.href).state;
  const run = runSpec(claim, link.run, result);
  if (parsed.view !== 'lab' || !run) return [];
  const ran = new Set(run.models.map((m) => m.id));
  return labModels(parsed.states.lab)
    .filter((m) => !ran.has(m.id))
    .map((m) => m.label);
}

/** A link per run the claim's measures used; each is named as its measures are ("lr 0.3: …"). */
function ClaimLinks({ claim, result }: { claim: Claim; result?: ClaimResult }) {
  const links = claimLinks(claim, result);
  const labels = new Map(claim.measures.map((m) => [m.id, m.label]));
  const notes = [...new Set(links.map((l) => l.note).filter(Boolean))];
  return (
    <>
      <ul className="claim-links">
        {links.map((link) => {
          const extra = extraModels(link, claim, result);
          return (
            <li key={link.href}>
              <a href={link.href} title={link.measures.map((id) => labels.get(id)).join('; ')}>
                {link.text}
              </a>
              {extra.length > 0 && (
                <span className="replication-note">
                  {' '}
                  (the Lab also trains {extra.join(', ')}, which the claim did not)
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {notes.map((note) => (
        <p key={note} className="replication-note">
          {note}
        </p>
      ))}
    </>
  );
}

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

/**
 * One row per claim: measures with verdict badges and numbers, the paper's figure, the setting's
 * link, and "Rerun with new seeds" (one claim at a time: one rerun worker on `backend`).
 */
export function ReplicationTable({ backend }: { backend: BackendChoice }) {
  const { results, error } = SHIPPED;
  const rerun = useRerun(backend);
  const [rerunning, setRerunning] = useState<string | undefined>(undefined);
  const toggleRerun = (id: string) => {
    rerun.close();
    setRerunning((open) => (open === id ? undefined : id));
  };
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
      {/* Wider than a phone: the table scrolls inside its own box, not the page. */}
      <ScrollBox label="Replication results (scrolls sideways)">
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
              const open = rerunning === claim.id;
              return (
                <Fragment key={claim.id}>
                  <tr data-testid={`claim-${claim.id}`}>
                    <td>
                      <b>{claim.id}</b> {claim.title}
                      <p className="replication-note">{claim.experiment}</p>
                      <button
                        type="button"
                        className="btn rerun-open"
                        aria-expanded={open}
                        aria-controls={open ? `rerun-${claim.id}` : undefined}
                        onClick={() => toggleRerun(claim.id)}
                      >
                        Rerun with new seeds
                      </button>
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
                      <ClaimLinks claim={claim} result={result} />
                      {!result && <p className="replication-note">{NOT_MEASURED}</p>}
                    </td>
                  </tr>
                  {open && (
                    <tr id={`rerun-${claim.id}`} className="rerun-row" data-testid={`rerun-${claim.id}`}>
                      <td colSpan={4}>
                        <RerunPanel
                          claim={claim}
                          stored={result}
                          rerun={rerun}
                          onClose={() => toggleRerun(claim.id)}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}
