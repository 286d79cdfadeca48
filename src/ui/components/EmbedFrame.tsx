import './embed.css';
import type { ReactNode } from 'react';
import { shareLink } from '../../url/schema';
import type { AppStateApi } from '../useAppState';
import { UrlNotice } from './UrlNotice';

/**
 * `?embed=1`: the view alone, for an iframe on a slide or course page. No header, no nav; the
 * views' own controls are hidden by embed.css (figures and run buttons stay), and so are the
 * controls a classroom link hides. A link opens the full app in the same state.
 */
export function EmbedFrame({ app, children }: { app: AppStateApi; children: ReactNode }) {
  const full = shareLink({ ...app.state, embed: false }, window.location.origin, window.location.pathname);
  return (
    <div className="app embed" data-view={app.state.view}>
      <h1 className="sr-only">SphereLab</h1>
      <UrlNotice ignored={app.ignored} onDismiss={app.dismissNotice} />
      <main>{children}</main>
      <footer className="embed-footer">
        <a href={full} target="_blank" rel="noopener">
          Open in Sphere<strong>Lab</strong> ↗
        </a>
      </footer>
    </div>
  );
}
