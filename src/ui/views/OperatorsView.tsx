import type { AppStateApi } from '../useAppState';

export default function OperatorsView(_props: { app: AppStateApi }) {
  return (
    <section aria-labelledby="operators-title" className="view">
      <h2 id="operators-title">Operators</h2>
      <p>Explore the SphereConv operators g(θ): linear, cosine, sigmoid and learnable sigmoid.</p>
      <p className="placeholder">This view is being built.</p>
    </section>
  );
}
