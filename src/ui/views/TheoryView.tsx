import { Hideable } from '../components/Hideable';
import { SliderRow } from '../operators/SliderRow';
import { Tex } from '../operators/Tex';
import '../operators/operators.css';
import { ConditionChart, IterationsChart } from '../theory/TheoryCharts';
import '../theory/theory.css';
import { MAX_ITERATIONS, SWEEP_GRID, useScalingSweep } from '../theory/useScalingSweep';
import type { AppStateApi } from '../useAppState';

const big = (v: number) => (v >= 1e4 ? v.toExponential(2) : v.toFixed(1));
const iters = (r: { iterations: number; converged: boolean }) =>
  r.converged ? r.iterations.toLocaleString('en') : `> ${r.iterations.toLocaleString('en')}`;

export default function TheoryView({ app }: { app: AppStateApi }) {
  const { c, seed } = app.state.states.theory;
  const { points, done, current } = useScalingSweep(seed, c);
  const base = points[0];

  return (
    <section aria-labelledby="theory-title" className="view">
      <h2 id="theory-title">Theory</h2>
      <p>
        Take a random low-rank target <Tex tex="F = U^* V^{*\top}" /> (U* is 5×2, V* is 4×2, their rows random
        unit vectors) and fit it with <Tex tex="G(U,V) = \tfrac12\|F - UV^\top\|_F^2" />. Rescaling{' '}
        <Tex tex="(U,V) \to (cU, V/c)" /> leaves <Tex tex="UV^\top" /> and the loss unchanged, yet it changes
        how hard the problem is for gradient descent (the poster's Lemma 1). The SphereConv version normalizes
        the rows, <Tex tex="G_S(U,V) = \tfrac12\|F - D_U U V^\top D_V\|_F^2" />, and never sees the rescaling
        at all.
      </p>
      <div className="theory-controls">
        <div className="panel">
          <Hideable app={app} name="c">
            <SliderRow
              label="c"
              min={0}
              max={2}
              step={0.01}
              value={Math.log10(c)}
              shown={c.toFixed(c < 10 ? 2 : 1)}
              onChange={(pos) => app.updateView('theory', { c: Math.round(10 ** pos * 100) / 100 })}
            />
          </Hideable>
          <Hideable app={app} name="seed">
            <div className="theory-seed">
              <label htmlFor="theory-seed">problem seed</label>
              <input
                id="theory-seed"
                type="number"
                min={0}
                step={1}
                value={seed}
                onChange={(e) => {
                  const v = Math.floor(Number(e.currentTarget.value));
                  if (Number.isFinite(v) && v >= 0 && v < 2 ** 31) app.updateView('theory', { seed: v });
                }}
              />
              <button
                type="button"
                className="btn"
                onClick={() => app.updateView('theory', { seed: (seed + 1) % 2 ** 31 })}
              >
                New problem
              </button>
            </div>
          </Hideable>
          {!done && (
            <p className="computing" role="status">
              Computing c = 1 … 100: {points.length} / {SWEEP_GRID.length}
            </p>
          )}
        </div>
        <div className="panel">
          <table className="theory-readout" aria-label="Measurements at c">
            <thead>
              <tr>
                <th>at c = {c}</th>
                <th>condition number</th>
                <th>vs c = 1</th>
                <th>iterations</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>G, plain</td>
                <td data-testid="cond-standard">{current ? big(current.standard) : '…'}</td>
                <td>{current && base ? `${big(current.standard / base.standard)}×` : '…'}</td>
                <td data-testid="iters-gd">{current ? iters(current.gd) : '…'}</td>
              </tr>
              <tr>
                <td>G_S, Euclidean Hessian</td>
                <td>{current ? big(current.sphereEuclidean) : '…'}</td>
                <td>{current && base ? `${big(current.sphereEuclidean / base.sphereEuclidean)}×` : '…'}</td>
                <td>—</td>
              </tr>
              <tr>
                <td>G_S on the spheres</td>
                <td data-testid="cond-sphere">{current ? big(current.sphereRiemannian) : '…'}</td>
                <td>
                  {current && base
                    ? `${(current.sphereRiemannian / base.sphereRiemannian).toFixed(3)}×`
                    : '…'}
                </td>
                <td data-testid="iters-rgd">{current ? iters(current.rgd) : '…'}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
      <div className="theory-grid">
        <div className="panel">
          <ConditionChart points={points} c={c} />
        </div>
        <div className="panel">
          <IterationsChart points={points} c={c} cap={MAX_ITERATIONS} />
        </div>
      </div>
      <p className="theory-note">
        The poster words Lemma 2 as the Hessian of G_S being unchanged by rescaling, but the plain Euclidean
        Hessian is not (it is the dotted yellow line, growing like the blue one): what stays the same is the
        curvature on the unit spheres, the coordinates SphereConv actually uses.
      </p>
      <h3>What is measured</h3>
      <p>
        <strong>Lemma 1.</strong> At the rescaled optimum <Tex tex="(cU^*, V^*/c)" /> the Hessian of G has a
        null space (the directions <Tex tex="(UA, -VA^\top)" /> that leave <Tex tex="UV^\top" /> alone), so
        its condition number is taken over the non-zero eigenvalues, computed here with a Jacobi eigenvalue
        routine. It grows at least like c², the lemma's bound; here it grows about like c⁴, because the U
        block of the curvature grows as c² while the V block shrinks as 1/c². Plain gradient descent with step
        1/L from the rescaled start <Tex tex="(cU_0, V_0/c)" /> then needs many more steps.
      </p>
      <p>
        <strong>SphereConv.</strong> Normalizing the rows maps <Tex tex="(cU, V/c)" /> to the same point on
        the product of unit spheres for every c. There the Riemannian Hessian (the curvature along the
        spheres) and Riemannian gradient descent (step along the sphere, then renormalize the rows) do not
        depend on c at all.
      </p>
    </section>
  );
}
