import type { AppStateApi } from '../useAppState';

export default function TheoryView(_props: { app: AppStateApi }) {
  return (
    <section aria-labelledby="theory-title" className="view">
      <h2 id="theory-title">Theory</h2>
      <p>The scaling theory (Lemmas 1–2): why rescaling hurts plain convolutions and not SphereConv.</p>
      <p className="placeholder">This view is being built.</p>
    </section>
  );
}
