import { useCallback, useMemo, useState } from 'react';
import type { InspectInput } from '../../engine/protocol';
import { INSPECT_BATCH } from '../../inside/types';
import { INSIDE_NETS, INSIDE_SOURCES } from '../../url/insideState';
import { Hideable } from '../components/Hideable';
import { Select } from '../components/modelControls';
import { InputPicker } from '../inside/InputPicker';
import { NetColumn } from '../inside/NetColumn';
import { netsToShow } from '../inside/shownNets';
import { useInsideRun } from '../inside/useInsideRun';
import { useInspection } from '../inside/useInspection';
import { RecoveryNotice } from '../lab/RecoveryNotice';
import { RunButtons } from '../lab/RunButtons';
import { useTraining } from '../lab/useTraining';
import type { AppStateApi } from '../useAppState';
import '../lab/lab.css';
import '../inside/inside.css';

const SOURCE_LABELS: Record<(typeof INSIDE_SOURCES)[number], string> = {
  lab: "The Lab's run (trains here)",
  features: "The Features view's shipped run",
};

const NET_LABELS: Record<(typeof INSIDE_NETS)[number], string> = {
  both: 'Both, side by side',
  sphere: 'SphereNet only',
  cnn: 'CNN only',
};

export default function InsideView({ app }: { app: AppStateApi }) {
  const state = app.state.states.inside;
  const training = useTraining(app.state.backend, app.state.workers !== '1');
  const ts = training.state;
  const run = useInsideRun(state.source, app.state.states.lab, app.state.states.features, training);
  const [drawn, setDrawn] = useState<Float32Array>();
  const input = useMemo<InspectInput>(
    () => (drawn ? { source: 'pixels', pixels: drawn } : { source: 'test', index: state.digit }),
    [drawn, state.digit],
  );
  const nets = netsToShow(run.config, state.net);
  const idsKey = nets.map((n) => n.id).join(',');
  const ids = useMemo(() => idsKey.split(','), [idsKey]);
  const inspection = useInspection(training, { input, models: ids, runKey: run.runKey, enabled: run.ready });
  const latest = inspection.latest;

  const predict = useCallback(
    async (pixels: Float32Array) => {
      setDrawn(pixels);
      // Undefined when a newer drawing replaced this one: its own answer follows.
      const reply = await training.request({ type: 'predictPixels', pixels });
      return reply?.byModel ?? {};
    },
    [training],
  );
  const reset = () => {
    training.clear();
    training.send({ type: 'reset' });
  };
  const shownStep = latest ? run.startStep + latest.step : undefined;
  return (
    <section aria-labelledby="inside-title" className="view inside">
      <h2 id="inside-title">Inside</h2>
      <p className="lede">
        One input through both nets, layer by layer. Every conv output is taken apart into its factors: the
        CNN computes ⟨w,x⟩ = ‖w‖·‖x‖·cos θ, the SphereNet only g(θ) of the angle θ between filter and patch.
        The statistics under each layer are over the first {INSPECT_BATCH} test digits; the small charts show
        how they moved while the nets trained.
      </p>
      <div className="inside-grid">
        <aside className="panel">
          <fieldset className="controls">
            <legend>Nets</legend>
            <Hideable app={app} name="source">
              <Select
                label="Nets from"
                value={state.source}
                options={INSIDE_SOURCES}
                names={SOURCE_LABELS}
                onChange={(source) => app.updateView('inside', { source })}
              />
            </Hideable>
            <Hideable app={app} name="net">
              <Select
                label="Nets shown"
                value={state.net}
                options={INSIDE_NETS}
                names={NET_LABELS}
                onChange={(net) => app.updateView('inside', { net })}
              />
            </Hideable>
            <p className="hint" data-testid="inside-run-note">
              {run.note}
            </p>
            <RecoveryNotice training={training} />
            <RunButtons training={training} onReset={reset} withStep />
            <p className="backend-status" aria-live="polite">
              {ts.selection ? (
                <>
                  On <strong data-testid="active-backend">{ts.selection.backend}</strong>
                </>
              ) : (
                'Starting the worker…'
              )}
              {ts.progress
                ? ` · ${ts.progress.task} ${Math.round((100 * ts.progress.done) / ts.progress.total)}%`
                : ''}
              {shownStep !== undefined && (
                <span data-testid="inside-step"> · weights at step {shownStep.toLocaleString('en-US')}</span>
              )}
            </p>
            {ts.errors.map((e) => (
              <p key={e} className="error" role="alert">
                {e}
              </p>
            ))}
            {inspection.failure && <p className="error">{inspection.failure}</p>}
          </fieldset>
          <Hideable app={app} name="digit">
            <InputPicker
              digit={state.digit}
              testCount={ts.dataset?.testCount}
              drawn={drawn !== undefined}
              label={latest?.label}
              pixels={latest?.input}
              shape={ts.dataset?.inputShape}
              onDigit={(digit) => {
                setDrawn(undefined);
                app.updateView('inside', { digit });
              }}
              styles={nets}
              predict={predict}
              canDraw={ts.dataset?.inputShape.join('x') === '28x28x1'}
            />
          </Hideable>
        </aside>
        <div className="inside-nets" data-net={state.net}>
          {nets.map((n) => (
            <NetColumn
              key={n.id}
              net={n}
              model={latest?.models.find((m) => m.id === n.id)}
              timeline={inspection.timeline}
              layer={state.layer}
              onLayer={
                // A classroom link that hides the layer choice keeps the shown layer fixed.
                app.state.hidden.includes('layer')
                  ? undefined
                  : (layer) => app.updateView('inside', { layer })
              }
            />
          ))}
        </div>
      </div>
    </section>
  );
}
