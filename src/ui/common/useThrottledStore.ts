/**
 * Reads the store like `useStore(selector)`, but while a run is going it
 * re-renders at most once per `intervalMs`, on a tick shared with every other
 * throttled view (`tick.ts`): for the charts, whose redraw costs more than a
 * frame can spare at full speed, and for the text and the scrubber, each of
 * whose changes costs a layout of the page. Any state that is not running
 * (paused, done, error, a step) shows at once, so a settled page is exact.
 *
 * "At once" has two speeds. A list (`settle: "with-status"`) is redrawn in the
 * same commit as the run status, so a test that has seen the status settle
 * reads the list of that state. A chart (`settle: "after-status"`) is redrawn
 * in a transition right after it: a chart's redraw costs ~10 ms, more on a
 * busy machine, and Pause and Reset must show within 100 ms of the input
 * (SPEC §6), so the status does not wait for the charts. Charts are
 * `aria-hidden` pictures, and a screenshot waits for two equal frames.
 */
import { startTransition, useEffect, useState } from "react";
import { useStoreApi, type PlaygroundState } from "../../store/index.ts";
import { onTick } from "./tick.ts";

/** How often a recharts chart redraws while running: a redraw costs ~10 ms. */
export const CHART_REDRAW_MS = 250;
/** How often text (counters, lists, the step, the editor's step mark) and the scrubber refresh while running. */
export const LIST_REFRESH_MS = 100;

/** When a settled state is drawn: in the run status's commit, or in a transition right after it. */
export type Settle = "with-status" | "after-status";

/**
 * `select` must be stable (defined at module level) and return a value that
 * changes only with the state it reads. `phaseMs` shifts the ticks by that
 * much, so two charts with the same interval take turns rather than both
 * redrawing in one frame.
 */
export function useThrottledStore<T>(
  select: (state: PlaygroundState) => T,
  intervalMs: number,
  settle: Settle = "with-status",
  phaseMs = 0,
): T {
  const store = useStoreApi();
  const [value, setValue] = useState(() => select(store.getState()));
  useEffect(() => {
    let cancel: (() => void) | undefined;
    const show = () => {
      cancel?.();
      cancel = undefined;
      setValue(() => select(store.getState()));
    };
    show();
    const unsubscribe = store.subscribe((state, previous) => {
      if (Object.is(select(state), select(previous))) return;
      if (state.snapshot.status !== "running") {
        if (settle === "after-status") startTransition(show);
        else show();
        return;
      }
      cancel ??= onTick(intervalMs, phaseMs, show);
    });
    return () => {
      unsubscribe();
      cancel?.();
    };
  }, [store, select, intervalMs, settle, phaseMs]);
  return value;
}
