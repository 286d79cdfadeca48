import { SHIPPED } from '../../replication/shipped';
import { scaleSentence, type VerdictLine, verdictSummary } from '../../tour/facts';
import { aboutLink } from '../../tour/links';
import { EffectStrip } from './EffectStrip';
import { TourStep } from './TourStep';

const results = SHIPPED.results;

/** The lines grouped by claim, in the file's order: one heading per claim, its measures under it. */
function claimsOf(lines: VerdictLine[]) {
  const groups: { claimId: string; claimTitle: string; lines: VerdictLine[] }[] = [];
  for (const l of lines) {
    const last = groups[groups.length - 1];
    if (last?.claimId === l.claimId) last.lines.push(l);
    else groups.push({ claimId: l.claimId, claimTitle: l.claimTitle, lines: [l] });
  }
  return groups;
}

/** Step 6: every measured effect that did not reproduce, per seed, and why it may not at this scale. */
export function LimitsStep({ index }: { index: number }) {
  const summary = verdictSummary(results);
  const effectsOf = (claimId: string, measureId: string) =>
    results.claims[claimId]?.measures.find((m) => m.id === measureId)?.effects ?? [];
  return (
    <TourStep
      id="tour-limits"
      index={index}
      title="What does not show at browser scale, and why"
      link={{ href: aboutLink(), text: 'Open every claim and its numbers in About' }}
    >
      <p className="tour-fact" data-testid="limits-summary">
        {summary.sentence}
      </p>
      {SHIPPED.error && (
        <p className="error" role="alert">
          {SHIPPED.error}
        </p>
      )}
      <p className="tour-small muted">
        Each row: one effect, one dot per seed, the paper’s way to the right of the line, against it to the
        left (each row on its own scale).
      </p>
      <ul className="tour-limits" data-testid="limits-list">
        {claimsOf(summary.notReproduced).map(({ claimId, claimTitle, lines }) => (
          <li key={claimId} data-testid="limits-claim">
            <strong>{claimTitle}</strong>
            <ul>
              {lines.map((l) => (
                <li key={l.measureId} data-testid="limits-measure">
                  <EffectStrip
                    effects={effectsOf(l.claimId, l.measureId)}
                    seeds={results.claims[l.claimId]?.seeds ?? []}
                    label={l.label}
                  />
                  <span>
                    {l.label}: {l.sentence}
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p data-testid="limits-why">{scaleSentence()}</p>
    </TourStep>
  );
}
