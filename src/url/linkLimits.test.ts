import { describe, expect, it } from 'vitest';
import type { Field } from './fields';
import { DEPLOY_LINK_LIMIT, stripBidiControls } from './linkLimits';
import {
  BACKEND_CHOICES,
  defaultAppState,
  hideableFields,
  parseUrl,
  shareLink,
  VIEW_SCHEMAS,
} from './schema';
import { VIEWS } from './views';

describe('links the app writes', () => {
  for (const view of VIEWS) {
    it(`${view}: the longest state it can hold still fits every host (< ${DEPLOY_LINK_LIMIT} chars)`, () => {
      const state = defaultAppState();
      state.view = view;
      const viewState = state.states[view] as Record<string, unknown>;
      for (const [name, f] of Object.entries(VIEW_SCHEMAS[view]) as [string, Field<unknown>][]) {
        const longest = [...(f.samples ?? [])].sort(
          (a, b) => f.serialize(b).length - f.serialize(a).length,
        )[0];
        viewState[name] = longest;
      }
      state.backend = [...BACKEND_CHOICES].sort((a, b) => b.length - a.length)[0];
      state.hidden = hideableFields(view);
      state.embed = true;
      const link = shareLink(state, 'https://someone.example.org', '/a/long/sub/path/spherelab/');
      expect(link.length).toBeLessThan(DEPLOY_LINK_LIMIT);
      // And it reopens exactly that state.
      expect(parseUrl(new URL(link).search).state.states[view]).toEqual(viewState);
    });
  }
});

describe('text echoed from a link', () => {
  it('loses its bidi controls, so the notice reads as the link does', () => {
    const evil = 'lr=\u202Eexe.1\u2066x\u2069\u200F';
    expect(stripBidiControls(evil)).toBe('lr=exe.1x');
    const { ignored } = parseUrl(`?view=lab&lr=${encodeURIComponent('\u202E1e9')}`);
    expect(ignored.join(' ')).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    expect(ignored.join(' ')).toContain('lr=1e9');
  });
});
