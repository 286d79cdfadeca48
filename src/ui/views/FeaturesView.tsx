import type { AppStateApi } from '../useAppState';

export default function FeaturesView(_props: { app: AppStateApi }) {
  return (
    <section aria-labelledby="features-title" className="view">
      <h2 id="features-title">Features</h2>
      <p>Watch a CNN and a SphereNet carve the plane: 2-D features of MNIST digits, live.</p>
      <p className="placeholder">This view is being built.</p>
    </section>
  );
}
