/**
 * Pause and Reset during a Max run (SPEC §6: ≤ 100 ms from the input event to
 * the status change), measured in the page: the probe (`armInput`) takes the
 * input event's `timeStamp` in a capturing listener and the time a
 * MutationObserver sees the run status's text change, so Playwright's round
 * trips are not counted. The inputs are Playwright's trusted clicks and key
 * presses, as a user's would be.
 *
 * One page: a long run at Max (speed set to Max, so Run resumes at Max too);
 * each trial lets it run {@link RUNNING_MS} first, so the worker is deep in
 * full-speed slices when the input comes. {@link TRIALS} trials of each of:
 * the Pause button, the Space key (the page-wide shortcut), the Reset button.
 */
import type { Browser, Locator, Page } from "@playwright/test";
import type { InputTiming, ProbeWindow } from "../bench/pageProbe.ts";
import { pairsScript } from "../bench/protocol.ts";
import { median, type Figure } from "./figures.ts";
import { LONG_RUN_STEPS, onPage, siteUrl, waitForBars, waitForRunning } from "./site.ts";

/** Trials of each input. */
export const TRIALS = 7;
/** How long the run goes on at Max before each input. */
const RUNNING_MS = 1000;
const BUDGET = { atMost: 100 };

/** What the inputs of one kind measured, in ms from the event. */
export interface LatencyRuns {
  readonly pauseClick: readonly InputTiming[];
  readonly pauseKey: readonly InputTiming[];
  readonly resetClick: readonly InputTiming[];
}

const elapsed = (timing: InputTiming) => timing.statusMs - timing.eventMs;

/** Runs `input` with a timing armed for `type` until the status reads `status`. */
async function timed(
  page: Page,
  type: "click" | "keydown",
  status: string,
  input: () => Promise<void>,
): Promise<InputTiming> {
  await page.evaluate(
    ({ type, status }) => (window as unknown as ProbeWindow).__bench.armInput(type, status),
    { type, status },
  );
  await input();
  return page.evaluate(() => (window as unknown as ProbeWindow).__bench.armedInput!);
}

/** Starts the run again at Max (after a pause or a reset) and lets it go on. */
async function runAgain(page: Page, run: Locator): Promise<void> {
  await run.click();
  await waitForRunning(page);
  await page.waitForTimeout(RUNNING_MS);
}

/** {@link TRIALS} timings of Pause (button and Space) and Reset, on one page running at Max. */
export async function measureLatency(browser: Browser, siteBase: string): Promise<LatencyRuns> {
  const url = siteUrl(siteBase, pairsScript(LONG_RUN_STEPS));
  return onPage(browser, url, async ({ page }) => {
    const button = (name: string) => page.getByRole("button", { name, exact: true });
    await waitForBars(page);
    await waitForRunning(page);
    // The link runs at Max; the speed setting stays what it was unless chosen.
    await page.getByLabel("Speed", { exact: true }).selectOption("max");
    await page.waitForTimeout(RUNNING_MS);
    const pauseClick: InputTiming[] = [];
    const pauseKey: InputTiming[] = [];
    const resetClick: InputTiming[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      pauseClick.push(await timed(page, "click", "paused", () => button("Pause").click()));
      await runAgain(page, button("Run"));
      // Space is the page's shortcut only when no button has focus.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      pauseKey.push(await timed(page, "keydown", "paused", () => page.keyboard.press("Space")));
      await runAgain(page, button("Run"));
      resetClick.push(await timed(page, "click", "idle", () => button("Reset").click()));
      await runAgain(page, button("Run"));
    }
    return { pauseClick, pauseKey, resetClick };
  });
}

function lines(key: string, what: string, timings: readonly InputTiming[]): Figure[] {
  const values = timings.map(elapsed);
  const inputDelays = timings.map((timing) => timing.handledMs - timing.eventMs);
  return [
    {
      key: `${key}MedianMs`,
      what: `${what} during a Max run: input event to status change, median`,
      value: median(values),
      unit: "ms",
      budget: BUDGET,
      how: `${TRIALS} trials, in the page (event.timeStamp → MutationObserver); main thread took the event after ${median(inputDelays).toFixed(1)} ms (median)`,
    },
    {
      key: `${key}MaxMs`,
      what: `${what} during a Max run: input event to status change, slowest`,
      value: Math.max(...values),
      unit: "ms",
      budget: BUDGET,
      how: `of ${TRIALS}: ${values.map((value) => value.toFixed(0)).join(", ")} ms`,
    },
  ];
}

/** The latency lines of the table. */
export function latencyFigures(runs: LatencyRuns): Figure[] {
  return [
    ...lines("pauseClick", "Pause (button)", runs.pauseClick),
    ...lines("pauseKey", "Pause (Space key)", runs.pauseKey),
    ...lines("resetClick", "Reset (button)", runs.resetClick),
  ];
}
