import './shareClassroom.css';
import { useState } from 'react';
import type { Field } from '../../url/fields';
import { labelOf } from '../../url/fields';
import { VIEW_SCHEMAS } from '../../url/schema';
import { VIEW_TITLES } from '../../url/views';
import type { AppStateApi } from '../useAppState';

/**
 * Classroom mode (after TensorFlow Playground): tick the controls of the current view that a
 * shared link should hide. The choice lives in the link (`hide=`), so "Copy link" carries it.
 */
export function ClassroomPanel({ app }: { app: AppStateApi }) {
  const [open, setOpen] = useState(false);
  const { view, hidden } = app.state;
  const fields = Object.entries(VIEW_SCHEMAS[view]) as [string, Field<unknown>][];
  const toggle = (name: string, hide: boolean) =>
    app.setHidden(fields.map(([n]) => n).filter((n) => (n === name ? hide : hidden.includes(n))));

  return (
    <div className="classroom">
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        aria-controls="classroom-panel"
        onClick={() => setOpen((o) => !o)}
      >
        Classroom{hidden.length > 0 ? ` (${hidden.length} hidden)` : ''}
      </button>
      {open && (
        <fieldset id="classroom-panel" className="panel classroom-panel">
          <legend>Hide in shared link — {VIEW_TITLES[view]}</legend>
          {fields.length === 0 ? (
            <p className="placeholder">This view has no controls to hide.</p>
          ) : (
            fields.map(([name, field]) => (
              <label key={name} className="classroom-option">
                <input
                  type="checkbox"
                  checked={hidden.includes(name)}
                  onChange={(e) => toggle(name, e.currentTarget.checked)}
                />{' '}
                Hide {labelOf(name, field)}
              </label>
            ))
          )}
          <p className="classroom-hint">
            Hidden controls disappear here too; untick to bring them back. Then use “Copy link”.
          </p>
        </fieldset>
      )}
    </div>
  );
}
