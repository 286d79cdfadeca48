import { describe, expect, it } from 'vitest';
import { type Field, isValidValue } from './fields';
import {
  type AppUrlState,
  BACKEND_CHOICES,
  hideableFields,
  parseUrl,
  serializeUrl,
  VIEW_SCHEMAS,
  WORKER_CHOICES,
} from './schema';
import { VIEWS } from './views';

/** mulberry32: the fuzz cases are the same on every run, so a failure can be replayed by index. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const allKeys = VIEWS.flatMap((v) =>
  Object.values(VIEW_SCHEMAS[v] as Record<string, Field<unknown>>).map((f) => f.key),
);
const junkValues = [
  '',
  ' ',
  '=',
  '&',
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '\u0000',
  '\ud800',
  '💥',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e-400',
  '0x10',
  '0b1',
  '1_000',
  '  7  ',
  '-0',
  '1,2',
  ',',
  ',,',
  'true',
  'false',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  '[]',
  '{}',
  '{"a":1}',
  '<script>',
  '../..',
  'x'.repeat(3000),
  '9'.repeat(400),
  '0.1.2',
  '+5',
  '.5',
  '5.',
  '1e-7',
  '2147483648',
  '-1',
];
const junkKeys = [
  '',
  '?',
  '#',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'VIEW',
  'view ',
  'hide[]',
  '💥',
  '%',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function randomText(r: () => number): string {
  const alphabet = 'abc019.,-+e=&?%#;/ \u00e9\u4e2d\ud83d\ude00';
  const n = Math.floor(r() * 12);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function randomValue(r: () => number): string {
  const roll = r();
  if (roll < 0.3) return pick(r, junkValues);
  if (roll < 0.6) return String((r() - 0.3) * 10 ** Math.floor(r() * 6 - 2));
  if (roll < 0.75) return pick(r, [...VIEWS, ...BACKEND_CHOICES, 'adam', 'sigmoid', 'bn']);
  if (roll < 0.85)
    return VIEWS.flatMap((v) => hideableFields(v))
      .filter(() => r() < 0.2)
      .join(',');
  return randomText(r);
}

/** encodeURIComponent throws on lone surrogates; such values then go in raw (also a good case). */
function encoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

function randomQuery(r: () => number): string {
  const roll = r();
  if (roll < 0.05) return randomText(r);
  if (roll < 0.1) return pick(r, ['', '?', '??', '&&&', '=&=', '?view', '?=x', '%', '#view=lab']);
  const parts: string[] = [];
  const n = 1 + Math.floor(r() * 9);
  for (let i = 0; i < n; i++) {
    const k = r();
    const key =
      k < 0.25
        ? pick(r, ['view', 'backend', 'workers', 'hide', 'embed'])
        : k < 0.8
          ? pick(r, allKeys)
          : pick(r, junkKeys);
    const value = randomValue(r);
    parts.push(r() < 0.5 ? `${key}=${encoded(value)}` : `${key}=${value}`);
  }
  return (r() < 0.5 ? '?' : '') + parts.join('&');
}

function expectValidState(state: AppUrlState) {
  expect(VIEWS).toContain(state.view);
  expect(BACKEND_CHOICES).toContain(state.backend);
  expect(typeof state.embed).toBe('boolean');
  expect(WORKER_CHOICES).toContain(state.workers);
  const hideable = hideableFields(state.view);
  for (const name of state.hidden) expect(hideable).toContain(name);
  for (const view of VIEWS) {
    const schema = VIEW_SCHEMAS[view] as Record<string, Field<unknown>>;
    const values = state.states[view] as Record<string, unknown>;
    expect(Object.keys(values).sort()).toEqual(Object.keys(schema).sort());
    for (const [name, field] of Object.entries(schema)) expect(isValidValue(field, values[name])).toBe(true);
  }
}

describe('parseUrl fuzz', () => {
  it('2,000 random and malformed query strings: never throws, always a valid state, stable links', () => {
    const r = rng(20171204);
    let withNotices = 0;
    for (let i = 0; i < 2000; i++) {
      const query = randomQuery(r);
      const { state, ignored } = parseUrl(query);
      expectValidState(state);
      if (ignored.length > 0) withNotices++;
      for (const line of ignored) expect(line.length).toBeLessThan(120);
      // The link the app writes back opens to the same state, with nothing to report.
      const again = parseUrl(serializeUrl(state));
      expect(again.ignored, `case ${i}: ${query}`).toEqual([]);
      expect(again.state).toEqual(state);
    }
    // The generator really produces malformed links (this test is not only feeding valid ones).
    expect(withNotices).toBeGreaterThan(1000);
  });
});
