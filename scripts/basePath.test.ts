import { describe, expect, it } from 'vitest';
import { normalizeBasePath } from './basePath';

describe('normalizeBasePath', () => {
  it('is / when unset or empty', () => {
    for (const raw of [undefined, '', ' ', '/', '//']) expect(normalizeBasePath(raw)).toBe('/');
  });

  it('adds the leading and trailing slashes', () => {
    for (const raw of ['spherelab', '/spherelab', 'spherelab/', '/spherelab/', ' spherelab '])
      expect(normalizeBasePath(raw)).toBe('/spherelab/');
    expect(normalizeBasePath('courses/ml-101')).toBe('/courses/ml-101/');
    expect(normalizeBasePath('/a%20b/')).toBe('/a%20b/');
  });

  it('stops on what a URL path cannot hold, naming it', () => {
    for (const raw of ['my lab', 'lab?x=1', 'lab#top', 'a\\b', '../up', 'a/./b', 'ü', '100%', 'a//b']) {
      expect(() => normalizeBasePath(raw), raw).toThrow(/BASE_PATH/);
    }
    expect(() => normalizeBasePath('my lab')).toThrow(/"my lab" cannot be part of a URL path/);
  });
});
