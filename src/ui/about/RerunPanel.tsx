/**
 * "Rerun with new seeds" for one claim: times the claim on the reader's backend, runs it in the
 * rerun worker with seeds results.json does not store, draws each seed's effect as it arrives
 * with the time left, then shows the verdicts (the table's own formatting and statistics) and
 * offers the result as a results.json file.
 */
import { useEffect, useId, useState } from 'react';
import { measureLines, verdictClass } from '../../replication/format';
import { newSeeds } from '../../replication/rerun/newSeeds';
import {
  formatDuration,
  rerunFile,
  rerunFileName,
  seedPoints,
  seedsToRun,
  storedSeedsOf,
  timeLeftMs,
} from '../../replication/rerun/rerunProgress';
import type { Claim, ClaimResult } from '../../replication/types';
import { SeedPoints } from './SeedPoints';
import type { useRerun } from './useRerun';

type Rerun = ReturnType<typeof useRerun>;

/** Re-renders every second while `on`, so the time left counts down between seeds. */
function useTicker(on: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

function download(result: ClaimResult): void {
  const blob = new Blob([`${JSON.stringify(rerunFile(result), null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = rerunFileName(result);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RerunPanel(props: { claim: Claim; stored?: ClaimResult; rerun: Rerun; onClose(): void }) {
  const { claim, stored, rerun, onClose } = props;
  const { state } = rerun;
  const [seedCount, setSeedCount] = useState(claim.seeds.length);
  const [quick, setQuick] = useState(false);
  const ids = useId();
  const reuseSearch = stored?.search;
  /** Fresh seeds on every call: none results.json stores for the claim. */
  const request = (count: number) => ({
    claimId: claim.id,
    seeds: newSeeds(count, storedSeedsOf(claim, stored)),
    quick,
    reuseSearch,
  });
  const { estimate } = rerun;
  // Time the claim again whenever what it runs changes (quick shrinks every run).
  // biome-ignore lint/correctness/useExhaustiveDependencies: request changes every render (fresh seeds); claim and quick are the triggers
  useEffect(() => estimate(request(1)), [estimate, claim.id, quick]);

  const running = state.phase === 'running';
  const now = useTicker(running);
  const total = seedsToRun(claim, seedCount, reuseSearch);
  const estimatedMs =
    (state.estimate?.seedMs ?? 0) * seedCount + (reuseSearch ? 0 : (state.estimate?.searchMs ?? 0));
  const elapsed = (state.endedAt ?? now) - (state.startedAt ?? now);
  const left = state.estimate ? timeLeftMs(estimatedMs / total, state.seeds, total, elapsed) : undefined;
  const points = seedPoints(claim, state.seeds, reuseSearch?.chosen ?? state.result?.search?.chosen, stored);
  const backend = state.selection?.backend;
  const busy = state.phase === 'estimating' || running;

  return (
    <section className="rerun-panel" aria-label={`Rerun ${claim.id} with new seeds`} data-phase={state.phase}>
      <div className="rerun-controls">
        <label htmlFor={`${ids}-seeds`}>Seeds</label>
        <input
          id={`${ids}-seeds`}
          type="number"
          min={1}
          max={20}
          value={seedCount}
          disabled={busy}
          onChange={(e) => setSeedCount(Math.min(20, Math.max(1, Number(e.target.value) || 1)))}
        />
        <label className="rerun-quick">
          <input
            type="checkbox"
            checked={quick}
            disabled={busy}
            onChange={(e) => setQuick(e.target.checked)}
          />{' '}
          Smoke run (4 steps per run: checks the pipeline, its verdict means nothing)
        </label>
        {running ? (
          <button type="button" className="btn" onClick={rerun.cancel}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="btn primary"
            disabled={state.phase === 'estimating' || state.phase === 'error' || !state.estimate}
            onClick={() => rerun.start(request(seedCount), stored?.seeds ?? claim.seeds)}
          >
            {state.phase === 'done' || state.phase === 'cancelled' ? 'Run again with new seeds' : 'Start'}
          </button>
        )}
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>

      <p className="replication-note" role="status" data-testid="rerun-status">
        {state.phase === 'estimating' &&
          (state.task ? `${state.task}…` : `Timing ${claim.id} on ${backend ?? 'your backend'}…`)}
        {state.phase !== 'estimating' && state.estimate && (
          <>
            Estimated <b data-testid="rerun-estimate">{formatDuration(estimatedMs)}</b>
            {state.estimate.upperBound && ' at most (runs stop once both nets reach their targets)'} on{' '}
            {backend}: {formatDuration(state.estimate.seedMs)} per seed × {seedCount}, measured just now by
            timing a few training steps and one evaluation of each run.
            {reuseSearch &&
              ` Reuses the stored grid search’s choice (${reuseSearch.chosen}) instead of running the grid again.`}
          </>
        )}
        {state.phase === 'error' && (
          <span className="replication-error">The rerun failed: {state.error}</span>
        )}
      </p>

      {(running || state.seeds.length > 0 || state.phase === 'done') && (
        <div className="rerun-progress">
          <progress
            max={total}
            value={running || state.phase === 'done' ? state.seeds.length : undefined}
            aria-label="Seeds finished"
          />{' '}
          <span data-testid="rerun-seeds-done">
            {state.seeds.length} of {total} seeds
          </span>
          {running && left !== undefined && (
            <>
              {' '}
              · about <b data-testid="rerun-eta">{formatDuration(left)}</b> left (
              {state.seeds.length === 0 ? 'from the estimate' : 'from the measured seed times'})
            </>
          )}
          {state.phase === 'cancelled' && ' · cancelled: the worker was stopped, nothing more runs.'}
          {state.phase === 'done' && (
            <span data-testid="rerun-took">
              {' '}
              · took {formatDuration(elapsed)} (estimated {formatDuration(estimatedMs)})
            </span>
          )}
        </div>
      )}

      {(running || state.seeds.length > 0) && <SeedPoints measures={points} />}

      {state.phase === 'done' && state.result && (
        <div className="rerun-result" data-testid="rerun-result">
          <p className="replication-note">
            Verdicts on seeds {state.result.seeds.join(', ')}, by the same statistics as the stored results
            {state.result.provenance?.quick && ' (a smoke run: not a verdict to keep)'}
            {state.result.provenance?.fewerSeedsThanClaim &&
              ` (fewer seeds than the claim’s ${claim.seeds.length}: too few to count)`}
            :
          </p>
          <ul className="measures">
            {measureLines(claim, state.result).map((line) => (
              <li key={line.label}>
                <span className={`badge ${verdictClass(line.verdict)}`}>{line.badge}</span> {line.label}:{' '}
                <span className="about-numbers">{line.numbers}</span>
              </li>
            ))}
          </ul>
          <button type="button" className="btn" onClick={() => download(state.result!)}>
            Download result (JSON)
          </button>
        </div>
      )}
    </section>
  );
}
