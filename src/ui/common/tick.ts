/**
 * A shared clock for views that redraw at most once per interval while a run
 * goes on (`useThrottledStore`). Every view due on the same tick is called in
 * one task, so React commits them together and the browser lays the page out
 * once per tick, not once per view: with a timer each, five lists refreshing
 * every 100 ms meant about fifty layouts a second at Max.
 *
 * Ticks fall on a grid, `phaseMs + k × intervalMs` of `performance.now()`, so
 * views with the same interval but another phase (the two charts) never
 * redraw in the same frame.
 */

interface Tick {
  readonly due: Set<() => void>;
  readonly timer: ReturnType<typeof setTimeout>;
}

const ticks = new Map<string, Tick>();

/**
 * Calls `callback` once, on the next tick of the (`intervalMs`, `phaseMs`)
 * grid, together with every other callback waiting for it. Returns a function
 * that takes the callback off again (harmless once it has been called).
 */
export function onTick(intervalMs: number, phaseMs: number, callback: () => void): () => void {
  const key = `${intervalMs}:${phaseMs}`;
  let tick = ticks.get(key);
  if (tick === undefined) {
    const now = performance.now();
    // Strictly after now: a view drawn on a tick waits a whole interval for the next.
    const next = (Math.floor((now - phaseMs) / intervalMs) + 1) * intervalMs + phaseMs;
    const due = new Set<() => void>();
    const timer = setTimeout(() => {
      ticks.delete(key);
      for (const waiting of due) waiting();
    }, next - now);
    tick = { due, timer };
    ticks.set(key, tick);
  }
  const mine = tick;
  mine.due.add(callback);
  return () => {
    mine.due.delete(callback);
    if (mine.due.size === 0 && ticks.get(key) === mine) {
      clearTimeout(mine.timer);
      ticks.delete(key);
    }
  };
}
