/**
 * One declarative table per view drives parse, serialize and validation of the URL
 * (TensorFlow Playground's state.ts habit, plus a list of what was ignored for the notice).
 * Plain TypeScript: no React, no DOM.
 */
export interface Field<T> {
  /** Short, readable query key. */
  key: string;
  default: T;
  /** undefined means "malformed or out of range": the caller falls back to the default. */
  parse(raw: string): T | undefined;
  serialize(value: T): string;
}

export function enumField<const V extends string>(key: string, values: readonly V[], def: V): Field<V> {
  return {
    key,
    default: def,
    parse: (raw) => ((values as readonly string[]).includes(raw) ? (raw as V) : undefined),
    serialize: (v) => v,
  };
}

export function numberField(
  key: string,
  def: number,
  min: number,
  max: number,
  integer = false,
): Field<number> {
  return {
    key,
    default: def,
    parse: (raw) => {
      if (raw.trim() === '') return undefined;
      const n = Number(raw);
      if (!Number.isFinite(n) || n < min || n > max) return undefined;
      if (integer && !Number.isInteger(n)) return undefined;
      return n;
    },
    // Round-trips exactly: String() of a finite double parses back to the same double.
    serialize: (v) => String(v),
  };
}

export function boolField(key: string, def: boolean): Field<boolean> {
  return {
    key,
    default: def,
    parse: (raw) =>
      raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : undefined,
    serialize: (v) => (v ? '1' : '0'),
  };
}

/** A comma-separated subset of known values (e.g. the controls a classroom link hides). */
export function setField<const V extends string>(key: string, values: readonly V[]): Field<V[]> {
  return {
    key,
    default: [],
    parse: (raw) => {
      if (raw === '') return [];
      const parts = raw.split(',');
      if (!parts.every((p) => (values as readonly string[]).includes(p))) return undefined;
      return values.filter((v) => parts.includes(v));
    },
    serialize: (v) => v.join(','),
  };
}

export type Schema = Record<string, Field<any>>;
export type StateOf<S extends Schema> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

export function defaultsOf<S extends Schema>(schema: S): StateOf<S> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) out[name] = field.default;
  return out as StateOf<S>;
}
