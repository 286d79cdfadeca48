import { LEARNABLE_K_INIT, LEARNABLE_K_OFFSET } from '../../sphere/recipe';
import { Tex } from './Tex';

/** The operators from PAPER.md, each with two or three plain sentences. */
const FORMULAS: { title: string; tex: string; text: string }[] = [
  {
    title: 'SphereConv',
    tex: String.raw`\begin{gathered} F_s(w, x) = g(\theta_{(w,x)}) + b \\ \theta_{(w,x)} = \arccos \frac{w^\top x}{\|w\|\,\|x\|} \end{gathered}`,
    text: 'A plain convolution multiplies the kernel w with a patch x, so its output grows with both lengths. SphereConv keeps only the angle θ between them: the geodesic distance of the two directions on the unit sphere. The operator g turns that angle into the output.',
  },
  {
    title: 'Linear',
    tex: String.raw`g(\theta) = -\frac{2}{\pi}\,\theta + 1`,
    text: 'The output falls at a constant rate as the angle opens, from 1 when w and x point the same way to −1 when they point apart. Its slope is the same everywhere, so small and large angles are told apart equally well.',
  },
  {
    title: 'Cosine',
    tex: String.raw`g(\theta) = \cos\theta`,
    text: 'The cosine of the angle is a normalized inner product: the plain convolution with both vectors scaled to length one. It needs no arccos, but it is flat near 0 and π, where it barely separates nearby angles.',
  },
  {
    title: 'Sigmoid',
    tex: String.raw`g(\theta) = \frac{1 + e^{-\pi/(2k)}}{1 - e^{-\pi/(2k)}}\cdot\frac{1 - e^{\theta/k - \pi/(2k)}}{1 + e^{\theta/k - \pi/(2k)}}`,
    text: 'An S-shaped curve through g(π/2) = 0, scaled so that it still runs from 1 to −1. The parameter k sets the steepness: smaller k moves it toward a step that only asks "closer than 90° or not". The official default is k = 0.3.',
  },
  {
    title: 'Learnable sigmoid',
    // Two short lines: one long line was cut after "k_eff =" in the panel's scroll box.
    tex: String.raw`\begin{gathered} g(\theta) = g_\text{sigmoid}(\theta;\, k_\text{eff}) \\ k_\text{eff} = |k| + ${LEARNABLE_K_OFFSET},\ k \text{ learned} \end{gathered}`,
    text: `The same curve, but back-propagation learns k, one per output filter, starting at ${LEARNABLE_K_INIT} (k_eff = ${(LEARNABLE_K_INIT + LEARNABLE_K_OFFSET).toFixed(2)}). Adding ${LEARNABLE_K_OFFSET} to |k| keeps the curve well defined whatever value training reaches.`,
  },
  {
    title: 'Plain inner product (contrast)',
    tex: String.raw`\langle w, x\rangle = \|w\|\,\|x\|\cos\theta`,
    text: 'This is what an ordinary convolution computes: the cosine curve stretched by the two lengths. Drag w or x longer and the dashed curve grows while every SphereConv curve stays put.',
  },
];

export function OperatorFormulas() {
  return (
    <section className="formulas" aria-label="Operator formulas">
      {FORMULAS.map((f) => (
        <article key={f.title} className="panel formula">
          <h3>{f.title}</h3>
          <Tex tex={f.tex} display />
          <p>{f.text}</p>
        </article>
      ))}
    </section>
  );
}
