import { useCallback, useEffect, useRef, useState } from 'react';
import { claimFeatureRunConfig, claimRecipeWords } from '../../features/claimRecipe';
import { type FeatureSettings, featureRunConfig, featureRunKey } from '../../features/runs';
import type { TrainingApi } from '../lab/useTraining';
import { loadShippedRun, loadShippedWeights, type ShippedRun } from './shippedSnapshots';

/** What the plots show: the shipped run's checkpoints, or a run training in this browser. */
export type FeatureSource =
  | { kind: 'loading' }
  | { kind: 'shipped' }
  | {
      kind: 'live';
      /** From freshly seeded weights, or from the shipped run's final weights. */
      from: 'scratch' | 'continue';
      /** The step the live run's step 0 corresponds to (the shipped steps when continuing). */
      startStep: number;
      /** Where a run from scratch stops (the full run's length, or a shorter run's); 0 = no cap. */
      steps: number;
      /** Why live training started by itself (no snapshot, a bad file), if it did. */
      reason?: string;
    };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Opens the shipped snapshot of the settings at once; when there is none (or its file is missing,
 * corrupt or stale) starts live training and says why. "Train live" and "Continue from the final
 * weights" switch to a live run; "Show the shipped run" switches back.
 */
export function useFeatureSource(settings: FeatureSettings, training: TrainingApi, fullSteps: number) {
  const key = featureRunKey(settings);
  const [shipped, setShipped] = useState<{ key: string; run?: ShippedRun }>();
  const [source, setSource] = useState<FeatureSource>({ kind: 'loading' });
  const [notice, setNotice] = useState<string>();
  const [liveRun, setLiveRun] = useState(0);
  const { send, clear } = training;
  const datasetReady = training.state.dataset !== undefined;
  const recovering = training.state.recovery !== undefined;
  const recoveringRef = useRef(recovering);
  recoveringRef.current = recovering;
  /** The live run the current worker was set up for: a new worker for the same run keeps it. */
  const setUpRun = useRef(-1);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const shippedRun = shipped?.key === key ? shipped.run : undefined;

  const startLive = useCallback(
    (from: 'scratch' | 'continue', startStep: number, reason: string | undefined, steps: number) => {
      setSource({ kind: 'live', from, startStep, reason, steps: from === 'scratch' ? steps : 0 });
      setLiveRun((n) => n + 1);
    },
    [],
  );

  useEffect(() => {
    let cancelled = false;
    setSource({ kind: 'loading' });
    setNotice(undefined);
    send({ type: 'pause' });
    // Claim C4's recipe ships no snapshot: it trains live at once, and says so in words.
    if (settingsRef.current.recipe === 'claim') {
      setShipped({ key });
      startLive(
        'scratch',
        0,
        `Claim C4's recipe (${claimRecipeWords(settingsRef.current)}): trained live here, as the replication trained it.`,
        fullSteps,
      );
      return;
    }
    loadShippedRun(settingsRef.current).then(
      (run) => {
        if (cancelled) return;
        setShipped({ key, run });
        setSource({ kind: 'shipped' });
      },
      (err) => {
        if (cancelled) return;
        setShipped({ key });
        startLive('scratch', 0, `${message(err)} Training live instead.`, fullSteps);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key, send, startLive, fullSteps]);

  // A live run starts once the worker has the data: configure, (load weights), train.
  // biome-ignore lint/correctness/useExhaustiveDependencies: liveRun numbers each requested run.
  useEffect(() => {
    if (source.kind !== 'live' || !datasetReady) return;
    let cancelled = false;
    const { from, steps } = source;
    // A worker replacing a crashed one: set it up for the same run, but leave going on (from the last
    // weights) or training again to the recovery notice, as the Lab does.
    const replacing = setUpRun.current === liveRun && recoveringRef.current;
    setUpRun.current = liveRun;
    void (async () => {
      if (!replacing) clear();
      // From scratch: the shipped run's length (it ends where the snapshot ends) or a shorter run's,
      // whose learning-rate decay and margin annealing are scaled to it. Continuing: no cap.
      send({
        type: 'configure',
        config:
          settingsRef.current.recipe === 'claim'
            ? claimFeatureRunConfig(settingsRef.current, steps)
            : featureRunConfig(settingsRef.current, from === 'scratch' ? steps : 0),
      });
      if (from === 'continue') {
        if (!shippedRun) throw new Error('there is no shipped run for these settings');
        const weights = await loadShippedWeights(shippedRun.run);
        if (cancelled) return;
        send({ type: 'setWeights', weights });
      }
      if (!cancelled && !replacing) send({ type: 'start' });
    })().catch((err) => {
      if (cancelled) return;
      setNotice(`Could not continue from the final weights: ${message(err)} Training from scratch instead.`);
      startLive('scratch', 0, undefined, fullSteps);
    });
    return () => {
      cancelled = true;
    };
  }, [liveRun, datasetReady]);

  const showShipped = useCallback(() => {
    send({ type: 'pause' });
    setSource({ kind: 'shipped' });
  }, [send]);

  return {
    source,
    shipped: shippedRun,
    notice,
    /** Numbers live runs: the polling hook drops the previous run's features when it changes. */
    liveRun,
    /** `steps`: a shorter run than the full one, e.g. to finish in minutes on a slow machine. */
    trainFromScratch: (steps: number = fullSteps) => startLive('scratch', 0, undefined, steps),
    continueFromFinal: () => shippedRun && startLive('continue', shippedRun.run.steps, undefined, 0),
    showShipped,
  };
}
