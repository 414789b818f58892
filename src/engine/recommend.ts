/**
 * The recommended capacity of SPEC §4: the smallest capacity swept whose
 * recycles reach a target share T of the recycles at the largest capacity
 * swept, with its peak retained memory, and per class the capacity that
 * class alone would need by the same rule on its own recycles. The page and
 * `cli sweep` both ask this function, so they give the same answer.
 */
import { SIZE_CLASSES } from "../pool/index.ts";
import type { SweepPoint } from "./types.ts";

/** T when none is given: 95 %. */
export const DEFAULT_TARGET = 0.95;

/** A recommendation, keyed as `sweep --json` prints it (SPEC §8). */
export interface Recommendation {
  readonly capacity: number;
  /** T, 0…1. */
  readonly target: number;
  /** The peak retained bytes of the run at {@link capacity}. */
  readonly peakRetainedBytes: number;
  /** For each of the nine classes, the capacity it alone would need. */
  readonly perClass: readonly number[];
}

/**
 * The smallest capacity whose count reaches `target` × the count at the
 * largest capacity. `points` are in ascending capacity; at least one.
 * Doubles throughout: `count >= target * atLargest`.
 */
function smallestReaching(
  points: readonly SweepPoint[],
  target: number,
  count: (point: SweepPoint) => number,
): SweepPoint {
  const needed = target * count(points[points.length - 1]!);
  return points.find((point) => count(point) >= needed)!;
}

/**
 * The recommendation for a sweep, or null when no run of it finished without
 * an error (those that stopped early are left out: their counts are partial).
 * `target` must be within 0…1.
 */
export function recommend(
  points: readonly SweepPoint[],
  target: number = DEFAULT_TARGET,
): Recommendation | null {
  if (!(target >= 0 && target <= 1)) {
    throw new RangeError(`the target ${target} is not between 0 and 1`);
  }
  const usable = points
    .filter((point) => point.error === null)
    .sort((a, b) => a.capacity - b.capacity);
  if (usable.length === 0) return null;
  const chosen = smallestReaching(usable, target, (point) => point.recycles);
  return {
    capacity: chosen.capacity,
    target,
    peakRetainedBytes: chosen.peakRetainedBytes,
    perClass: SIZE_CLASSES.map(
      (_, k) => smallestReaching(usable, target, (point) => point.classes[k]!.recycles).capacity,
    ),
  };
}
