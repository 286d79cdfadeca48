import { lazy, Suspense, useEffect, useRef } from 'react';
import { VIEW_TITLES, VIEWS, type ViewId } from '../url/views';
import { ClassroomPanel } from './components/ClassroomPanel';
import { EmbedFrame } from './components/EmbedFrame';
import { ShareBar } from './components/ShareBar';
import { UrlNotice } from './components/UrlNotice';
import { type AppStateApi, useAppState } from './useAppState';

// Each view is its own chunk: the first view never pays for the others' code.
const viewComponents: Record<
  ViewId,
  React.LazyExoticComponent<(p: { app: AppStateApi }) => React.ReactNode>
> = {
  tour: lazy(() => import('./views/TourView')),
  lab: lazy(() => import('./views/LabView')),
  inside: lazy(() => import('./views/InsideView')),
  fourier: lazy(() => import('./views/FourierView')),
  features: lazy(() => import('./views/FeaturesView')),
  operators: lazy(() => import('./views/OperatorsView')),
  theory: lazy(() => import('./views/TheoryView')),
  about: lazy(() => import('./views/AboutView')),
};

export function App() {
  const app = useAppState();
  const View = viewComponents[app.state.view];
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
