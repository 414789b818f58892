import type { SweepPoint } from "../worker/protocol.ts";

/**
 * The smallest capacity whose misses equal the fewest of the sweep: past it,
 * a bigger free list buys nothing. Null when no point is there.
 */
export function kneeOf(points: readonly SweepPoint[]): SweepPoint | null {
  const usable = points.filter((point) => point.error === null);
  if (usable.length === 0) return null;
  const fewest = Math.min(...usable.map((point) => point.misses));
  return usable.find((point) => point.misses === fewest) ?? null;
}
