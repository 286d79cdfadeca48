import '../about/about.css';
import type { ViewId } from '../../url/views';
import type { AppStateApi } from '../useAppState';

interface Result {
  claim: string;
  kind: 'live' | 'cited';
  where: string;
  view?: ViewId;
}

/** Poster results: the first four run in your browser, the last two are only quoted from the paper. */
const RESULTS: Result[] = [
  {
    claim:
      'SphereNets converge faster than the same CNN with plain convolutions (official code: 80% test accuracy after 3,000–4,500 iterations instead of 11,500).',
    kind: 'live',
    where:
      'Lab → "convergence" preset: a SphereNet and a plain CNN train side by side on MNIST, in lockstep, same seed.',
    view: 'lab',
  },
  {
    claim: 'SphereNorm helps most at a tiny mini-batch (size 4).',
    kind: 'live',
    where: 'Lab → "SphereNorm at batch 4" preset.',
    view: 'lab',
  },
  {
    claim:
      "On MNIST, SphereNet's 2-D features are more compact, with a larger angular margin, than the plain CNN's, even under the same softmax loss.",
    kind: 'live',
    where: 'Features: both networks with a 2-D feature layer, plotted as they train.',
    view: 'features',
  },
  {
    claim:
      "Phase carries the structure of an image more than magnitude does (the poster's motivation for angles; Oppenheim & Lim 1981).",
    kind: 'live',
    where: "Fourier: swap two images' magnitude and phase.",
    view: 'fourier',
  },
  {
    claim: "The paper's ImageNet-2012 classification results.",
    kind: 'cited',
    where: 'Cited only; see the paper for its figures. ImageNet is far too large to train in a browser tab.',
  },
  {
    claim: "The paper's MegaFace face-recognition table.",
    kind: 'cited',
    where:
      'Cited only; see the paper for its figures. The face data and networks are far beyond a browser demo.',
  },
];

export default function AboutView({ app }: { app: AppStateApi }) {
  return (
    <section aria-labelledby="about-title" className="view about">
      <h2 id="about-title">About</h2>
      <p>
        SphereLab is a hands-on companion to <cite>Deep Hyperspherical Learning</cite> by W. Liu, Y.-M. Zhang,
        X. Li, Z. Yu, B. Dai, T. Zhao and L. Song (NIPS 2017). The networks, charts and numbers computed here
        are SphereLab's own implementation, built from the paper and the authors' public TensorFlow code.
      </p>

      <h3>The paper in plain words</h3>
      <p>
        An ordinary convolution multiplies a filter with a patch of the image. The answer mixes two things:
        how long the two vectors are, and the angle between them. The paper argues that the angle is what
        matters for recognising things, and that the lengths mostly get in the way of training.
      </p>
      <p>
        So SphereConv throws the lengths away. It measures the angle θ between filter and patch, as if both
        lay on a unit sphere (a hypersphere), and outputs a simple function g(θ): linear, cosine, a
        sigmoid-shaped curve with a steepness k, or that curve with k learned. Every output then lies between
        −1 and 1, which also makes SphereConv usable as a normalization layer (SphereNorm), with or without
        batch norm.
      </p>
      <p>
        The paper reports three benefits: networks train faster and a little more accurately (on CIFAR-10 the
        official code reaches 91.81% with the sigmoid operator against 90.86% for the baseline, and 80%
        accuracy 2.5–3.8 times sooner); normalization keeps working at very small batches; and the learned
        features are separated by angle more clearly. A short theory argument backs the speed: rescaling a
        plain factorization (cU, V/c) leaves the loss the same but makes gradient descent badly conditioned,
        while the angular version does not see the rescaling. The Theory view computes this, and says exactly
        what is invariant.
      </p>
      <p>
        For classification the paper also pairs SphereConv with a generalized angular softmax loss
        (GA-Softmax), whose margin m asks the correct class to win by a larger angle.
      </p>

      <h3>Which results you can reproduce here</h3>
      <table className="about-results" aria-label="Poster results">
        <thead>
          <tr>
            <th>Result</th>
            <th>Status</th>
            <th>In SphereLab</th>
          </tr>
        </thead>
        <tbody>
          {RESULTS.map((r) => (
            <tr key={r.claim}>
              <td>{r.claim}</td>
              <td>
                <span className={`badge ${r.kind}`}>
                  {r.kind === 'live' ? 'Reproduced live' : 'Cited only'}
                </span>
              </td>
              <td>
                {r.where}{' '}
                {r.view && (
                  <button type="button" className="link-btn" onClick={() => app.setView(r.view!)}>
                    Open
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Cited numbers are the paper's, not ours; live ones are run on MNIST in your browser, at a much smaller
        scale than the paper's CIFAR-10 networks, so expect the same direction of effect rather than the same
        figures.
      </p>

      <h3>Published figures (cited)</h3>
      <p className="about-numbers">
        CIFAR-10, SphereNet-9 (official repository, 64k iterations, batch 128): baseline 90.86%, cosine
        91.31%, linear 91.65%, sigmoid (k = 0.3) 91.81%, learnable sigmoid 91.66%, cosine with
        weight-normalized softmax 91.44%. SphereResNet-32 on CIFAR-10+: 93.09% (baseline) against 94.68%.
      </p>
    </section>
  );
}
