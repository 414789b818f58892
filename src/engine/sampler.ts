/**
 * The chart's series: recycle rate and misses sampled over the recorded run,
 * at most {@link SERIES_LIMIT} points. When it fills, every other point goes
 * and the stride doubles, so a run of any length draws in the same space.
 */
import type { BufferPool } from "../pool/index.ts";
import type { SeriesPoint } from "./types.ts";

/** The most points the series keeps. */
export const SERIES_LIMIT = 512;

/** Samples a run's counters at every `stride`-th step. */
export class SeriesSampler {
  private points: SeriesPoint[] = [];
  private stride = 1;
  /** The next step to sample; the session stops there to call {@link sample}. */
  nextStep = 1;
  /** Changes whenever the series does. */
  revision = 0;

  /** Samples `pool` at `step`, the step due ({@link nextStep}). */
  sample(step: number, pool: BufferPool): void {
    if (this.points.length >= SERIES_LIMIT) {
      this.points = this.points.filter((_, i) => i % 2 === 1);
      this.stride *= 2;
    }
    if (step % this.stride === 0) {
      const stats = pool.stats();
      this.points.push({ step, recycleRate: stats.recycleRate, misses: stats.misses });
      this.revision++;
    }
    this.nextStep = (Math.floor(step / this.stride) + 1) * this.stride;
  }

  /** Forgets the points after `step` (a click changed the future). */
  truncate(step: number): void {
    this.points = this.points.filter((point) => point.step <= step);
    this.revision++;
    this.nextStep = (Math.floor(step / this.stride) + 1) * this.stride;
  }

  /** The points, oldest first. */
  series(): SeriesPoint[] {
    return this.points.slice();
  }
}
