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
 *
 * Each ratio is the median of {@link BEST_OF} rounds, the page's rate over
 * the bare pool's timed next to it: the warm pool just before and just after
 * a long run's window (their mean), a fresh worker's pool just before a fresh
 * load. Taken from the best rate of each, measured minutes apart, the same
 * build gave 0.65, 0.64 and 1.27 sustained in three runs of session 30: the
 * bare pool's best went from 20 to 35 M steps/s with the machine's speed.
 */
import type { Browser, Page } from "@playwright/test";
import type { RunSample } from "../bench/pageProbe.ts";
import { pairsScript, type BenchKind, type BenchWindow } from "../bench/protocol.ts";
import { bestOf, median, steps, type Figure } from "./figures.ts";
import { FRAME_WINDOW_MS, measureMaxRun, sustainedRate, type FrameRun } from "./frames.ts";
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
  readonly pairs: PagePairs;
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

/** The bare pool's rate over the first run of a new worker. */
async function freshPoolRate(browser: Browser, benchUrl: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const time = await benchTimer(await context.newPage(), benchUrl);
    return await time("pool", RUN_STEPS);
  } finally {
    await context.close();
  }
}

/** The page's rate and the bare pool's, timed close together. */
export interface RatePair {
  readonly page: number;
  readonly pool: number;
}

/** What {@link measurePagePairs} measured, {@link BEST_OF} rounds. */
export interface PagePairs {
  readonly pageRuns: readonly PageRun[];
  readonly maxRuns: readonly FrameRun[];
  /** A long Max run's window, and the warm bare pool just before and after it (their mean). */
  readonly sustained: readonly RatePair[];
  /** A fresh load's run, and a fresh worker's bare pool just before it. */
  readonly fresh: readonly RatePair[];
}

/**
 * The page's rates, each beside the bare pool's timed just before it (and,
 * sustained, just after): a round at a time, so that both sides of a ratio
 * fall in the same spell of the machine's speed (see the module's comment).
 */
export async function measurePagePairs(
  browser: Browser,
  benchUrl: string,
  siteBase: string,
): Promise<PagePairs> {
  const context = await browser.newContext();
  try {
    const warmPool = await benchTimer(await context.newPage(), benchUrl);
    await warmPool("pool", RUN_STEPS / 10);
    await warmPool("pool", RUN_STEPS);
    const pairs = { pageRuns: [] as PageRun[], maxRuns: [] as FrameRun[] };
    const sustained: RatePair[] = [];
    const fresh: RatePair[] = [];
    for (let round = 0; round < BEST_OF; round++) {
      const before = await warmPool("pool", RUN_STEPS);
      const maxRun = await measureMaxRun(browser, siteBase);
      const after = await warmPool("pool", RUN_STEPS);
      pairs.maxRuns.push(maxRun);
      sustained.push({ page: maxRun.pageStepsPerSecond, pool: (before + after) / 2 });
      const pool = await freshPoolRate(browser, benchUrl);
      const pageRun = await measureFreshPage(browser, siteBase);
      pairs.pageRuns.push(pageRun);
      fresh.push({ page: pageRun.stepsPerSecond, pool });
    }
    return { ...pairs, sustained, fresh };
  } finally {
    await context.close();
  }
}

/** The median of a round's page rate over its bare pool's. */
function pairedRatio(pairs: readonly RatePair[]): number {
  return median(pairs.map(({ page, pool }) => page / pool));
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
  const { rates, pairs } = measured;
  const { pageRuns } = pairs;
  const freshPoolRate = Math.max(...pairs.fresh.map((pair) => pair.pool));
  const freshPageRate = bestOf(pageRuns, (run) => run.stepsPerSecond, true);
  const sustainedBest = sustainedRate(pairs.maxRuns);
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
      value: sustainedBest,
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
      value: pairedRatio(pairs.sustained),
      unit: "ratio",
      budget: POOL_SHARE_BUDGET,
      how: `median of ${BEST_OF} rounds, each a window of a long run beside the warm bare pool timed just before and after it`,
    },
    {
      key: "pageColdOverPool",
      what: "page, from a fresh load / bare pool from a fresh worker",
      value: pairedRatio(pairs.fresh),
      unit: "ratio",
      budget: POOL_SHARE_BUDGET,
      how: `median of ${BEST_OF} rounds, each a fresh load beside a fresh worker's bare pool timed just before it: ${steps(RUN_STEPS)} steps, JIT warm-up included on both sides`,
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
