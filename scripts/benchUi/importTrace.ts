/**
 * Importing a 1,000,000-event CSV trace on the page (SPEC §6: ≤ 3 s to ready,
 * no main-thread task over 50 ms): the file (from the generator of
 * `bench:trace`) is set on `import-file`; the time runs from the input's
 * `change` event to the workload card showing the trace's events, both taken
 * in the page, and the long tasks in between come from the probe. Best of 3,
 * each on a fresh load.
 */
import type { Browser } from "@playwright/test";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ProbeWindow } from "../bench/pageProbe.ts";
import { makeEvents, write } from "../traceGen.ts";
import { bestOf, type Figure } from "./figures.ts";
import { BEST_OF, onPage, waitForBars } from "./site.ts";

export const IMPORT_EVENTS = 1_000_000;

/** One import. */
export interface ImportRun {
  readonly readyMs: number;
  readonly longestTaskMs: number;
  readonly longTasks: number;
  readonly fileBytes: number;
}

interface ImportWindow {
  __import: { start: number | null; ready: number | null };
}

/** Writes the trace once, then imports it {@link BEST_OF} times. */
export async function measureImports(
  browser: Browser,
  siteBase: string,
  temporary: string,
): Promise<ImportRun[]> {
  const file = join(temporary, "trace-1e6.csv");
  const text = write(makeEvents(IMPORT_EVENTS), "csv");
  await writeFile(file, text);
  const runs: ImportRun[] = [];
  for (let round = 0; round < BEST_OF; round++) {
    runs.push(
      await onPage(browser, siteBase, async ({ page }) => {
        await waitForBars(page);
        await page.evaluate((events) => {
          const marks: ImportWindow["__import"] = { start: null, ready: null };
          (window as unknown as ImportWindow).__import = marks;
          document.addEventListener(
            "change",
            (event) => {
              const target = event.target as HTMLElement;
              if (target.dataset.testid === "import-file") marks.start ??= performance.now();
            },
            true,
          );
          const selector = `[data-testid="workload-name"][data-events="${events}"]`;
          new MutationObserver(() => {
            if (marks.ready === null && document.querySelector(selector) !== null)
              marks.ready = performance.now();
          }).observe(document.body, { subtree: true, childList: true, attributes: true });
        }, IMPORT_EVENTS);
        await page.getByTestId("import-file").setInputFiles(file);
        await page.waitForFunction(
          () => (window as unknown as ImportWindow).__import.ready !== null,
          undefined,
          { polling: 50, timeout: 120_000 },
        );
        // Performance entries arrive after the task they describe.
        await page.waitForTimeout(300);
        const { marks, longTasks } = await page.evaluate(() => ({
          marks: (window as unknown as ImportWindow).__import,
          longTasks: (window as unknown as ProbeWindow).__bench.longTasks,
        }));
        const start = marks.start!;
        const ready = marks.ready!;
        const tasks = longTasks.filter(
          (task) => task.startMs < ready && task.startMs + task.durationMs > start,
        );
        return {
          readyMs: ready - start,
          longestTaskMs: Math.max(0, ...tasks.map((task) => task.durationMs)),
          longTasks: tasks.filter((task) => task.durationMs > 50).length,
          fileBytes: text.length,
        };
      }),
    );
  }
  return runs;
}

export function importFigures(runs: readonly ImportRun[]): Figure[] {
  const mb = ((runs[0]?.fileBytes ?? 0) / 1e6).toFixed(1);
  return [
    {
      key: "importCsvReadyMs",
      what: `import a ${IMPORT_EVENTS.toLocaleString("en-US")}-event CSV trace (${mb} MB): change event to the card showing it`,
      value: bestOf(runs, (run) => run.readyMs, false),
      unit: "ms",
      budget: { atMost: 3000 },
      how: `best of ${runs.length}, fresh load each; read and parsed in the worker`,
    },
    {
      key: "importCsvLongestTaskMs",
      what: "longest main-thread task during that import",
      value: bestOf(runs, (run) => run.longestTaskMs, false),
      unit: "ms",
      budget: { atMost: 50 },
      how: "PerformanceObserver longtask (reports tasks ≥ 50 ms; 0 = none)",
    },
  ];
}
