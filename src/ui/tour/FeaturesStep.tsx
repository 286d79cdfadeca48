import { useEffect, useState } from 'react';
import { FEATURE_MODELS, type FeatureSettings, SHIPPED_FEATURE_SETTINGS } from '../../features/runs';
import { SHIPPED } from '../../replication/shipped';
import { featureLines } from '../../tour/facts';
import { featuresLink } from '../../tour/links';
import { type ModelFeatures, ModelPanel } from '../features/ModelPanel';
import { loadShippedRun, type ShippedRun } from '../features/shippedSnapshots';
import '../features/features.css';
import { TourStep } from './TourStep';

/** The replication's C4 run id of a shipped setting's head ('softmax', 'ga-m4'). */
const c4Run = (s: FeatureSettings) => (s.head === 'softmax' ? 'softmax' : `ga-m${s.m}`);
const headName = (s: FeatureSettings) => (s.head === 'softmax' ? 'softmax' : `GA-Softmax m = ${s.m}`);
const fmt = (n: number) => n.toLocaleString('en-US');

/** Step 5: the Features view's shipped snapshots (final checkpoint), one click per shipped head. */
export function FeaturesStep({ index }: { index: number }) {
  const [choice, setChoice] = useState(0);
  const settings = SHIPPED_FEATURE_SETTINGS[choice];
  const [loaded, setLoaded] = useState<{ choice: number; run?: ShippedRun; error?: string }>();
  const [hovered, setHovered] = useState(-1);

  useEffect(() => {
    let cancelled = false;
    loadShippedRun(SHIPPED_FEATURE_SETTINGS[choice]).then(
      (run) => !cancelled && setLoaded({ choice, run }),
      (e) => !cancelled && setLoaded({ choice, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [choice]);

  const shown = loaded?.choice === choice ? loaded : undefined;
  const run = shown?.run;
  const last = run ? run.data.checkpoints.length - 1 : -1;
  const lines = featureLines(SHIPPED.results, c4Run(settings));
  const { operator, k, head, m, seed } = settings;

  return (
    <TourStep
      id="tour-features"
      index={index}
      title="The 2-D features: angles become the classifier"
      link={{
        href: featuresLink({ operator, k, head, m, seed }),
        text: 'Open these features in the Features view',
      }}
    >
      <p>
        Give a CNN and a SphereNet a last hidden layer of just two units and every test digit becomes a point
        in the plane; the rays are the class directions. These are the Features view’s shipped runs (trained
        offline, their final checkpoint), shown as they are.
      </p>
      <fieldset className="tour-choice" aria-label="Loss of the shipped run">
        {SHIPPED_FEATURE_SETTINGS.map((s, i) => (
          <button
            key={headName(s)}
            type="button"
            className={i === choice ? 'btn active' : 'btn'}
            aria-pressed={i === choice}
            onClick={() => setChoice(i)}
          >
            {headName(s)}
          </button>
        ))}
      </fieldset>
      {shown?.error && (
        <p className="error" role="alert">
          {shown.error}
        </p>
      )}
      {run ? (
        <>
          <p className="tour-small muted" data-testid="features-source">
            Shipped run: {headName(settings)}, seed {run.run.seed}, {fmt(run.run.steps)} steps.
          </p>
          <div className="feature-plots tour-feature-plots">
            {FEATURE_MODELS.map((model, j) => (
              <ModelPanel
                key={model.id}
                id={model.id}
                title={model.title}
                data={run.data.checkpoints[last]?.[j] as ModelFeatures | undefined}
                metrics={run.run.checkpoints[last]?.metrics[model.id]}
                labels={run.data.labels}
                projection="raw"
                hovered={hovered}
                highlighted={-1}
                onHover={setHovered}
              />
            ))}
          </div>
        </>
      ) : (
        !shown?.error && <p className="loading">Opening the shipped run…</p>
      )}
      {lines.length > 0 && (
        <div className="tour-fact" data-testid="features-fact">
          <p>
            What the replication measured for {headName(settings)} (claim C4, on smaller, briefly trained
            nets, not these runs):
          </p>
          <ul>
            {lines.map((l) => (
              <li key={l.measureId}>
                {l.label}: {l.sentence}
              </li>
            ))}
          </ul>
        </div>
      )}
    </TourStep>
  );
}
