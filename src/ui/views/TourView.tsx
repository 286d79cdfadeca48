import { SHIPPED } from '../../replication/shipped';
import { headlineRate, largeRateFacts } from '../../tour/facts';
import { FeaturesStep } from '../tour/FeaturesStep';
import { FourierStep } from '../tour/FourierStep';
import { LimitsStep } from '../tour/LimitsStep';
import { OperatorsStep } from '../tour/OperatorsStep';
import { RaceStep } from '../tour/RaceStep';
import { TheoryStep } from '../tour/TheoryStep';
import { useRace } from '../tour/useRace';
import '../lab/lab.css';
import '../tour/tour.css';
import type { AppStateApi } from '../useAppState';

/**
 * The landing: what this is, one button that starts the large-learning-rate race, then six short
 * steps in the paper's order of ideas, each with a live figure and a link to its full view.
 */
export default function TourView({ app }: { app: AppStateApi }) {
  const race = useRace(app.state.backend, app.state.workers !== '1');
  const headline = headlineRate(largeRateFacts(SHIPPED.results));
  const startRace = () => {
    race.start();
    document.getElementById('tour-race-live')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  return (
    <section aria-labelledby="tour-title" className="view tour">
      <div className="tour-hero">
        <h2 id="tour-title">
          <span className="tour-eyebrow">
            Tour<span className="sr-only"> · </span>
          </span>
          <cite>Deep Hyperspherical Learning</cite>
        </h2>
        <p className="tour-paper">W. Liu et al., NIPS 2017 — replayed in your browser</p>
        <p className="tour-what">
          A convolution multiplies two lengths and the cosine of an angle. The paper’s SphereNets keep only
          the angle. SphereLab trains both kinds of net here, on MNIST, and checks what the paper claims
          against its own stored replication.
        </p>
        <button type="button" className="btn primary tour-go" onClick={startRace} disabled={!race.race}>
          Race a CNN and a SphereNet at learning rate {race.race?.config.learningRate ?? '—'}
        </button>
        {headline && (
          <p className="tour-small muted" data-testid="hero-fact">
            Step 3 below, live: the replication’s own setting, seed {race.race?.seed}. Stored result: the CNN
            collapsed to chance on {headline.baselineCollapsed} of {headline.seeds.length} seeds, the
            SphereNet ended at {(100 * headline.sphereMean).toFixed(1)}% on average.
          </p>
        )}
      </div>
      <ol className="tour-steps">
        <li>
          <FourierStep index={1} backend={app.state.backend} />
        </li>
        <li>
          <OperatorsStep index={2} />
        </li>
        <li>
          <RaceStep index={3} race={race} />
        </li>
        <li>
          <TheoryStep index={4} />
        </li>
        <li>
          <FeaturesStep index={5} />
        </li>
        <li>
          <LimitsStep index={6} />
        </li>
      </ol>
    </section>
  );
}
