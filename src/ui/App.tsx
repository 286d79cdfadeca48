import { lazy, Suspense, useEffect, useRef } from 'react';
import { VIEW_TITLES, VIEWS, type ViewId } from '../url/views';
import { ClassroomPanel } from './components/ClassroomPanel';
import { EmbedFrame } from './components/EmbedFrame';
import { ShareBar } from './components/ShareBar';
import { UrlNotice } from './components/UrlNotice';
import { type AppStateApi, useAppState } from './useAppState';

type ViewComponent = (p: { app: AppStateApi }) => React.ReactNode;

// Each view is its own chunk: the first view never pays for the others' code.
const viewImports: Record<ViewId, () => Promise<{ default: ViewComponent }>> = {
  tour: () => import('./views/TourView'),
  lab: () => import('./views/LabView'),
  inside: () => import('./views/InsideView'),
  fourier: () => import('./views/FourierView'),
  features: () => import('./views/FeaturesView'),
  operators: () => import('./views/OperatorsView'),
  theory: () => import('./views/TheoryView'),
  about: () => import('./views/AboutView'),
};
const lazyViews = Object.fromEntries(
  Object.entries(viewImports).map(([view, load]) => [view, lazy(load)]),
) as Record<ViewId, React.LazyExoticComponent<ViewComponent>>;
/** Views loaded before the first render (preloadView): rendered directly, never suspending. */
const preloaded: Partial<Record<ViewId, ViewComponent>> = {};

/**
 * Loads the view the page opens on before the first render. A lazy view suspends once even when
 * its chunk is already there, and React holds a Suspense boundary's content back for up to 300 ms
 * after its fallback appeared (measured: the Inside view's worker started ~250 ms later for it).
 */
export async function preloadView(view: ViewId): Promise<void> {
  preloaded[view] = (await viewImports[view]()).default;
}

export function App() {
  const app = useAppState();
  const View = preloaded[app.state.view] ?? lazyViews[app.state.view];
  const navRef = useRef<HTMLElement>(null);
  // On a phone the views are one strip that scrolls sideways: keep the open view's tab in sight.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again each time the view changes.
  useEffect(() => {
    const nav = navRef.current;
    const tab = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !tab || nav.scrollWidth <= nav.clientWidth) return;
    const left = tab.offsetLeft - nav.offsetLeft;
    if (left < nav.scrollLeft || left + tab.offsetWidth > nav.scrollLeft + nav.clientWidth)
      nav.scrollLeft = left - (nav.clientWidth - tab.offsetWidth) / 2;
  }, [app.state.view]);
  if (app.state.embed) {
    return (
      <EmbedFrame app={app}>
        <Suspense fallback={<p className="loading">Loading view…</p>}>
          <View app={app} />
        </Suspense>
      </EmbedFrame>
    );
  }
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">
          Sphere<span>Lab</span>
        </h1>
        <nav aria-label="Views" ref={navRef}>
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              className={v === app.state.view ? 'tab active' : 'tab'}
              aria-current={v === app.state.view ? 'page' : undefined}
              onClick={() => app.setView(v)}
            >
              {VIEW_TITLES[v]}
            </button>
          ))}
        </nav>
        <div className="header-tools">
          <ClassroomPanel app={app} />
          <ShareBar app={app} />
        </div>
      </header>
      <UrlNotice ignored={app.ignored} onDismiss={app.dismissNotice} />
      <main>
        <Suspense fallback={<p className="loading">Loading view…</p>}>
          <View app={app} />
        </Suspense>
      </main>
    </div>
  );
}
