/**
 * What the sweep panel draws and says: the four curves (each pool-wide or for
 * one class) and the sentence on what one capacity for all classes costs.
 */
import { SIZE_CLASSES, type Recommendation, type SweepPoint } from "../../worker/protocol.ts";
import { classLabel, formatAmount, formatCount } from "../common/format.ts";

/** The curves a sweep can show. */
export const SWEEP_METRICS = [
  { id: "misses", label: "Misses" },
  { id: "recycleRate", label: "Recycle rate" },
  { id: "retainedBytes", label: "Retained at the end" },
  { id: "peakRetainedBytes", label: "Peak retained" },
] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number]["id"];

/** Pool-wide, or one class (0…8). */
export type SweepScope = "pool" | number;

/** A point's value of `metric`, pool-wide or for one class. */
export function metricOf(point: SweepPoint, metric: SweepMetric, scope: SweepScope): number {
  const of = scope === "pool" ? point : point.classes[scope]!;
  if (metric === "recycleRate") {
    const requests = of.recycles + of.misses;
    return requests === 0 ? 0 : of.recycles / requests;
  }
  return of[metric];
}

/** True for the metrics counted in bytes. */
export function isBytes(metric: SweepMetric): boolean {
  return metric === "retainedBytes" || metric === "peakRetainedBytes";
}

/**
 * What one setting for all nine classes keeps that some classes did not
 * need: the class whose own need is below the recommendation and whose free
 * list holds the most at its peak, in a sentence.
 */
export function memorySentence(
  points: readonly SweepPoint[],
  recommendation: Recommendation,
): string {
  const { capacity, peakRetainedBytes, perClass } = recommendation;
  const at = (c: number) => points.find((point) => point.capacity === c && point.error === null);
  const chosen = at(capacity);
  const lead = `Capacity ${capacity} keeps up to ${formatAmount(peakRetainedBytes)} in free lists`;
  let worst = -1;
  let worstBytes = 0;
  SIZE_CLASSES.forEach((_, k) => {
    const bytes = chosen?.classes[k]!.peakRetainedBytes ?? 0;
    if (perClass[k]! < capacity && bytes > worstBytes) {
      worst = k;
      worstBytes = bytes;
    }
  });
  if (worst < 0) return `${lead}; every class that holds memory needs it.`;
  const need = perClass[worst]!;
  const needed = at(need)?.classes[worst]!.peakRetainedBytes ?? 0;
  return (
    `${lead}; the ${classLabel(worst)} class alone would need only ${formatCount(need)}` +
    ` (${formatAmount(needed)} at its peak instead of ${formatAmount(worstBytes)}).`
  );
}
