import type { AppStateApi } from '../useAppState';

export default function FourierView(_props: { app: AppStateApi }) {
  return (
    <section aria-labelledby="fourier-title" className="view">
      <h2 id="fourier-title">Fourier</h2>
      <p>Swap the Fourier magnitude and phase of two images and see that the phase carries the structure.</p>
      <p className="placeholder">This view is being built.</p>
    </section>
  );
}
