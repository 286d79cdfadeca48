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
  /** Optional human label (classroom panel); the field's name is shown when absent. */
  label?: string;
  /** Representative valid values (ends of ranges, every choice): the round-trip tests use them. */
  samples?: readonly T[];
}

export function enumField<const V extends string>(key: string, values: readonly V[], def: V): Field<V> {
  return {
    key,
    default: def,
    parse: (raw) => ((values as readonly string[]).includes(raw) ? (raw as V) : undefined),
    serialize: (v) => v,
    samples: values,
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
      return n + 0; // "-0" reads as 0: −0 would not survive the round trip (String(−0) is "0").
    },
    // Round-trips exactly: String() of a finite double parses back to the same double.
    serialize: (v) => String(v),
    samples: [min, max, def, integer ? Math.round((min + max) / 2) : (min + max) / 2],
  };
}

export function boolField(key: string, def: boolean): Field<boolean> {
  return {
    key,
    default: def,
    parse: (raw) =>
      raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : undefined,
    serialize: (v) => (v ? '1' : '0'),
    samples: [true, false],
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
    samples: [[], [...values], values.slice(0, 1), values.slice(-1)],
  };
}

export type Schema = Record<string, Field<any>>;
export type StateOf<S extends Schema> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

export function defaultsOf<S extends Schema>(schema: S): StateOf<S> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) out[name] = field.default;
  return out as StateOf<S>;
}

/** True when `value` is one this field could have parsed (its serialization parses back to it). */
export function isValidValue<T>(field: Field<T>, value: unknown): value is T {
  if (value === undefined || value === null) return false;
  try {
    const text = field.serialize(value as T);
    const back = field.parse(text);
    return back !== undefined && field.serialize(back) === text;
  } catch {
    return false;
  }
}

/** A label for a field named `name`: its own label, else "learningRate" → "learning rate". */
export function labelOf(name: string, field: Field<unknown>): string {
  if (field.label) return field.label;
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
