/** Fewer points for a chart to draw. */

/**
 * At most `limit` of `points`, every k-th counted back from the last, so the
 * last point (the current state) is always drawn; `points` itself when it is
 * short enough.
 */
export function thinned<T>(points: readonly T[], limit: number): readonly T[] {
  if (points.length <= limit) return points;
  const stride = Math.ceil(points.length / limit);
  const last = points.length - 1;
  return points.filter((_, i) => (last - i) % stride === 0);
}
