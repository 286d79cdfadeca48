import type { ReactNode } from 'react';
import type { AppStateApi } from '../useAppState';

/**
 * Wrap every URL-backed control in this: a classroom link (`hide=a,b`) hides the controls whose
 * schema field names it lists. `name` is the field's name in the view's schema.
 */
export function Hideable({ app, name, children }: { app: AppStateApi; name: string; children: ReactNode }) {
  if (app.state.hidden.includes(name)) return null;
  return <>{children}</>;
}
