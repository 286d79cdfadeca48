import '../about/about.css';
import '../components/badge.css';
import { ReplicationTable } from '../about/ReplicationTable';
import { ScrollBox } from '../components/ScrollBox';
import type { AppStateApi } from '../useAppState';

/** Results SphereLab cannot run at all: quoted from the paper, never measured here. */
const CITED_ONLY: { claim: string; why: string }[] = [
  {
    claim: "The paper's ImageNet-2012 classification results.",
    why: 'ImageNet is far too large to train in a browser tab.',
  },
  {
    claim: "The paper's MegaFace face-recognition table.",
    why: 'The face data and networks are far beyond a browser demo.',
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

      <h3>What reproduces at this scale</h3>
      <p>
        Every row below was measured by SphereLab's replication suite (a script in its repository; the
        README's “What reproduces” section says how to rerun it) over several seeds, on MNIST with networks
        far smaller than the paper's CIFAR-10 SphereNet-9, and the verdict follows from the numbers by the
        rule below. A positive number goes the paper's way. Each link opens the exact setting, with the
        claim's first seed.
      </p>
      <ReplicationTable backend={app.state.backend} />
      <h3>Cited only</h3>
      {/* Wider than a phone: the table scrolls inside its own box, not the page. */}
      <ScrollBox label="Cited results (scrolls sideways)">
        <table className="about-results" aria-label="Cited results">
          <tbody>
            {CITED_ONLY.map((r) => (
              <tr key={r.claim}>
                <td>{r.claim}</td>
                <td>
                  <span className="badge cited">Cited only</span>
                </td>
                <td>{r.why} See the paper for its figures.</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>

      <h3>Published figures (cited)</h3>
      <p className="about-numbers">
        CIFAR-10, SphereNet-9 (official repository, 64k iterations, batch 128): baseline 90.86%, cosine
        91.31%, linear 91.65%, sigmoid (k = 0.3) 91.81%, learnable sigmoid 91.66%, cosine with
        weight-normalized softmax 91.44%. SphereResNet-32 on CIFAR-10+: 93.09% (baseline) against 94.68%.
      </p>
    </section>
  );
}
