import type { AppStateApi } from '../useAppState';

export default function AboutView(_props: { app: AppStateApi }) {
  return (
    <section aria-labelledby="about-title" className="view">
      <h2 id="about-title">About</h2>
      <p>The paper in plain words, and which of its results SphereLab reproduces live.</p>
      <p className="placeholder">This view is being built.</p>
    </section>
  );
}
