/**
 * The Lab's recurrent state → the recurrent export's config: the same nets (ids, labels, cells,
 * operator, k) that src/lab/runConfig.ts trains, with the Lab's batch, rate, optimizer, seed and
 * evaluation schedule, so the script's CSV lines up with the Lab's.
 */
import { type LabState, labRunConfig } from '../../lab/runConfig';
import type { RecurrentExportConfig, RecurrentExportModel } from './exportRecurrent';

export function recurrentExportConfig(lab: LabState, link: string): RecurrentExportConfig {
  const run = labRunConfig(lab);
  const models: RecurrentExportModel[] = run.models.map((m) => {
    if (m.spec.kind !== 'recurrent') throw new Error(`model ${m.id} of a recurrent Lab run is not recurrent`);
    const { arch, cell, operator, k } = m.spec.rnn;
    return { id: m.id, label: m.label, cell, kind: arch === 'sphere' ? 'sphere' : 'plain', operator, k };
  });
  return {
    models,
    hiddenUnits: lab.hiddenUnits,
    learningRate: run.learningRate,
    batchSize: run.batchSize,
    optimizer: run.optimizer,
    seed: run.seed,
    evalEvery: run.evalEvery,
    evalSize: run.evalSize,
    exactTiming: run.exactTiming,
    link,
  };
}
