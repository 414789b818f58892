/** The points the recycle chart draws: fewer while a run goes on, where each costs a redraw. */
import type { PlaygroundState } from "../../store/index.ts";
import { thinned } from "./thinned.ts";

/** The most points drawn: a chart a few hundred pixels wide shows no more, and each costs a redraw. */
export const MAX_DRAWN_POINTS = 200;
/**
 * The most points drawn while a run goes on. recharts' redraw grows with the
 * points: over 3 s of a Max run on a two-core machine (React's profiling
 * build), this chart's renders took 315–407 ms in all, the longest 64–109 ms,
 * at 200 points; 204–276 ms, the longest 32–52 ms, at 60. A moving chart shows
 * its shape as well with fewer; once the run settles (paused, done, a step)
 * it draws every point again, so a settled page is exact.
 */
export const RUNNING_DRAWN_POINTS = 60;

/** The points the chart draws: at most {@link RUNNING_DRAWN_POINTS} while `running`, else {@link MAX_DRAWN_POINTS}, the last always. */
export function chartData(series: PlaygroundState["series"], running: boolean) {
  return thinned(series, running ? RUNNING_DRAWN_POINTS : MAX_DRAWN_POINTS).map((p) => ({
    step: p.step,
    rate: p.recycleRate * 100,
    misses: p.misses,
  }));
}
