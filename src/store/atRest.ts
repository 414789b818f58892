/**
 * Background work that waits for the page to be at rest: no run going. A
 * run at full speed has the machine's cores to itself, so what can wait (the
 * service worker precaching the build for offline use) starts only once the
 * run status has stayed off "running" for a while, or after a longest wait.
 */
import type { PlaygroundStore } from "./store.ts";

/** How long the page waits, in ms. */
export interface RestTimes {
  /** The run status stays off "running" this long: a link that runs at load starts within it. */
  readonly restMs: number;
  /** Whatever runs, the work starts by then, so a long run does not put it off for good. */
  readonly latestMs: number;
}

export const REST_TIMES: RestTimes = { restMs: 1_000, latestMs: 30_000 };

/** The timer functions {@link onceAtRest} uses; the page's own by default. */
export interface Timers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (timer: unknown) => void;
}

const PAGE_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (timer) => globalThis.clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/**
 * Calls `work` once, when the run status of `store` has not been "running"
 * for `times.restMs`, or after `times.latestMs` at the latest. Returns a
 * function that cancels it.
 */
export function onceAtRest(
  store: PlaygroundStore,
  work: () => void,
  times: RestTimes = REST_TIMES,
  timers: Timers = PAGE_TIMERS,
): () => void {
  let done = false;
  let resting: unknown = null;
  const running = () => store.getState().snapshot.status === "running";
  const finish = () => {
    if (done) return;
    cancel();
    work();
  };
  const watch = () => {
    if (running()) {
      if (resting !== null) timers.clearTimeout(resting);
      resting = null;
    } else if (resting === null) {
      resting = timers.setTimeout(finish, times.restMs);
    }
  };
  const latest = timers.setTimeout(finish, times.latestMs);
  const unsubscribe = store.subscribe(watch);
  const cancel = () => {
    done = true;
    unsubscribe();
    timers.clearTimeout(latest);
    if (resting !== null) timers.clearTimeout(resting);
  };
  watch();
  return cancel;
}
