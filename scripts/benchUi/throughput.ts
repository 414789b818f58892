/**
 * Steps per second (SPEC §6: ≥ 2,000,000 steps/s for 4 KiB acquire/release
 * pairs, and at least 2/3 of the bare pool's own rate in the same browser,
 * sustained and from a fresh load).
 *
 * In the bench bundle's worker, with no page to draw (`scripts/bench/`):
 *   - the bare pool, `pool.acquire(4096).release()`, the engine
 *     (`Session.advance`) and the site's `Playback` at Max, warm: each kind
 *     once to warm up, then best of 3;
 *   - the bare pool from a fresh start: a new bench page, so a new worker with
 *     nothing compiled yet, and its first run of 10,000,000 steps timed whole,
 *     JIT warm-up included; best of 3.
 * On the site, from a fresh load of a share link that runs 10,000,000 steps:
 *   the steps over the time from the run status first reading "running" to
 *   "done", as the page shows them; best of 3. The worker's code is compiled
 *   and optimized during this run, and the page is still loading beside it.
 *
 * The two comparisons are like for like. Sustained: the page over a window of
 * a long run (`frames.ts`) against the warm bare pool. From a fresh load: the
 * page's fresh run against the bare pool's fresh run, both new workers, the
 * same 10,000,000 steps, warm-up included on both sides. (A fresh run timed
 * against a warm bare pool would charge the page for JIT warm-up that the
 * pool was spared.) The page's times pass through its run status, a frame
 * (≈ 16 ms) of jitter at either end of a run of a few hundred ms.
 */
import type { Browser, Page } from "@playwright/test";
import type { RunSample } from "../bench/pageProbe.ts";
import { pairsScript, type BenchKind, type BenchWindow } from "../bench/protocol.ts";
import { bestOf, median, steps, type Figure } from "./figures.ts";
import { FRAME_WINDOW_MS } from "./frames.ts";
import { measureMemory, type MemoryFigures } from "./memory.ts";
import { BEST_OF, LONG_RUN_STEPS, onPage, RUN_STEPS, siteUrl, waitForSettled } from "./site.ts";

/** The SPEC §6 throughput budget: steps per second, and the share of the bare pool's rate. */
const RATE_BUDGET = { atLeast: 2_000_000 };
const POOL_SHARE_BUDGET = { atLeast: 2 / 3 };

/** Best rates in the bench worker, warm. */
export type WorkerRates = Record<BenchKind, number>;

/** What one fresh-load run of the site measured. */
export interface PageRun {
  readonly stepsPerSecond: number;
  readonly firstStepMs: number;
  readonly doneMs: number;
  readonly memory: MemoryFigures;
}

/** Everything the throughput lines of the table are made from. */
export interface Throughput {
  readonly rates: WorkerRates;
  /** The bare pool's rate in each fresh worker. */
  readonly freshPoolRates: readonly number[];
  readonly pageRuns: readonly PageRun[];
  /** The page's best rate over a window of a long Max run (`frames.ts`). */
  readonly sustainedRate: number;
}

/** Opens the bench page at `url` and returns a timer of `steps` of `kind` in its worker, in steps/s. */
async function benchTimer(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => "bench" in window);
  return async (kind: BenchKind, steps: number): Promise<number> => {
    const result = await page.evaluate(
      (request) => (window as unknown as BenchWindow).bench(request),
      { kind, steps },
    );
    if (result.failure) throw new Error(`bench worker, ${kind}: ${result.failure}`);
    return (steps * 1000) / result.elapsedMs;
  };
}

/** Warm rates of the bare pool, the engine and the runner in one bench worker. */
export async function measureWorkerRates(browser: Browser, benchUrl: string): Promise<WorkerRates> {
  const context = await browser.newContext();
  try {
    const time = await benchTimer(await context.newPage(), benchUrl);
    const kinds: BenchKind[] = ["pool", "engine", "runner"];
    for (const kind of kinds) await time(kind, RUN_STEPS / 10);
    const best: WorkerRates = { pool: 0, engine: 0, runner: 0 };
    for (let round = 0; round < BEST_OF; round++) {
      for (const kind of kinds) best[kind] = Math.max(best[kind], await time(kind, RUN_STEPS));
    }
    return best;
  } finally {
    await context.close();
  }
}

/** The bare pool's rate over the first run of a new worker, once per round. */
export async function measureFreshPoolRates(browser: Browser, benchUrl: string): Promise<number[]> {
  const rates: number[] = [];
  for (let round = 0; round < BEST_OF; round++) {
    const context = await browser.newContext();
    try {
      const time = await benchTimer(await context.newPage(), benchUrl);
      rates.push(await time("pool", RUN_STEPS));
    } finally {
      await context.close();
    }
  }
  return rates;
}

/** When the run started as the page showed it: the status first reading "running". */
function runStart(samples: readonly RunSample[]): RunSample {
  const start = samples.find((sample) => sample.status === "running");
  if (!start) throw new Error("the run status never read running");
  return start;
}

/** One fresh load of the site running {@link RUN_STEPS} steps at Max; memory at the end. */
export function measureFreshPage(browser: Browser, siteBase: string): Promise<PageRun> {
  const url = siteUrl(siteBase, pairsScript(RUN_STEPS));
  return onPage(browser, url, async ({ page, cdp, poolWorker }) => {
    const samples = await waitForSettled(page, 300_000);
    const start = runStart(samples);
    const first = samples.find((sample) => sample.step > 0)!;
    const done = samples.at(-1)!;
    if (done.step !== RUN_STEPS) throw new Error(`the page ran ${done.step} of ${RUN_STEPS} steps`);
    return {
      stepsPerSecond: ((done.step - start.step) * 1000) / (done.atMs - start.atMs),
      firstStepMs: first.atMs,
      doneMs: done.atMs,
      memory: await measureMemory(page, cdp, await poolWorker()),
    };
  });
}

/** The throughput lines of the table. */
export function throughputFigures(measured: Throughput): Figure[] {
  const { rates, freshPoolRates, pageRuns, sustainedRate } = measured;
  const freshPoolRate = Math.max(...freshPoolRates);
  const freshPageRate = bestOf(pageRuns, (run) => run.stepsPerSecond, true);
  return [
    {
      key: "poolStepsPerSecond",
      what: "bare pool in a worker, `pool.acquire(4096).release()` = 2 steps",
      value: rates.pool,
      unit: "steps/s",
      how: `best of ${BEST_OF}, ${steps(RUN_STEPS)} steps, warm worker`,
    },
    {
      key: "poolFreshStepsPerSecond",
      what: "bare pool in a fresh worker, JIT warm-up included",
      value: freshPoolRate,
      unit: "steps/s",
      how: `best of ${BEST_OF}, the first ${steps(RUN_STEPS)} steps of a new worker each`,
    },
    {
      key: "engineStepsPerSecond",
      what: "engine in a worker, no UI (`Session.advance(Infinity)`)",
      value: rates.engine,
      unit: "steps/s",
      how: `best of ${BEST_OF}, same script as the page, warm worker`,
    },
    {
      key: "runnerStepsPerSecond",
      what: "site's Runner in a worker, snapshots posted to an idle page",
      value: rates.runner,
      unit: "steps/s",
      how: `best of ${BEST_OF}, run command to done`,
    },
    {
      key: "pageStepsPerSecond",
      what: "full page at Max, sustained (share link, run=1&motion=off)",
      value: sustainedRate,
      unit: "steps/s",
      budget: RATE_BUDGET,
      how: `best of ${BEST_OF}, run-status steps over the ${FRAME_WINDOW_MS / 1000} s frame window below, ${steps(LONG_RUN_STEPS)}-step run`,
    },
    {
      key: "pageColdStepsPerSecond",
      what: "full page at Max, from a fresh load",
      value: freshPageRate,
      unit: "steps/s",
      budget: RATE_BUDGET,
      how: `best of ${BEST_OF}, run-status "running" to "done", ${steps(RUN_STEPS)} steps: the worker warming up, the page still loading`,
    },
    {
      key: "engineOverPool",
      what: "engine / bare pool",
      value: rates.engine / rates.pool,
      unit: "ratio",
      how: "SPEC: interpreter, events and history cost ≤ 50 %",
    },
    {
      key: "pageOverPool",
      what: "page, sustained / bare pool",
      value: sustainedRate / rates.pool,
      unit: "ratio",
      budget: POOL_SHARE_BUDGET,
      how: "both warm: the bare pool is timed after a warm-up run",
    },
    {
      key: "pageColdOverPool",
      what: "page, from a fresh load / bare pool from a fresh worker",
      value: freshPageRate / freshPoolRate,
      unit: "ratio",
      budget: POOL_SHARE_BUDGET,
      how: `both from a fresh start: a new worker, ${steps(RUN_STEPS)} steps, JIT warm-up included on both sides`,
    },
    {
      key: "pageFirstStepMs",
      what: "page: navigation start to the first step shown",
      value: median(pageRuns.map((run) => run.firstStepMs)),
      unit: "ms",
      how: `median of ${BEST_OF}`,
    },
    {
      key: "pageDoneMs",
      what: `page: navigation start to done, ${steps(RUN_STEPS)} steps`,
      value: bestOf(pageRuns, (run) => run.doneMs, false),
      unit: "ms",
      how: `best of ${BEST_OF}`,
    },
  ];
}
