/**
 * Opening the site the way the measurements do: a share link that runs a
 * script at Max, in a new browser context (cold cache) with the probe of
 * `scripts/bench/pageProbe.ts` installed, and waiting on what the probe saw.
 * Also the run lengths and round counts the measurements share.
 */
import type { Browser, BrowserContext, CDPSession, Page } from "@playwright/test";
import { createRequire } from "node:module";
import { installProbe, type ProbeWindow, type RunSample } from "../bench/pageProbe.ts";
import { WorkerTarget } from "./workerTarget.ts";

// lz-string is CommonJS without named exports that Node's ESM loader can see.
const { compressToEncodedURIComponent } = createRequire(import.meta.url)(
  "lz-string",
) as typeof import("lz-string");

/** Steps of a throughput run: the length SPEC §6's memory budget names. */
export const RUN_STEPS = 10_000_000;
/** Long enough that a Max run outlasts any window measured in it (≈ 12 s at 33 M steps/s). */
export const LONG_RUN_STEPS = 400_000_000;
/** Rounds of a measurement whose best is reported. */
export const BEST_OF = 3;

const VIEWPORT = { width: 1280, height: 800 };

/** A share link (SPEC §5) that opens `source` without animation and, unless `run` is false, runs it at Max on load. */
export function siteUrl(base: string, source: string, run = true): string {
  return `${base}#script=${compressToEncodedURIComponent(source)}${run ? "&run=1" : ""}&motion=off`;
}

/** A page of the site in its own context, with the probe installed. */
export interface OpenPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly cdp: CDPSession;
  /** The site's pool worker, once it has started. */
  poolWorker(): Promise<WorkerTarget>;
}

/**
 * Opens `url` in a new context with the probe installed, unless `probe` is
 * false: the probe keeps every change of the run status, so a page watched for
 * minutes (`bench:soak`) would grow by what the probe keeps.
 */
export async function openPage(browser: Browser, url: string, probe = true): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(…)`;
  // the functions this script sends into the page need it defined there.
  await context.addInitScript({ content: "globalThis.__name = (target) => target;" });
  if (probe) await context.addInitScript(installProbe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const { found } = await WorkerTarget.watch(cdp, "pool");
  await page.goto(url);
  const poolWorker = () => within(found, 30_000, 'the pool worker (named "pool") never started');
  return { context, page, cdp, poolWorker };
}

/** Runs `measure` on a page opened at `url`, then closes its context. */
export async function onPage<T>(
  browser: Browser,
  url: string,
  measure: (opened: OpenPage) => Promise<T>,
): Promise<T> {
  const opened = await openPage(browser, url);
  try {
    return await measure(opened);
  } finally {
    await opened.context.close();
  }
}

/** `promise`, or an error saying `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Every change of the run status the probe has seen so far. */
export async function runSamples(page: Page): Promise<RunSample[]> {
  return page.evaluate(() => (window as unknown as ProbeWindow).__bench.runSamples);
}

/** Waits for "done" (or "error", which throws) and returns the run status's history. */
export async function waitForSettled(page: Page, timeoutMs: number): Promise<RunSample[]> {
  await page.waitForFunction(
    () => {
      const status = (window as unknown as ProbeWindow).__bench.runSamples.at(-1)?.status;
      return status === "done" || status === "error";
    },
    undefined,
    { polling: 250, timeout: timeoutMs },
  );
  const samples = await runSamples(page);
  const last = samples.at(-1)!;
  if (last.status === "error") throw new Error(`the run failed at step ${last.step}`);
  return samples;
}

/** Waits until the run status shows a run under way, past step 0. */
export async function waitForRunning(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const sample = (window as unknown as ProbeWindow).__bench.runSamples.at(-1);
      return sample?.status === "running" && sample.step > 0;
    },
    undefined,
    { polling: 50, timeout: 60_000 },
  );
}

/** Waits until the probe has seen the class bars painted. */
export async function waitForBars(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as ProbeWindow).__bench.firstBarsMs !== null,
    undefined,
    { polling: 50, timeout: 60_000 },
  );
}
