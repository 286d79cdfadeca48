import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkerToPage } from '../../engine/protocol';
import type { RunConfig } from '../../engine/types';
import type { ViewState } from '../../url/schema';
import type { SeriesStyle } from './charts/RunCharts';
import { DigitGrid, type GridPredictions } from './dataset/DigitGrid';
import { DrawDigit } from './dataset/DrawDigit';
import { download, runToCsv, runToJson } from './exportRun';
import type { TrainingApi } from './useTraining';

const GRID_SIZE = 24;
const MNIST_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const CIFAR_NAMES = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

type Predictions = Extract<WorkerToPage, { type: 'predictions' }>;

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
  const { dataset, step, configured } = training.state;
  const [grid, setGrid] = useState<GridPredictions | null>(null);
  const nextId = useRef(1);

  const predictTest = useCallback(async () => {
    if (!dataset) return;
    const indices = Array.from({ length: Math.min(GRID_SIZE, dataset.testCount) }, (_, i) => i);
    const reply = await training.request<Predictions>(
      { type: 'predict', requestId: nextId.current++, source: 'test', indices },
      'predictions',
    );
    if (reply.inputs && reply.labels) {
      setGrid({
        inputs: reply.inputs,
        labels: reply.labels,
        byModel: reply.byModel,
        shape: dataset.inputShape,
      });
    }
  }, [dataset, training]);

  // Refresh the grid every 100 steps (and once the models exist).
  const bucket = Math.floor(step / 100);
  // biome-ignore lint/correctness/useExhaustiveDependencies: bucket is the trigger (every 100 steps), not an input.
  useEffect(() => {
    if (configured) void predictTest();
  }, [bucket, configured, predictTest]);

  const predictPixels = useCallback(
    async (pixels: Float32Array) =>
      (
        await training.request<Predictions>(
          { type: 'predictPixels', requestId: nextId.current++, pixels },
          'predictions',
        )
      ).byModel,
    [training],
  );

  const exportModels = async () => {
    const reply = await training.request<Extract<WorkerToPage, { type: 'exported' }>>(
      { type: 'exportModels', requestId: nextId.current++ },
      'exported',
    );
    for (const m of reply.models)
      for (const f of m.files) download(f.name, f.bytes as BlobPart, 'application/octet-stream');
  };

  const exportTorch = async () => {
    // Loaded on demand: the generator's Python templates stay out of the first page load.
    const { exportTorchFromState, TORCH_SCRIPT_NAME } = await import('../../export/exportTorch');
    download(TORCH_SCRIPT_NAME, exportTorchFromState(props.lab).source, 'text/x-python');
  };

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
            onClick={() => download('spherelab-run.csv', runToCsv(training.state.series), 'text/csv')}
          >
            Export CSV
          </button>
          <button
            type="button"
            className="btn"
            onClick={() =>
              download(
                'spherelab-run.json',
                runToJson(props.config, training.state.series, props.meta),
                'application/json',
              )
            }
          >
            Export JSON
          </button>
          <button type="button" className="btn" onClick={() => void exportModels()} disabled={!configured}>
            Download models (tfjs)
          </button>
          <button type="button" className="btn" onClick={() => void exportTorch()}>
            Export as PyTorch
          </button>
        </div>
      </section>
    </div>
  );
}
