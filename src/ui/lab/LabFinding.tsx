import { useMemo } from 'react';
import { labFinding } from '../../lab/findings';
import type { LabState } from '../../lab/runConfig';
import { SHIPPED } from '../../replication/shipped';
import type { AppStateApi } from '../useAppState';

/**
 * The replication's verdict for the setting on screen, right under the curves: one run at one seed
 * can favour either net, so the stored multi-seed result is read next to it.
 */
export function LabFinding({ app, lab }: { app: AppStateApi; lab: LabState }) {
  const line = useMemo(() => labFinding(lab, SHIPPED.results), [lab]);
  return (
    <p className="lab-finding" data-testid="lab-finding">
      {line}{' '}
      <a
        href="?view=about"
        onClick={(e) => {
          e.preventDefault();
          app.setView('about');
        }}
      >
        Every claim and how it was measured
      </a>
    </p>
  );
}
