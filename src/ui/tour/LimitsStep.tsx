import { SHIPPED } from '../../replication/shipped';
import { scaleSentence, verdictSummary } from '../../tour/facts';
import { aboutLink } from '../../tour/links';
import { EffectStrip } from './EffectStrip';
import { TourStep } from './TourStep';

const results = SHIPPED.results;

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
        {summary.notReproduced.map((l) => (
          <li key={`${l.claimId}:${l.measureId}`}>
            <EffectStrip
              effects={effectsOf(l.claimId, l.measureId)}
              seeds={results.claims[l.claimId]?.seeds ?? []}
              label={l.label}
            />
            <span>
              <strong>{l.claimTitle}</strong> — {l.label}: {l.sentence}
            </span>
          </li>
        ))}
      </ul>
      <p data-testid="limits-why">{scaleSentence()}</p>
    </TourStep>
  );
}
