/**
 * The main thread while the page runs at Max (SPEC §6: ≥ 55 frames/s, no task
 * over 50 ms): animation frames counted for 3 s of a long run, with the long
 * tasks and long animation frames in that window; best of 3. The same window
 * gives the page's sustained steps per second (`throughput.ts`). An idle page
 * is counted too, for what this headless Chromium gives at best.
 */
import type { Browser } from "@playwright/test";
import type { ProbeWindow, Span } from "../bench/pageProbe.ts";
import { pairsScript } from "../bench/protocol.ts";
import { bestOf, type Figure } from "./figures.ts";
import { BEST_OF, LONG_RUN_STEPS, onPage, siteUrl, waitForBars, waitForRunning } from "./site.ts";

/** How long frames are counted during a Max run. */
export const FRAME_WINDOW_MS = 3000;
const IDLE_FRAME_WINDOW_MS = 2000;

/** What one window of frames measured. */
export interface FrameRun {
  readonly fps: number;
  readonly longestFrameMs: number;
  readonly longestTaskMs: number;
  readonly longTasks: number;
  readonly longestAnimationFrame: Span | null;
  readonly pageStepsPerSecond: number;
}

function spansIn(spans: readonly Span[], startMs: number, endMs: number): Span[] {
  return spans.filter((span) => span.startMs < endMs && span.startMs + span.durationMs > startMs);
}

function longest(spans: readonly Span[]): Span | null {
  return spans.reduce<Span | null>(
    (found, span) => (found && found.durationMs >= span.durationMs ? found : span),
    null,
  );
}

/** Counts frames on the page at `url`: a Max run when `running`, else an idle page. */
async function frameRun(
  browser: Browser,
  url: string,
  running: boolean,
  windowMs: number,
): Promise<FrameRun> {
  return onPage(browser, url, async ({ page }) => {
    await waitForBars(page);
    if (running) await waitForRunning(page);
    await page.waitForTimeout(500);
    const frames = await page.evaluate(
      (ms) => (window as unknown as ProbeWindow).__bench.measureFrames(ms),
      windowMs,
    );
    // Performance entries arrive after the task they describe.
    await page.waitForTimeout(300);
    const { longTasks, animationFrames } = await page.evaluate(() => {
      const probe = (window as unknown as ProbeWindow).__bench;
      return { longTasks: probe.longTasks, animationFrames: probe.animationFrames };
    });
    const tasks = spansIn(longTasks, frames.startMs, frames.endMs);
    const spanMs = frames.endMs - frames.startMs;
    return {
      fps: ((frames.frames - 1) * 1000) / spanMs,
      longestFrameMs: frames.longestFrameMs,
      longestTaskMs: Math.max(0, ...tasks.map((task) => task.durationMs)),
      longTasks: tasks.filter((task) => task.durationMs > 50).length,
      longestAnimationFrame: longest(spansIn(animationFrames, frames.startMs, frames.endMs)),
      pageStepsPerSecond: ((frames.endStep - frames.startStep) * 1000) / spanMs,
    };
  });
}

/** One window of a long Max run, on a fresh load. */
export function measureMaxRun(browser: Browser, siteBase: string): Promise<FrameRun> {
  return frameRun(browser, siteUrl(siteBase, pairsScript(LONG_RUN_STEPS)), true, FRAME_WINDOW_MS);
}

/** {@link BEST_OF} windows of a long Max run, each on a fresh load. */
export async function measureMaxRuns(browser: Browser, siteBase: string): Promise<FrameRun[]> {
  const runs: FrameRun[] = [];
  for (let round = 0; round < BEST_OF; round++) runs.push(await measureMaxRun(browser, siteBase));
  return runs;
}

/** One window of an idle page. */
export function measureIdle(browser: Browser, siteBase: string): Promise<FrameRun> {
  return frameRun(browser, siteBase, false, IDLE_FRAME_WINDOW_MS);
}

/** The page's best steps per second over the windows of its Max runs. */
export function sustainedRate(maxRuns: readonly FrameRun[]): number {
  return bestOf(maxRuns, (run) => run.pageStepsPerSecond, true);
}

/** The main-thread lines of the table. */
export function frameFigures(maxRuns: readonly FrameRun[], idle: FrameRun): Figure[] {
  const shortestLongFrame = maxRuns
    .map((run) => run.longestAnimationFrame)
    .reduce((a, b) => ((b?.durationMs ?? 0) < (a?.durationMs ?? 0) ? b : a));
  return [
    {
      key: "maxRunFps",
      what: "main thread during a Max run: frames/s",
      value: bestOf(maxRuns, (run) => run.fps, true),
      unit: "fps",
      budget: { atLeast: 55 },
      how: `best of ${BEST_OF}, rAF over ${FRAME_WINDOW_MS / 1000} s`,
    },
    {
      key: "maxRunLongestTaskMs",
      what: "main thread during a Max run: longest task",
      value: bestOf(maxRuns, (run) => run.longestTaskMs, false),
      unit: "ms",
      budget: { atMost: 50 },
      how: `best of ${BEST_OF}, 'longtask' entries (0 = none over 50 ms)`,
    },
    {
      key: "maxRunLongestFrameMs",
      what: "main thread during a Max run: longest gap between frames",
      value: bestOf(maxRuns, (run) => run.longestFrameMs, false),
      unit: "ms",
      how: `best of ${BEST_OF}`,
    },
    {
      key: "maxRunLongestAnimationFrameMs",
      what: "main thread during a Max run: longest animation frame",
      value: shortestLongFrame?.durationMs ?? 0,
      unit: "ms",
      how: `best of ${BEST_OF}, 'long-animation-frame': ${shortestLongFrame?.detail ?? "none over 50 ms"}`,
    },
    {
      key: "idleFps",
      what: "idle page: frames/s (what this headless Chromium gives)",
      value: idle.fps,
      unit: "fps",
      how: `rAF over ${IDLE_FRAME_WINDOW_MS / 1000} s`,
    },
  ];
}
