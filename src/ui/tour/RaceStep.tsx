import { useMemo } from 'react';
import { SHIPPED } from '../../replication/shipped';
import { headlineRate, largeRateFacts } from '../../tour/facts';
import { largeRateLink } from '../../tour/links';
import { mechanismFact } from '../../tour/mechanism';
import { RACE_EVAL_EVERY, RACE_EVAL_SIZE, raceSentence } from '../../tour/race';
import { MODEL_COLORS } from '../lab/charts/modelColors';
import { AccuracyChart, type SeriesStyle } from '../lab/charts/RunCharts';
import { useThrottled } from '../lab/useThrottled';
import { TourStep } from './TourStep';
import type { RaceApi } from './useRace';

const results = SHIPPED.results;

/** Step 3: C3's learning rate 1, trained here (the hero's button starts it), beside what C3 measured. */
export function RaceStep({ race: api, index }: { race: RaceApi; index: number }) {
  const { training, race, requested, startedAt, start } = api;
  const ts = training.state;
  const facts = largeRateFacts(results);
  const headline = headlineRate(facts);
  const why = headline && mechanismFact(results, headline.runId);
  const styles: SeriesStyle[] = useMemo(
    () =>
      (race?.config.models ?? []).map((m) => ({
        id: m.id,
        label: m.label,
        color: MODEL_COLORS[m.id] ?? '#ccc',
      })),
    [race],
  );
  const series = useThrottled(ts.series, 1000);
  const running = requested && (ts.running || ts.step > 0);
  const finished = race !== undefined && ts.step >= race.steps && !ts.running;
  const seconds = startedAt !== undefined && running ? Math.round((performance.now() - startedAt) / 1000) : 0;
  const link = headline ? largeRateLink(results, headline.runId) : undefined;

  return (
    <TourStep
      id="tour-race"
      index={index}
      title={
        // The title states the effect only while results.json backs it.
        headline?.measure?.verdict === 'reproduced' && headline.baselineCollapsed > headline.sphereCollapsed
          ? 'What that buys: a SphereNet stays trainable where a CNN collapses'
          : 'What that buys? Large learning rates, as the replication measured them'
      }
      link={{ href: link ?? '?view=lab', text: 'Open this run in the Lab' }}
    >
      <p>
        SphereConv’s outputs lie in [−1, 1] whatever the weights do; a plain convolution’s grow with its
        weights. The paper argues that this bound keeps training stable. The race below is the replication’s
        own setting: momentum SGD at learning rate {race?.config.learningRate}, no batch norm, seed{' '}
        {race?.seed}, {race?.steps} steps, both nets on the same batches.
      </p>
      {headline && (
        <p className="tour-fact" data-testid="race-fact">
          {headline.sentence}
        </p>
      )}
      {/* The hero's button scrolls here: the live result, its chart and the measured why, together. */}
      <div className="tour-race" id="tour-race-live">
        {!requested && (
          <button type="button" className="btn primary" onClick={start}>
            Start the race
          </button>
        )}
        {finished && (
          <button type="button" className="btn" onClick={start}>
            Race again
          </button>
        )}
        <p className="tour-live" aria-live="polite" data-testid="race-live">
          {!requested
            ? 'Nothing trains until you press the button.'
            : !ts.dataset
              ? 'Loading MNIST into the training worker…'
              : !running
                ? 'Starting the race…'
                : `${raceSentence(series[styles[0]?.id], series[styles[1]?.id])}${finished ? ' Finished.' : ` (${seconds} s)`}`}
        </p>
        <div className="tour-race-figure">
          <div className="tour-race-chart">
            {requested && <AccuracyChart series={series} styles={styles} byTime={false} />}
            <p className="tour-small muted">
              Test accuracy on {RACE_EVAL_SIZE} test digits every {RACE_EVAL_EVERY} steps (the replication:{' '}
              {race?.replicationEval.size.toLocaleString('en')} every {race?.replicationEval.every}).{' '}
              {ts.selection ? `Training on ${ts.selection.backend}.` : 'Starting the training worker…'}
            </p>
          </div>
          {why && (
            <div className="tour-why" data-testid="race-mechanism">
              {why.sentences.map((s) => (
                <p key={s}>{s}</p>
              ))}
            </div>
          )}
        </div>
        {ts.errors.map((e) => (
          <p key={e} className="error" role="alert">
            {e}
          </p>
        ))}
      </div>
      {facts.length > 1 && (
        <ul className="tour-facts" data-testid="race-rates">
          {facts
            .filter((f) => f !== headline)
            .map((f) => (
              <li key={f.runId}>{f.sentence}</li>
            ))}
        </ul>
      )}
    </TourStep>
  );
}
