import { useId } from 'react';
import { COLOUR_MODES, FFT_ENGINES, FOURIER_MODES, FOURIER_SIZES } from '../../fourier/names';
import { Hideable } from '../components/Hideable';
import type { AppStateApi } from '../useAppState';

export const MODE_TITLES: Record<(typeof FOURIER_MODES)[number], string> = {
  swap: 'Swap magnitude and phase',
  mix: 'Mix with α',
  phase: 'Phase only (unit magnitude)',
  magnitude: 'Magnitude only (random phase)',
};
const COLOUR_TITLES = { gray: 'Grayscale', rgb: 'Colour (per channel)' } as const;
const ENGINE_TITLES = { fftjs: 'fft.js (CPU)', tf: 'tf.js (GPU when present)' } as const;

function Select<V extends string | number>(props: {
  label: string;
  value: V;
  options: readonly V[];
  titles?: Record<string, string>;
  onChange(v: V): void;
}) {
  const id = useId();
  return (
    <div className="fourier-control">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={String(props.value)}
        onChange={(e) => {
          const raw = e.currentTarget.value;
          const v = props.options.find((o) => String(o) === raw);
          if (v !== undefined) props.onChange(v);
        }}
      >
        {props.options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {props.titles?.[String(o)] ?? String(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Mode, size, α, colour and engine: every URL-backed setting except the two images. */
export function FourierControls({ app }: { app: AppStateApi }) {
  const s = app.state.states.fourier;
  const update = (patch: Partial<typeof s>) => app.updateView('fourier', patch);
  const alphaId = useId();
  return (
    <div className="fourier-controls">
      <Hideable app={app} name="mode">
        <Select
          label="Mode"
          value={s.mode}
          options={FOURIER_MODES}
          titles={MODE_TITLES}
          onChange={(mode) => update({ mode })}
        />
      </Hideable>
      <Hideable app={app} name="size">
        <Select
          label="Size"
          value={s.size}
          options={FOURIER_SIZES}
          titles={Object.fromEntries(FOURIER_SIZES.map((n) => [String(n), `${n}×${n}`]))}
          onChange={(size) => update({ size })}
        />
      </Hideable>
      <Hideable app={app} name="alpha">
        <div className="fourier-control">
          <label htmlFor={alphaId}>Mix α</label>
          <input
            id={alphaId}
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={s.alpha}
            disabled={s.mode !== 'mix'}
            title={s.mode === 'mix' ? undefined : 'Used in the "Mix with α" mode'}
            onChange={(e) => update({ alpha: Number(e.currentTarget.value) })}
          />
          <output htmlFor={alphaId}>{s.alpha.toFixed(2)}</output>
        </div>
      </Hideable>
      <Hideable app={app} name="colour">
        <Select
          label="Colour mode"
          value={s.colour}
          options={COLOUR_MODES}
          titles={COLOUR_TITLES}
          onChange={(colour) => update({ colour })}
        />
      </Hideable>
      <Hideable app={app} name="engine">
        <Select
          label="FFT engine"
          value={s.engine}
          options={FFT_ENGINES}
          titles={ENGINE_TITLES}
          onChange={(engine) => update({ engine })}
        />
      </Hideable>
    </div>
  );
}
