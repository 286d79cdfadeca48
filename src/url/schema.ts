import { aboutSchema } from './aboutState';
import { featuresSchema } from './featuresState';
import { defaultsOf, enumField, type Schema, type StateOf, setField } from './fields';
import { fourierSchema } from './fourierState';
import { labSchema } from './labState';
import { operatorsSchema } from './operatorsState';
import { theorySchema } from './theoryState';
import { VIEWS, type ViewId } from './views';

/** Every view's fields. Keys must be unique within a view; `view` and `hide` are global. */
export const VIEW_SCHEMAS = {
  lab: labSchema,
  fourier: fourierSchema,
  features: featuresSchema,
  operators: operatorsSchema,
  theory: theorySchema,
  about: aboutSchema,
} satisfies Record<ViewId, Schema>;

export type ViewState<V extends ViewId> = StateOf<(typeof VIEW_SCHEMAS)[V]>;
export type AllViewStates = { [V in ViewId]: ViewState<V> };

export const BACKEND_CHOICES = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
const backendField = enumField('backend', BACKEND_CHOICES, 'auto');

export interface AppUrlState {
  view: ViewId;
  /** Global: which tf.js backend every view uses ('auto' picks the fastest real one). */
  backend: BackendChoice;
  /** Controls a classroom link hides (names of fields of the active view). */
  hidden: string[];
  states: AllViewStates;
}

export function defaultAppState(): AppUrlState {
  const states = {} as Record<ViewId, unknown>;
  for (const v of VIEWS) states[v] = defaultsOf(VIEW_SCHEMAS[v]);
  return { view: 'lab', backend: 'auto', hidden: [], states: states as AllViewStates };
}

export interface ParseResult {
  state: AppUrlState;
  /** Human-readable list of what was ignored (unknown keys, malformed or out-of-range values). */
  ignored: string[];
}

/** Never throws: anything it cannot use falls back to the default and is listed in `ignored`. */
export function parseUrl(search: string): ParseResult {
  const state = defaultAppState();
  const ignored: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  } catch {
    return { state, ignored: ['the whole query string (unreadable)'] };
  }
  const rawView = params.get('view');
  if (rawView !== null) {
    if ((VIEWS as readonly string[]).includes(rawView)) state.view = rawView as ViewId;
    else ignored.push(`view=${rawView}`);
  }
  const schema: Schema = VIEW_SCHEMAS[state.view];
  const viewState = state.states[state.view] as Record<string, unknown>;
  const byKey = new Map(Object.entries(schema).map(([name, f]) => [f.key, name]));
  const hideField = setField('hide', Object.keys(schema));
  for (const [key, raw] of params) {
    if (key === 'view') continue;
    if (key === 'backend') {
      const backend = backendField.parse(raw);
      if (backend === undefined) ignored.push(`backend=${raw}`);
      else state.backend = backend;
      continue;
    }
    if (key === 'hide') {
      const hidden = hideField.parse(raw);
      if (hidden === undefined) ignored.push(`hide=${raw}`);
      else state.hidden = hidden;
      continue;
    }
    const name = byKey.get(key);
    if (name === undefined) {
      ignored.push(`${key}=${raw} (unknown)`);
      continue;
    }
    const value = schema[name].parse(raw);
    if (value === undefined) ignored.push(`${key}=${raw}`);
    else viewState[name] = value;
  }
  return { state, ignored };
}

/** Short links: only the active view's non-default fields, in schema order. */
export function serializeUrl(state: AppUrlState): string {
  const params = new URLSearchParams();
  params.set('view', state.view);
  const schema: Schema = VIEW_SCHEMAS[state.view];
  const viewState = state.states[state.view] as Record<string, unknown>;
  for (const [name, field] of Object.entries(schema)) {
    const value = viewState[name];
    const text = field.serialize(value);
    if (text !== field.serialize(field.default)) params.set(field.key, text);
  }
  if (state.backend !== 'auto') params.set('backend', state.backend);
  if (state.hidden.length > 0) params.set('hide', state.hidden.join(','));
  return `?${params.toString().replace(/%2C/g, ',')}`;
}
