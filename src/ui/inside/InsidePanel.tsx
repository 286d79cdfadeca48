import { useMemo, useState } from 'react';
import type { InspectInput } from '../../engine/protocol';
import type { RunConfig } from '../../engine/types';
import { serializeUrl } from '../../url/schema';
import type { TrainingApi } from '../lab/useTraining';
import type { AppStateApi } from '../useAppState';
import { CompactNet } from './CompactNet';
import { netsToShow } from './shownNets';
import { useInspection } from './useInspection';
import './inside.css';

/**
 * The Lab's "Inside the nets": while the Lab trains, one test digit through both of its nets —
 * each layer's angle maps, the activations it passes on, its batch statistics and their timelines.
 * Closed, it asks the worker nothing; open, useInspection keeps one inspect request in flight at
 * most and spaces them so inspecting takes ≤ 1/13 of the worker's time (the ≤ 10% budget). Its
 * digit, layer and nets are the Inside view's settings, so the link opens that view on them.
 */
export function InsidePanel(props: { app: AppStateApi; training: TrainingApi; config: RunConfig }) {
  const { app, training, config } = props;
  const [open, setOpen] = useState(false);
  const inside = app.state.states.inside;
  const nets = netsToShow(config, inside.net);
  const idsKey = nets.map((n) => n.id).join(',');
  const ids = useMemo(() => idsKey.split(','), [idsKey]);
  const last = (training.state.dataset?.testCount ?? 1) - 1;
  const digit = Math.min(inside.digit, last);
  const input = useMemo<InspectInput>(() => ({ source: 'test', index: digit }), [digit]);
  // A new run (settings or worker) starts the timelines again.
  const runKey = useMemo(
    () => `${JSON.stringify(config)}#${training.state.worker}`,
    [config, training.state.worker],
  );
  const inspection = useInspection(training, { input, models: ids, runKey, enabled: open });
  const latest = inspection.latest;
  const layerCount = latest?.models[0]?.layers.length ?? 0;

  const full = {
    ...app.state,
    view: 'inside' as const,
    hidden: [],
    embed: false,
    states: { ...app.state.states, inside: { ...inside, source: 'lab' as const } },
  };
  const openFull = (e: React.MouseEvent) => {
    // A new tab opens the link itself; a plain click switches views, keeping the Lab's settings.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    app.updateView('inside', { source: 'lab' });
    app.setView('inside');
  };
  return (
    <details
      className="panel inside-panel inside-compact"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="inside-panel"
    >
      <summary>
        <span className="inside-panel-title">Inside the nets</span>{' '}
        <span className="hint">one test digit through both nets, live while they train</span>
      </summary>
      {open && (
        <>
          <div className="inside-panel-controls">
            <label className="control inline">
              <span>Test digit #</span>
              <input
                type="number"
                aria-label="Inside panel test digit"
                min={0}
                max={last}
                value={digit}
                onChange={(e) => {
                  const v = Number(e.target.value);
                  if (Number.isInteger(v))
                    app.updateView('inside', { digit: Math.max(0, Math.min(last, v)) });
                }}
              />
            </label>
            <label className="control inline">
              <span>Layer</span>
              <select
                aria-label="Inside panel layer"
                value={Math.min(inside.layer, Math.max(0, layerCount - 1))}
                onChange={(e) => app.updateView('inside', { layer: Number(e.target.value) })}
              >
                {Array.from({ length: Math.max(1, layerCount) }, (_, i) => `${i + 1}`).map((n, i) => (
                  <option key={n} value={i}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <a className="btn" href={serializeUrl(full)} onClick={openFull} data-testid="inside-panel-link">
              Open in the Inside view
            </a>
          </div>
          <p className="hint" aria-live="polite" data-testid="inside-panel-status">
            {inspection.failure ??
              (latest
                ? `Test image #${digit}${latest.label === undefined ? '' : ` (label ${latest.label})`} · weights at step ${latest.step.toLocaleString('en-US')}`
                : 'Inspecting…')}
          </p>
          <div className="inside-panel-nets">
            {nets.map((n) => (
              <CompactNet
                key={n.id}
                net={n}
                model={latest?.models.find((m) => m.id === n.id)}
                timeline={inspection.timeline}
                layer={inside.layer}
                testId={`inside-panel-${n.id}`}
              />
            ))}
          </div>
        </>
      )}
    </details>
  );
}
