import { useCallback, useEffect, useState } from 'react';
import type { BackendChoice } from '../../engine/types';
import { SHIPPED } from '../../replication/shipped';
import { raceRun } from '../../tour/race';
import { useTraining } from '../lab/useTraining';

/**
 * The tour's large-learning-rate race in the training worker. The worker starts (and loads MNIST)
 * when the tour opens, so pressing the button only configures and starts the run; a press before
 * the data is in waits for it.
 */
export function useRace(backend: BackendChoice, peer = true) {
  const training = useTraining(backend, peer);
  const race = raceRun(SHIPPED.results);
  const [requested, setRequested] = useState(0);
  const [startedAt, setStartedAt] = useState<number>();
  const { send, clear } = training;
  const datasetReady = training.state.dataset !== undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `requested` numbers each press; the race config is fixed.
  useEffect(() => {
    if (requested === 0 || !datasetReady || !race) return;
    clear();
    send({ type: 'configure', config: race.config });
    send({ type: 'start' });
    setStartedAt(performance.now());
  }, [requested, datasetReady]);

  const start = useCallback(() => setRequested((n) => n + 1), []);
  return { training, race, requested: requested > 0, startedAt, start };
}

export type RaceApi = ReturnType<typeof useRace>;
