import { useCallback, useEffect, useState } from 'react';
import type { RunConfig } from '../../engine/types';
import type { ViewState } from '../../url/schema';
import type { SeriesStyle } from './charts/RunCharts';
import { DigitGrid, type GridPredictions } from './dataset/DigitGrid';
import { DrawDigit } from './dataset/DrawDigit';
import { download, runToCsv, runToJson } from './exportRun';
import { shownSeries } from './trainingStore';
import type { TrainingApi } from './useTraining';

const GRID_SIZE = 24;
const MNIST_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const CIFAR_NAMES = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** Predictions on test digits, a drawing pad, and exports of the run and of the trained models. */
export function LabExtras(props: {
  training: TrainingApi;
  styles: SeriesStyle[];
  config: RunConfig;
  meta: Record<string, unknown>;
  /** The Lab's settings: the PyTorch export is made from them. */
  lab: ViewState<'lab'>;
}) {
  const { training, styles } = props;
  const { dataset, step, configured, worker } = training.state;
  const series = shownSeries(training.state);
  const [grid, setGrid] = useState<GridPredictions | null>(null);
  // Stable across renders (useCallback in useTraining): the grid effect below must not rerun per render.
  const { request } = training;

  const predictTest = useCallback(async () => {
    if (!dataset) return;
    const indices = Array.from({ length: Math.min(GRID_SIZE, dataset.testCount) }, (_, i) => i);
    const reply = await request({ type: 'predict', source: 'test', indices }, 'grid');
    if (reply?.inputs && reply.labels) {
      setGrid({
        inputs: reply.inputs,
        labels: reply.labels,
        byModel: reply.byModel,
        shape: dataset.inputShape,
      });
    }
  }, [dataset, request]);

  // Refresh the grid every 100 steps, for each new run (config) and each new worker's models.
  const bucket = Math.floor(step / 100);
  const { config } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: bucket, config and worker are triggers, not inputs.
  useEffect(() => {
    if (configured) void predictTest();
  }, [bucket, configured, config, worker, predictTest]);

  const predictPixels = useCallback(
    async (pixels: Float32Array) => (await request({ type: 'predictPixels', pixels }))?.byModel,
    [request],
  );

  const exportModels = async () => {
    const reply = await request({ type: 'exportModels' });
    for (const m of reply?.models ?? [])
      for (const f of m.files) download(f.name, f.bytes as BlobPart, 'application/octet-stream');
  };

  const exportTorch = async () => {
    // Loaded on demand: the generator's Python templates stay out of the first page load.
    const { exportTorchFromState, TORCH_SCRIPT_NAME } = await import('../../export/exportTorch');
    download(TORCH_SCRIPT_NAME, exportTorchFromState(props.lab).source, 'text/x-python');
  };

  const recurrent = props.lab.family === 'recurrent';
  const isMnist = dataset?.inputShape[0] === 28 && dataset.inputShape[2] === 1;
  const classNames = dataset?.numClasses === 10 && !isMnist ? CIFAR_NAMES : MNIST_NAMES;
  return (
    <div className="lab-extras">
      <section className="panel" aria-labelledby="grid-title">
        <h3 id="grid-title">Test images and predictions</h3>
        <button type="button" className="btn" onClick={() => void predictTest()} disabled={!configured}>
          Refresh predictions
        </button>
        {grid && <DigitGrid data={grid} styles={styles} classNames={classNames} />}
      </section>
      <section className="panel" aria-labelledby="draw-title">
        <h3 id="draw-title">Draw a digit</h3>
        {isMnist ? (
          <DrawDigit styles={styles} predict={predictPixels} />
        ) : (
          <p className="hint">Drawing works with MNIST data.</p>
        )}
        <h3>Export</h3>
        <div className="exports">
          <button
            type="button"
            className="btn"
            onClick={() => download('spherelab-run.csv', runToCsv(series), 'text/csv')}
          >
            Export CSV
          </button>
          <button
            type="button"
            className="btn"
            onClick={() =>
              download('spherelab-run.json', runToJson(props.config, series, props.meta), 'application/json')
            }
          >
            Export JSON
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void exportModels()}
            disabled={!configured || recurrent}
            aria-describedby={recurrent ? 'recurrent-export-note' : undefined}
          >
            Download models (tfjs)
          </button>
          <button type="button" className="btn" onClick={() => void exportTorch()}>
            Export as PyTorch
          </button>
        </div>
        {recurrent && (
          // The tfjs model files are LayersModels: the recurrent nets are not, so they have none.
          <p className="hint" id="recurrent-export-note">
            Recurrent nets have no tfjs model files; Export as PyTorch writes their script (row-by-row MNIST),
            and CSV and JSON export its curves.
          </p>
        )}
      </section>
    </div>
  );
}
