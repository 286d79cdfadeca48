import { useState } from 'react';
import { checkTotalSize } from '../../../data';
import type { LAB_DATASETS } from '../../../url/labState';
import { Hideable } from '../../components/Hideable';
import type { AppStateApi } from '../../useAppState';
import type { TrainingApi } from '../useTraining';

/** Shipped MNIST, or the user's own full MNIST (IDX) / CIFAR-10 (binary) files. */
export function DatasetPanel({ app, training }: { app: AppStateApi; training: TrainingApi }) {
  const lab = app.state.states.lab;
  const [dragOver, setDragOver] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);

  const load = async (fileList: FileList | File[]) => {
    const files = Array.from(fileList);
    setLocalError(null);
    if (files.length === 0) return;
    try {
      checkTotalSize(files);
    } catch (err) {
      setLocalError((err as Error).message);
      return;
    }
    const payload = await Promise.all(
      files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    training.clear();
    training.send(
      { type: 'loadFiles', files: payload },
      payload.map((f) => f.bytes.buffer),
    );
  };

  const ds = training.state.dataset;
  return (
    <fieldset className="controls">
      <legend>Data</legend>
      <Hideable app={app} name="dataset">
        <label className="control">
          <span>Dataset</span>
          <select
            aria-label="Dataset"
            value={lab.dataset}
            onChange={(e) => {
              const dataset = e.target.value as (typeof LAB_DATASETS)[number];
              app.updateView('lab', { dataset });
              if (dataset === 'mnist') {
                training.clear();
                training.send({ type: 'useShippedMnist' });
              }
            }}
          >
            <option value="mnist">MNIST (10,000 real digits, shipped)</option>
            <option value="files">Your files: full MNIST (IDX) or CIFAR-10 (binary)</option>
          </select>
        </label>
      </Hideable>
      {lab.dataset === 'files' && (
        // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for mouse users; the labelled file input inside is the accessible way in.
        <div
          className={dragOver ? 'dropzone over' : 'dropzone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragOver(true);
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragOver(false);
            void load(e.dataTransfer.files);
          }}
        >
          <label className="control">
            <span>Dataset files</span>
            <input
              type="file"
              multiple
              aria-label="Dataset files"
              onChange={(e) => e.target.files && void load(e.target.files)}
            />
          </label>
          <p className="hint">
            Drop or pick <code>train-images-idx3-ubyte(.gz)</code>, <code>train-labels-idx1-ubyte(.gz)</code>,{' '}
            <code>t10k-images…</code>, <code>t10k-labels…</code> — or <code>cifar-10-binary.tar.gz</code>, or
            its <code>data_batch_*.bin</code> and <code>test_batch.bin</code>. Files stay on your machine.
          </p>
        </div>
      )}
      {localError && (
        <p className="error" role="alert">
          {localError}
        </p>
      )}
      <p className="dataset-summary" data-testid="dataset-summary">
        {ds
          ? `${ds.name}: ${ds.trainCount.toLocaleString('en-US')} train / ${ds.testCount.toLocaleString('en-US')} test, ${ds.inputShape.join('×')}`
          : 'Loading data…'}
      </p>
    </fieldset>
  );
}
