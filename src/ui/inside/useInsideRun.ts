import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunConfig } from '../../engine/types';
import { featureRunConfig, featureRunKey } from '../../features/runs';
import { labRunConfig } from '../../lab/runConfig';
import type { ViewState } from '../../url/schema';
import { loadShippedRun, loadShippedWeights } from '../features/shippedSnapshots';
import type { TrainingApi } from '../lab/useTraining';

export interface InsideRun {
  config: RunConfig;
  /** Names the run and its weights: the inspection timeline starts again when it changes. */
  runKey: string;
  /** Steps the shown weights had before this worker's step 0 (the shipped run's, once loaded). */
  startStep: number;
  /** What is loaded, in a sentence (or why the shipped weights are not). */
  note: string;
  /** The worker holds the weights to show (the shipped ones arrive after a fetch). */
  ready: boolean;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The nets the Inside view opens, configured on its worker: the Lab's run (as the Lab's settings
 * stand; fresh weights, trained here with Train), or the Features view's shipped run (its final
 * weights loaded, for the Features settings as they stand).
 */
export function useInsideRun(
  source: ViewState<'inside'>['source'],
  lab: ViewState<'lab'>,
  featuresState: ViewState<'features'>,
  training: TrainingApi,
): InsideRun {
  // Shipped weights exist for the view's own recipe only (claim C4's recipe trains live in Features).
  const features = { ...featuresState, recipe: 'view' as const };
  const { send, clear } = training;
  const datasetReady = training.state.dataset !== undefined;
  const labKey = JSON.stringify({ ...lab, learningRate: undefined, xAxis: undefined });
  const featuresKey = featureRunKey(features);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the keys name the settings that define a run.
  const config = useMemo(
    // No test-accuracy evaluation: the view does not show it, and at step 0 it would delay the first look.
    () => ({ ...(source === 'lab' ? labRunConfig(lab) : featureRunConfig(features, 0)), evalEvery: 0 }),
    [source, labKey, featuresKey],
  );
  const configKey = `${source}:${source === 'lab' ? labKey : featuresKey}`;
  const [loaded, setLoaded] = useState<{ key: string; steps: number; note: string }>();
  const configuredKey = useRef<string | undefined>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: configKey names config, source and features.
  useEffect(() => {
    if (!datasetReady) return;
    let cancelled = false;
    // A new worker for the same nets (one replacing a crashed worker) keeps the run: the recovery
    // notice offers to go on from its last weights. Only new nets start a new run.
    if (configuredKey.current !== configKey) clear();
    configuredKey.current = configKey;
    // The first look is an inspection, not training: the auto backend is timed when Train is pressed.
    send({ type: 'configure', config, timeBackendOnTrain: true });
    if (source === 'lab') {
      setLoaded({ key: configKey, steps: 0, note: "The Lab's nets, freshly initialised: Train moves them." });
      return;
    }
    setLoaded(undefined);
    void (async () => {
      try {
        const shipped = await loadShippedRun(features);
        const weights = await loadShippedWeights(shipped.run);
        if (cancelled) return;
        send({ type: 'setWeights', weights });
        setLoaded({
          key: configKey,
          steps: shipped.run.steps,
          note: `The Features view's shipped run (${featuresKey}), final weights after ${shipped.run.steps.toLocaleString('en-US')} steps.`,
        });
      } catch (e) {
        if (!cancelled)
          setLoaded({
            key: configKey,
            steps: 0,
            note: `${message(e)} Showing freshly initialised nets instead.`,
          });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [configKey, datasetReady, send, clear]);

  const current = loaded?.key === configKey ? loaded : undefined;
  return {
    config,
    runKey: `${configKey}:${current ? 'loaded' : 'pending'}`,
    startStep: current?.steps ?? 0,
    note: current?.note ?? 'Loading the shipped weights…',
    ready: current !== undefined,
  };
}
