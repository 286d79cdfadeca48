import { useCallback, useEffect, useState } from 'react';
import {
  type AppUrlState,
  embedSnippet,
  parseUrl,
  serializeUrl,
  shareLink,
  type ViewState,
} from '../url/schema';
import type { ViewId } from '../url/views';

export interface AppStateApi {
  state: AppUrlState;
  ignored: string[];
  dismissNotice(): void;
  setView(view: ViewId): void;
  setBackend(backend: AppUrlState['backend']): void;
  setHidden(hidden: string[]): void;
  updateView<V extends ViewId>(view: V, patch: Partial<ViewState<V>>): void;
  /** The full link that reopens this exact state (what "Copy link" copies). */
  shareUrl(): string;
  /** An <iframe> snippet embedding this view (embed=1) wherever the app is served. */
  embedCode(): string;
}

/** The one store: parsed from the URL once, written back to it (replaceState) on every change. */
export function useAppState(): AppStateApi {
  const [initial] = useState(() => parseUrl(window.location.search));
  const [state, setState] = useState<AppUrlState>(initial.state);
  const [ignored, setIgnored] = useState<string[]>(initial.ignored);

  useEffect(() => {
    const url = `${window.location.pathname}${serializeUrl(state)}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
      window.history.replaceState(null, '', url);
    }
  }, [state]);

  const setView = useCallback((view: ViewId) => setState((s) => ({ ...s, view, hidden: [] })), []);
  const setBackend = useCallback(
    (backend: AppUrlState['backend']) => setState((s) => ({ ...s, backend })),
    [],
  );
  const setHidden = useCallback((hidden: string[]) => setState((s) => ({ ...s, hidden })), []);
  const updateView = useCallback(<V extends ViewId>(view: V, patch: Partial<ViewState<V>>) => {
    setState((s) => ({ ...s, states: { ...s.states, [view]: { ...s.states[view], ...patch } } }));
  }, []);
  const dismissNotice = useCallback(() => setIgnored([]), []);
  const shareUrl = useCallback(
    () => shareLink(state, window.location.origin, window.location.pathname),
    [state],
  );
  const embedCode = useCallback(
    () => embedSnippet(state, window.location.origin, window.location.pathname),
    [state],
  );
  return { state, ignored, dismissNotice, setView, setBackend, setHidden, updateView, shareUrl, embedCode };
}
