/**
 * First load to first drawn bars (SPEC §6: ≤ 1 s on the production build over
 * loopback): navigation start to the frame that first paints the nine class
 * buttons and the bar chart, as the probe saw it; median of 5, each in a new
 * context (cold cache). Each load also lists the scripts it had fetched by its
 * first contentful paint and by its first drawn bars, for `jsSize.ts`.
 */
import type { Browser } from "@playwright/test";
import type { ProbeWindow } from "../bench/pageProbe.ts";
import { median, type Figure } from "./figures.ts";
import { onPage, waitForBars } from "./site.ts";

/** How many loads are measured. */
export const LOAD_ROUNDS = 5;

/** What one first load measured. */
export interface LoadRun {
  readonly firstBarsMs: number;
  readonly firstPaintMs: number;
  readonly firstContentfulPaintMs: number;
  /** URL paths of the scripts fetched by then. */
  readonly jsBeforeContentfulPaint: readonly string[];
  readonly jsBeforeBars: readonly string[];
}

function loadRun(browser: Browser, siteBase: string): Promise<LoadRun> {
  return onPage(browser, siteBase, async ({ page }) => {
    await waitForBars(page);
    return page.evaluate(() => {
      const firstBarsMs = (window as unknown as ProbeWindow).__bench.firstBarsMs!;
      const paint = (name: string) =>
        performance.getEntriesByName(name, "paint")[0]?.startTime ?? Number.NaN;
      const firstPaintMs = paint("first-paint");
      const firstContentfulPaintMs = paint("first-contentful-paint");
      const scripts = (
        performance.getEntriesByType("resource") as PerformanceResourceTiming[]
      ).filter((entry) => new URL(entry.name).pathname.endsWith(".js"));
      const before = (ms: number) =>
        scripts
          .filter((entry) => entry.responseEnd <= ms)
          .map((entry) => new URL(entry.name).pathname);
      return {
        firstBarsMs,
        firstPaintMs,
        firstContentfulPaintMs,
        jsBeforeContentfulPaint: before(firstContentfulPaintMs),
        jsBeforeBars: before(firstBarsMs),
      };
    });
  });
}

/** {@link LOAD_ROUNDS} first loads of the site. */
export async function measureLoads(browser: Browser, siteBase: string): Promise<LoadRun[]> {
  const loads: LoadRun[] = [];
  for (let round = 0; round < LOAD_ROUNDS; round++) loads.push(await loadRun(browser, siteBase));
  return loads;
}

/** The first-load lines of the table. */
export function firstLoadFigures(loads: readonly LoadRun[]): Figure[] {
  return [
    {
      key: "firstBarsMs",
      what: "first load to first drawn bars (nine classes + bar chart)",
      value: median(loads.map((run) => run.firstBarsMs)),
      unit: "ms",
      budget: { atMost: 1000 },
      how: `median of ${LOAD_ROUNDS}, new context each, to the frame after they exist`,
    },
    {
      key: "firstPaintMs",
      what: "first load: first paint",
      value: median(loads.map((run) => run.firstPaintMs)),
      unit: "ms",
      how: `median of ${LOAD_ROUNDS}`,
    },
    {
      key: "firstContentfulPaintMs",
      what: "first load: first contentful paint",
      value: median(loads.map((run) => run.firstContentfulPaintMs)),
      unit: "ms",
      how: `median of ${LOAD_ROUNDS}`,
    },
  ];
}
