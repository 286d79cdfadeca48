import { theoryLink } from '../../tour/links';
import { conditioningSentence } from '../../tour/theory';
import { defaultAppState } from '../../url/schema';
import { ConditionChart } from '../theory/TheoryCharts';
import '../theory/theory.css';
import { useScalingSweep } from '../theory/useScalingSweep';
import { TourStep } from './TourStep';

const { c, seed } = defaultAppState().states.theory;

/** Step 4: the Theory view's sweep (Lemmas 1–2), computed here, with its condition-number chart. */
export function TheoryStep({ index }: { index: number }) {
  const { points, current } = useScalingSweep(seed, c);
  const base = points[0];
  return (
    <TourStep
      id="tour-theory"
      index={index}
      title="Why: rescaling cannot hurt what SphereConv does not see"
      link={{ href: theoryLink(c, seed), text: 'Open this problem in the Theory view' }}
    >
      <p>
        Multiply one layer’s weights by c and divide the next one’s by c: the network computes the same thing,
        yet for gradient descent the problem gets much harder (the paper’s Lemma 1, on a small matrix
        factorization). SphereConv normalizes the weights, so every such rescaling lands on the same point of
        the unit spheres.
      </p>
      <div className="tour-chart">
        <ConditionChart points={points} c={c} />
      </div>
      <p className="tour-fact" data-testid="theory-fact" aria-live="polite">
        {base && current ? conditioningSentence(base, current) : `Computing c = 1 … 100…`}
      </p>
    </TourStep>
  );
}
