/**
 * How many steps the worker takes at full speed between two looks at the
 * clock. A look costs little, but not nothing, so cheap steps go 1,024 at a
 * time; a step that allocates and zeroes megabytes can take milliseconds, and
 * 1,024 of them seconds, in which the worker would answer neither Pause nor
 * the page's pings (the page replaces a worker silent for 2 s).
 */
/** The most steps between two looks at the clock at full speed. */
export const CLOCK_EVERY = 1024;
/** How long the steps between two looks at the clock should take. */
export const STRETCH_MS = 2;

/**
 * Steps to take before the next look at the clock at full speed, after
 * `steps` took `spentMs`: twice as many (up to {@link CLOCK_EVERY}) while
 * they take at most {@link STRETCH_MS}, else about STRETCH_MS worth at the
 * rate just seen (at least 1). So costly steps (megabyte buffers allocated
 * and zeroed) still end a slice near its 12 ms (`SLICE_MS`, `playback.ts`),
 * and Pause and the page's pings are answered in time.
 */
export function nextStretch(steps: number, spentMs: number): number {
  if (spentMs <= STRETCH_MS) return Math.min(CLOCK_EVERY, 2 * steps);
  return Math.max(1, Math.floor((steps * STRETCH_MS) / spentMs));
}

/**
 * Work at full speed in stretches of {@link nextStretch} steps, with a look
 * at the clock after each, until the work is done or a deadline passes; the
 * stretch learned carries over to the next slice.
 */
export class Stretches {
  private steps = 64;

  /**
   * Calls `stretch(steps)`, which takes up to `steps` steps and says whether
   * the work is done, until it is or `now()` reaches `deadline`. True when done.
   */
  run(now: () => number, deadline: number, stretch: (steps: number) => boolean): boolean {
    let from = now();
    for (;;) {
      const asked = this.steps;
      const done = stretch(asked);
      const at = now();
      this.steps = nextStretch(asked, at - from);
      from = at;
      if (done) return true;
      if (at >= deadline) return false;
    }
  }
}
