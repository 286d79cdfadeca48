import * as recipe from '../../sphere/recipe';

/** What the "Paper recipe" preset follows from the official code, and where SphereLab departs from it. */
export function RecipeNote() {
  return (
    <aside className="recipe-note" aria-label="Paper recipe details">
      <p>
        Every Lab net trains with the official SphereNet-9 recipe (each line cited from the authors' code in
        SphereLab's source): weight decay {recipe.WEIGHT_DECAY} (TF l2, λ·Σw²/2) on the baseline's convs,
        every classifier and BN's γ/β but never a SphereConv; orthogonality {recipe.ORTHOGONALITY_WEIGHT} on
        SphereConvs; label smoothing {recipe.LABEL_SMOOTHING}; no conv bias; He-normal init. This preset adds
        the official optimizer and layout: Adam {recipe.LEARNING_RATE}, batch {recipe.BATCH_SIZE}, BN after
        every conv.
      </p>
      <details>
        <summary>Where SphereLab departs from the official code, on purpose</summary>
        <ul>
          {recipe.DEVIATIONS.map((d) => (
            <li key={d.what}>
              {d.what} <em>Why:</em> {d.why}
            </li>
          ))}
        </ul>
      </details>
    </aside>
  );
}
