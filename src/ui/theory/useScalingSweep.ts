import { useEffect, useMemo, useState } from 'react';
import { logGrid, makeProblem, type ScalingPoint, scalingPoint } from '../../theory/scaling';

/** GD runs stop here; at larger c plain GD is far slower (that is the point), so it is marked capped. */
export const MAX_ITERATIONS = 200_000;
export const SWEEP_GRID = logGrid(17);
const DEBOUNCE_MS = 120;

export interface ScalingSweep {
  /** Points of the c grid computed so far (grows while the sweep runs). */
  points: ScalingPoint[];
  done: boolean;
  /** The point at the slider's c (null while it is being computed). */
  current: ScalingPoint | null;
}

/**
 * Runs the Lemma 1–2 measurements off the critical path: one grid point per macrotask (each
 * takes at most tens of milliseconds), restarted when the seed changes, and the slider's own c
 * computed after a short debounce, so dragging the slider never blocks the page.
 */
export function useScalingSweep(seed: number, c: number): ScalingSweep {
  const problem = useMemo(() => makeProblem(seed), [seed]);
  const [sweep, setSweep] = useState<{ seed: number; points: ScalingPoint[] }>({ seed, points: [] });
  const [current, setCurrent] = useState<{ key: string; point: ScalingPoint } | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const points: ScalingPoint[] = [];
    setSweep({ seed, points: [] });
    const step = (i: number) => {
      if (cancelled || i >= SWEEP_GRID.length) return;
      points.push(scalingPoint(problem, SWEEP_GRID[i], { maxIterations: MAX_ITERATIONS }));
      setSweep({ seed, points: [...points] });
      timer = setTimeout(() => step(i + 1), 0);
    };
    timer = setTimeout(() => step(0), 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [problem, seed]);

  const key = `${seed}:${c}`;
  useEffect(() => {
    const timer = setTimeout(() => {
      setCurrent({ key, point: scalingPoint(problem, c, { maxIterations: MAX_ITERATIONS }) });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [problem, c, key]);

  const points = sweep.seed === seed ? sweep.points : [];
  return {
    points,
    done: points.length === SWEEP_GRID.length,
    current: current?.key === key ? current.point : null,
  };
}
