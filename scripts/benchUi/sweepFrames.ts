/**
 * The page during a capacity sweep (SPEC §6: a 0–64 sweep of a
 * 1,000,000-step workload in ≤ 10 s, the page at ≥ 55 frames/s meanwhile):
 * frames counted from the moment `sweep-status` reads "running" to the moment
 * it reads "done", the long tasks in that window, and the sweep's time as the
 * page sees it. The page is loaded and settled first, then the sweep started
 * as a user does (Sweep tab, capacities, Run sweep), so the page's own start
 * is not counted against the sweep; best of 3.
 */
import type { Browser } from "@playwright/test";
import type { ProbeWindow, Span } from "../bench/pageProbe.ts";
import { bestOf, type Figure } from "./figures.ts";
import { BEST_OF, onPage, siteUrl, waitForBars } from "./site.ts";

/** Capacities swept, as the URL writes them. */
export const SWEEP_RANGE = "0..64";

/**
 * 1,000,000 steps of random sizes from 1 B to 256 KiB and releases of a
 * random held buffer: every class's list fills at some capacity of the range.
 */
export const SWEEP_WORKLOAD = `seed 7
repeat 32 { acquire random 1..256KB }
repeat 499984 {
  acquire random 1..256KB
  release random
}
`;

/** What one sweep on the page measured. */
export interface SweepFrameRun {
  readonly fps: number;
  readonly longestFrameMs: number;
  readonly longestTaskMs: number;
  /** From "running" to "done", in the page. */
  readonly sweepMs: number;
}

/** Counts frames in the page while the sweep runs; resolves when it is done. */
function countFramesWhileSweeping(): Promise<{
  frames: number;
  startMs: number;
  endMs: number;
  longestFrameMs: number;
}> {
  return new Promise((resolve, reject) => {
    const status = () => document.querySelector('[data-testid="sweep-status"]')?.textContent;
    const frames: number[] = [];
    let longestFrameMs = 0;
    const tick = (now: number) => {
      const text = status();
      if (text === "running") {
        const previous = frames.at(-1);
        if (previous !== undefined) longestFrameMs = Math.max(longestFrameMs, now - previous);
        frames.push(now);
      } else if (text === "done" && frames.length > 0) {
        resolve({ frames: frames.length, startMs: frames[0]!, endMs: now, longestFrameMs });
        return;
      } else if (text !== undefined && text !== null && text !== "done") {
        reject(new Error(`the sweep ended "${text}"`));
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function sweepRun(browser: Browser, siteBase: string): Promise<SweepFrameRun> {
  const url = siteUrl(siteBase, SWEEP_WORKLOAD, false);
  return onPage(browser, url, async ({ page }) => {
    await waitForBars(page);
    await page.getByRole("button", { name: "Sweep", exact: true }).click();
    await page.getByLabel("Capacities").fill(SWEEP_RANGE);
    await page.waitForTimeout(1000);
    const counting = page.evaluate(countFramesWhileSweeping);
    await page.getByRole("button", { name: "Run sweep" }).click();
    const counted = await counting;
    // Performance entries arrive after the task they describe.
    await page.waitForTimeout(300);
    const longTasks: Span[] = await page.evaluate(
      () => (window as unknown as ProbeWindow).__bench.longTasks,
    );
    const inWindow = longTasks.filter(
      (task) => task.startMs < counted.endMs && task.startMs + task.durationMs > counted.startMs,
    );
    const spanMs = counted.endMs - counted.startMs;
    return {
      fps: spanMs > 0 ? ((counted.frames - 1) * 1000) / spanMs : 0,
      longestFrameMs: counted.longestFrameMs,
      longestTaskMs: Math.max(0, ...inWindow.map((task) => task.durationMs)),
      sweepMs: spanMs,
    };
  });
}

/** {@link BEST_OF} sweeps, each on a fresh load. */
export async function measureSweeps(browser: Browser, siteBase: string): Promise<SweepFrameRun[]> {
  const runs: SweepFrameRun[] = [];
  for (let round = 0; round < BEST_OF; round++) runs.push(await sweepRun(browser, siteBase));
  return runs;
}

/** The sweep's lines of the table. */
export function sweepFigures(runs: readonly SweepFrameRun[]): Figure[] {
  const how = `best of ${BEST_OF}, capacities ${SWEEP_RANGE} of a 1,000,000-step script of random sizes and releases, from "running" to "done"`;
  return [
    {
      key: "sweepMs",
      what: "capacity sweep 0–64 of 1,000,000 steps, in the worker",
      value: bestOf(runs, (run) => run.sweepMs, false),
      unit: "ms",
      budget: { atMost: 10_000 },
      how,
    },
    {
      key: "sweepFps",
      what: "main thread during that sweep: frames/s",
      value: bestOf(runs, (run) => run.fps, true),
      unit: "fps",
      budget: { atLeast: 55 },
      how,
    },
    {
      key: "sweepLongestTaskMs",
      what: "main thread during that sweep: longest task",
      value: bestOf(runs, (run) => run.longestTaskMs, false),
      unit: "ms",
      budget: { atMost: 50 },
      how: `${how}; 'longtask' entries (0 = none over 50 ms)`,
    },
  ];
}
