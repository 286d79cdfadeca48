import type { AppStateApi } from '../useAppState';

export default function LabView(_props: { app: AppStateApi }) {
  return (
    <section aria-labelledby="lab-title" className="view">
      <h2 id="lab-title">Lab</h2>
      <p>
        Train a SphereNet and a baseline CNN of the same shape side by side, on the same batches from the same
        seed, with live loss and accuracy curves.
      </p>
      <p className="placeholder">This view is being built.</p>
    </section>
  );
}
