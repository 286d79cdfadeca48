import { aboutSchema } from './aboutState';
import { featuresSchema } from './featuresState';
import { boolField, defaultsOf, enumField, isValidValue, type Schema, type StateOf } from './fields';
import { fourierSchema } from './fourierState';
import { insideSchema } from './insideState';
import { labSchema } from './labState';
import { stripBidiControls } from './linkLimits';
import { operatorsSchema } from './operatorsState';
import { theorySchema } from './theoryState';
import { tourSchema } from './tourState';
import { VIEWS, type ViewId } from './views';

/** Every view's fields. Keys must be unique within a view; `view` and `hide` are global. */
export const VIEW_SCHEMAS = {
  tour: tourSchema,
  lab: labSchema,
  inside: insideSchema,
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
const embedField = boolField('embed', false);
/** 'auto': a run's nets may train in two workers, one per core (src/engine/peer); '1': in one. */
export const WORKER_CHOICES = ['auto', '1'] as const;
const workersField = enumField('workers', WORKER_CHOICES, 'auto');

/** Query keys every view shares; a view's own field keys must avoid them. */
export const GLOBAL_KEYS = ['view', 'backend', 'workers', 'hide', 'embed'] as const;

export interface AppUrlState {
  view: ViewId;
  /** Global: which tf.js backend every view uses ('auto' picks the fastest real one). */
  backend: BackendChoice;
  /** Global: '1' keeps a run's nets in one training worker (benchmarks compare it with 'auto'). */
  workers: (typeof WORKER_CHOICES)[number];
  /** Controls a classroom link hides (names of fields of the active view). */
  hidden: string[];
  /** Global: just the view's figure and run buttons, no header or nav (for slides, course pages). */
  embed: boolean;
  states: AllViewStates;
}

export function defaultAppState(): AppUrlState {
  const states = {} as Record<ViewId, unknown>;
  for (const v of VIEWS) states[v] = defaultsOf(VIEW_SCHEMAS[v]);
  return {
    view: VIEWS[0],
    backend: 'auto',
    workers: 'auto',
    hidden: [],
    embed: false,
    states: states as AllViewStates,
  };
}

export interface ParseResult {
  state: AppUrlState;
  /** Human-readable list of what was ignored (unknown keys, malformed or out-of-range values). */
  ignored: string[];
}

/** Keeps the notice readable when a link carries junk: long values are cut. */
function shown(key: string, raw: string): string {
  const text = stripBidiControls(`${key}=${raw}`);
  return text.length > 48 ? `${text.slice(0, 45)}…` : text;
}

/** Names of the active view's fields, the controls a classroom link may hide. */
export function hideableFields(view: ViewId): string[] {
  return Object.keys(VIEW_SCHEMAS[view]);
}

/**
 * Never throws: anything it cannot use falls back to the default and is listed in `ignored`.
 * Only the active view's fields are read (links carry one view); a key given twice keeps its
 * last value; `hide` keeps the names it knows and lists the rest.
 */
export function parseUrl(search: string): ParseResult {
  const state = defaultAppState();
  const ignored: string[] = [];
  let params: URLSearchParams;
  try {
    const text = String(search ?? '');
    params = new URLSearchParams(text.startsWith('?') ? text.slice(1) : text);
  } catch {
    return { state, ignored: ['the whole query string (unreadable)'] };
  }
  const last = new Map<string, string>();
  for (const [key, raw] of params) {
    if (last.has(key)) ignored.push(`${shown(key, last.get(key)!)} (given twice; the last one is used)`);
    last.set(key, raw);
  }
  const rawView = last.get('view');
  if (rawView !== undefined) {
    if ((VIEWS as readonly string[]).includes(rawView)) state.view = rawView as ViewId;
    else ignored.push(shown('view', rawView));
  }
  const schema: Schema = VIEW_SCHEMAS[state.view];
  const viewState = state.states[state.view] as Record<string, unknown>;
  const byKey = new Map(Object.entries(schema).map(([name, f]) => [f.key, name]));
  for (const [key, raw] of last) {
    if (key === 'view') continue;
    if (key === 'backend') {
      const backend = backendField.parse(raw);
      if (backend === undefined) ignored.push(shown(key, raw));
      else state.backend = backend;
      continue;
    }
    if (key === 'workers') {
      const workers = workersField.parse(raw);
      if (workers === undefined) ignored.push(shown(key, raw));
      else state.workers = workers;
      continue;
    }
    if (key === 'embed') {
      const embed = embedField.parse(raw);
      if (embed === undefined) ignored.push(shown(key, raw));
      else state.embed = embed;
      continue;
    }
    if (key === 'hide') {
      state.hidden = parseHidden(schema, raw, ignored);
      continue;
    }
    const name = byKey.get(key);
    if (name === undefined) {
      ignored.push(`${shown(key, raw)} (unknown)`);
      continue;
    }
    const value = schema[name].parse(raw);
    if (value === undefined) ignored.push(shown(key, raw));
    else viewState[name] = value;
  }
  return { state, ignored };
}

function parseHidden(schema: Schema, raw: string, ignored: string[]): string[] {
  const names = Object.keys(schema);
  const wanted = raw.split(',').filter((p) => p !== '');
  const unknown = wanted.filter((p) => !names.includes(p));
  if (unknown.length > 0) ignored.push(`${shown('hide', unknown.join(','))} (no such control)`);
  return names.filter((n) => wanted.includes(n));
}

/**
 * Short links: only the active view's non-default fields, in schema order. A value the field
 * could not parse back (e.g. out of range) is left out, so every link opens without a notice.
 */
export function serializeUrl(state: AppUrlState): string {
  const params = new URLSearchParams();
  params.set('view', state.view);
  const schema: Schema = VIEW_SCHEMAS[state.view];
  const viewState = state.states[state.view] as Record<string, unknown>;
  for (const [name, field] of Object.entries(schema)) {
    const value = viewState[name];
    if (!isValidValue(field, value)) continue;
    const text = field.serialize(value);
    if (text !== field.serialize(field.default)) params.set(field.key, text);
  }
  if (state.backend !== 'auto' && isValidValue(backendField, state.backend))
    params.set('backend', state.backend);
  if (state.workers !== 'auto' && isValidValue(workersField, state.workers))
    params.set('workers', state.workers);
  const hidden = hideableFields(state.view).filter((n) => state.hidden.includes(n));
  if (hidden.length > 0) params.set('hide', hidden.join(','));
  if (state.embed === true) params.set('embed', embedField.serialize(true));
  return `?${params.toString().replace(/%2C/g, ',')}`;
}

/**
 * The full link to share: this page's address (origin and path, so a sub-path such as
 * /spherelab/ stays) with the state's query, and no hash.
 */
export function shareLink(state: AppUrlState, origin: string, pathname: string): string {
  return `${origin}${pathname}${serializeUrl(state)}`;
}

/** An <iframe> snippet that embeds this state's view (embed=1) on a slide or course page. */
export function embedSnippet(state: AppUrlState, origin: string, pathname: string): string {
  const src = shareLink({ ...state, embed: true }, origin, pathname).replace(/&/g, '&amp;');
  const height = state.view === 'lab' || state.view === 'features' || state.view === 'fourier' ? 720 : 560;
  return (
    `<iframe src="${src}" title="SphereLab: ${state.view}" width="100%" height="${height}" ` +
    `style="border:0" loading="lazy"></iframe>`
  );
}
