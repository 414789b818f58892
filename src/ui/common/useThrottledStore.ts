/**
 * Reads the store like `useStore(selector)`, but while a run is going it
 * re-renders at most once per `intervalMs`: for the charts, whose redraw costs
 * more than a frame can spare at full speed. Any state that is not running
 * (paused, done, error, a step) shows at once, so a settled page is exact.
 */
import { useEffect, useState } from "react";
import { useStoreApi, type PlaygroundState } from "../../store/index.ts";

/** How often a recharts chart redraws while running: a redraw costs ~10 ms. */
export const CHART_REDRAW_MS = 250;
/** How often text lists (log, held buffers, the editor's step mark) refresh while running. */
export const LIST_REFRESH_MS = 100;

/** `select` must be stable (defined at module level) and return a value that changes only with the state it reads. */
export function useThrottledStore<T>(select: (state: PlaygroundState) => T, intervalMs: number): T {
  const store = useStoreApi();
  const [value, setValue] = useState(() => select(store.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastShownAt = 0;
    const show = () => {
      clearTimeout(timer);
      timer = undefined;
      lastShownAt = performance.now();
      setValue(() => select(store.getState()));
    };
    show();
    const unsubscribe = store.subscribe((state, previous) => {
      if (Object.is(select(state), select(previous))) return;
      if (state.snapshot.status !== "running") return show();
      if (timer === undefined) {
        timer = setTimeout(show, Math.max(0, lastShownAt + intervalMs - performance.now()));
      }
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, select, intervalMs]);
  return value;
}
