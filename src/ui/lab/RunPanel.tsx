import { useEffect, useState } from 'react';
import { describeMeasurement } from '../../engine/backends/autoBackend';
import type { BackendSelection } from '../../engine/types';
import { BACKEND_CHOICES } from '../../url/schema';
import type { AppStateApi } from '../useAppState';
import { RecoveryNotice } from './RecoveryNotice';
import { RunButtons } from './RunButtons';
import type { TrainingApi } from './useTraining';

/** " (2 threads, SIMD kernels)" after wasm: how the wasm backend runs here. */
function wasmDetails(sel: BackendSelection): string {
  const parts: string[] = [];
  if (sel.wasmThreads && sel.wasmThreads > 1) parts.push(`${sel.wasmThreads} threads`);
  if (sel.wasmSimdKernels) parts.push('SIMD kernels');
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function formatEta(ms?: number): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  return ms < 1000 ? ' · <1 s left' : ` · ${Math.ceil(ms / 1000)} s left`;
}

/**
 * After this long without a running backend, say what to do. A software GPU (SwiftShader) can hold
 * Chromium's GPU process for 10 s and more with the shader compiles of the worker just replaced,
 * and a new WebGL or WebGPU worker waits behind them; wasm and cpu do not.
 */
export const SLOW_START_MS = 3000;

function SlowStart({ app }: { app: AppStateApi }) {
  const choice = app.state.backend;
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const t0 = performance.now();
    const timer = setInterval(() => setSeconds(Math.floor((performance.now() - t0) / 1000)), 250);
    return () => clearInterval(timer);
  }, []);
  if (seconds * 1000 < SLOW_START_MS) return null;
  const instead = choice === 'wasm' ? 'cpu' : 'wasm';
  return (
    <p className="notice" role="status" data-testid="slow-start">
      Starting {choice} takes longer than usual ({seconds} s; a software GPU can be busy for a while with the
      last backend’s work). To train now:{' '}
      <button type="button" className="btn" onClick={() => app.setBackend(instead)}>
        Use {instead}
      </button>
    </p>
  );
}

/** Train / Pause / Step / Reset, the backend and why it was chosen, and long-task progress. */
export function RunPanel({
  app,
  training,
  onReset,
}: {
  app: AppStateApi;
  training: TrainingApi;
  onReset(): void;
}) {
  const { state } = training;
  const sel = state.selection;
  return (
    <div className="run-panel">
      <RecoveryNotice training={training} />
      <RunButtons training={training} onReset={onReset} withStep />
      <label className="control inline">
        <span>Backend</span>
        <select
          aria-label="Backend"
          value={app.state.backend}
          onChange={(e) => app.setBackend(e.target.value as (typeof BACKEND_CHOICES)[number])}
        >
          {BACKEND_CHOICES.map((b) => (
            <option key={b} value={b}>
              {b === 'auto' ? 'auto (times each, keeps the fastest)' : b}
            </option>
          ))}
        </select>
      </label>
      {sel?.measurement && (
        <output
          className="backend-figures"
          data-testid="backend-figures"
          aria-label="Backend speeds measured by auto"
          title="Training images per second of this run (every model, losses read back), timed by auto on each backend. '< N' marks one ruled out by a quick probe: at most that fast."
        >
          <span className="muted">timed on this run: </span>
          {describeMeasurement(sel.measurement)}
        </output>
      )}
      <p className="backend-status" aria-live="polite" data-testid="backend-status">
        {sel ? (
          <>
            Running on <strong data-testid="active-backend">{sel.backend}</strong>
            {wasmDetails(sel)}
            {state.workers > 1 && (
              <span data-testid="worker-count"> in {state.workers} workers, one net per core</span>
            )}
            : {sel.reason}.
            {sel.adapter
              ? ` Adapter: ${sel.adapter.description}${sel.adapter.isFallbackAdapter ? ' (software fallback)' : ''}.`
              : ''}
          </>
        ) : (
          'Starting the training worker…'
        )}
      </p>
      {!sel && <SlowStart key={`${app.state.backend}-${state.worker}`} app={app} />}
      {sel && sel.notices.length > 0 && (
        <p className="notice" role="status">
          Backend notice: {sel.notices.join('; ')}
        </p>
      )}
      {state.progress && (
        <div
          className="progress"
          role="progressbar"
          aria-label={state.progress.task}
          aria-valuenow={state.progress.done}
          aria-valuemin={0}
          aria-valuemax={state.progress.total}
        >
          {state.progress.task}: {Math.round((100 * state.progress.done) / Math.max(1, state.progress.total))}
          %{formatEta(state.progress.etaMs)}
          <progress value={state.progress.done} max={state.progress.total} />
        </div>
      )}
      {state.deviceLost && (
        <p className="error" role="alert">
          {state.deviceLost}
        </p>
      )}
      {state.errors.map((e) => (
        <p key={e} className="error" role="alert">
          {e}
        </p>
      ))}
    </div>
  );
}
