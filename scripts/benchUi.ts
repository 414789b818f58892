/**
 * `npm run bench:ui [-- --json] [-- --profile]`
 *
 * Measures the SPEC §6 budgets that need a browser, on the production build in
 * `dist/` (the npm script builds it first), in the Chromium and with the flags
 * the e2e tests use, each site visit in a new browser context (cold cache):
 *
 *   - throughput: the bare pool, the engine and the site's runner in a Web
 *     Worker with no UI (the bench bundle, `scripts/bench/`, built here into a
 *     temporary folder), and the full page at Max, all on 4 KiB pairs; best of
 *     3. The page is timed twice, by the steps its run status shows: sustained,
 *     over the frame window of a long run (the budget's figure: the bare pool
 *     is timed warm too), and from a fresh load, between the first nonzero
 *     step and "done" of a 10,000,000-step run, while the worker's code is
 *     still being optimized and the page is still loading;
 *   - the main thread during a Max run: animation frames counted for 3 s, long
 *     tasks and long animation frames in that window; best of 3;
 *   - first load to first drawn bars: navigation start to the frame that first
 *     paints the nine class buttons and the bar chart; median of 5;
 *   - JS before first paint, gzip: entry + modulepreload of `dist/index.html`;
 *     for comparison, every script the page had fetched by its first
 *     contentful paint and by its first drawn bars (resource timing);
 *   - step back / scrub on a 1,000,000-step run: from the input event to the
 *     run status showing the new step; median of 5, worst shown;
 *   - tab memory after a 10,000,000-step run: JS heap, DOM heap and array
 *     buffers of the page and the pool worker (CDP), less the pool's own
 *     buffers; the largest of the 3 throughput runs.
 *
 * Prints a table; with `--json`, its last line holds every figure. With
 * `--profile`, it also samples the main thread and the worker for 2 s of a Max
 * run on an unminified build of the same source, and lists the top self times.
 */
import { chromium, type Browser, type CDPSession, type Page } from "@playwright/test";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, preview, type InlineConfig } from "vite";
import { CHECKPOINT_INTERVAL } from "../src/engine/session.ts";
import { EVENT_LOG_LIMIT } from "../src/worker/protocol.ts";
import { chromiumLaunchOptions } from "./chromiumFlags.ts";
import { installProbe, type ProbeWindow, type RunSample, type Span } from "./bench/pageProbe.ts";
import { pairsScript, type BenchKind, type BenchWindow } from "./bench/protocol.ts";

// lz-string is CommonJS without named exports that Node's ESM loader can see.
const { compressToEncodedURIComponent } = createRequire(import.meta.url)(
  "lz-string",
) as typeof import("lz-string");

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCH_CONFIG = join(ROOT, "scripts/bench/vite.config.ts");

const RUN_STEPS = 10_000_000;
const SEEK_RUN_STEPS = 1_000_000;
/** Long enough that a Max run outlasts the frame window by far (≈ 12 s at 33 M steps/s). */
const LONG_RUN_STEPS = 400_000_000;
const FRAME_WINDOW_MS = 3000;
const IDLE_FRAME_WINDOW_MS = 2000;
const PROFILE_MS = 2000;
const BEST_OF = 3;
const LOAD_ROUNDS = 5;
const SEEK_ROUNDS = 5;
const VIEWPORT = { width: 1280, height: 800 };
const KB = 1000;
const MB = 1000 * 1000;

interface Options {
  readonly json: boolean;
  readonly profile: boolean;
}

/** A budget from SPEC §6: the value must be at least `atLeast` and at most `atMost`. */
interface Budget {
  readonly atLeast?: number;
  readonly atMost?: number;
}

type Unit = "steps/s" | "ratio" | "fps" | "ms" | "bytes";

/** One line of the table. */
interface Figure {
  readonly key: string;
  readonly what: string;
  readonly value: number;
  readonly unit: Unit;
  readonly budget?: Budget;
  readonly how: string;
}

/** `Runtime.getHeapUsage` of one isolate. */
interface HeapUsage {
  readonly usedSize: number;
  readonly totalSize: number;
  readonly embedderHeapUsedSize: number;
  readonly backingStorageSize: number;
}

/** What one throughput run of the site measured. */
interface PageRun {
  readonly stepsPerSecond: number;
  readonly firstStepMs: number;
  readonly doneMs: number;
  readonly memory: MemoryFigures;
}

interface MemoryFigures {
  readonly page: HeapUsage;
  readonly worker: HeapUsage;
  readonly poolBytes: number;
  readonly beyondPoolBytes: number;
  readonly beyondPoolAfterGcBytes: number;
}

interface FrameRun {
  readonly fps: number;
  readonly longestFrameMs: number;
  readonly longestTaskMs: number;
  readonly longTasks: number;
  readonly longestAnimationFrame: Span | null;
  readonly pageStepsPerSecond: number;
}

interface LoadRun {
  readonly firstBarsMs: number;
  readonly firstPaintMs: number;
  readonly firstContentfulPaintMs: number;
  readonly jsBeforeContentfulPaint: readonly string[];
  readonly jsBeforeBars: readonly string[];
}

/** A CPU profile as CDP's `Profiler.stop` returns it. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

interface SelfTime {
  readonly name: string;
  readonly selfMs: number;
  readonly share: number;
  /** The callers it spent most of that time under, nearest first. */
  readonly via: string;
}

/** An answer to a command sent through `Target.sendMessageToTarget`. */
interface TargetAnswer {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

/**
 * The site's pool worker, reached through the page's own CDP session: Playwright
 * does not open CDP sessions on workers, so this attaches to it as a nested
 * target and speaks CDP to it as JSON messages.
 */
class WorkerTarget {
  private nextId = 1;
  private readonly answers = new Map<number, (answer: TargetAnswer) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on("Target.receivedMessageFromTarget", (event) => {
      if (event.sessionId !== sessionId) return;
      const answer = JSON.parse(event.message) as TargetAnswer;
      if (answer.id !== undefined) this.answers.get(answer.id)?.(answer);
    });
  }

  /** Starts watching for the worker named `name`; call before the page loads. */
  static async watch(cdp: CDPSession, name: string): Promise<{ found: Promise<WorkerTarget> }> {
    const found = new Promise<WorkerTarget>((resolve) => {
      cdp.on("Target.attachedToTarget", (event) => {
        if (event.targetInfo.type === "worker" && event.targetInfo.title === name) {
          resolve(new WorkerTarget(cdp, event.sessionId));
        }
      });
    });
    await cdp.send("Target.setAutoAttach", {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    return { found };
  }

  send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.answers.set(id, (answer) => {
        this.answers.delete(id);
        if (answer.error) reject(new Error(`${method} in the worker: ${answer.error.message}`));
        else resolve(answer.result as T);
      });
      const message = JSON.stringify({ id, method, params });
      this.cdp
        .send("Target.sendMessageToTarget", { sessionId: this.sessionId, message })
        .catch(reject);
    });
  }
}

function parseOptions(args: readonly string[]): Options {
  let json = false;
  let profile = false;
  for (const arg of args) {
    if (arg === "--json") json = true;
    else if (arg === "--profile") profile = true;
    else throw new Error(`unknown argument ${arg}; expected --json or --profile`);
  }
  return { json, profile };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** `vite preview` of `config` on a free loopback port. */
async function startPreview(
  config: InlineConfig,
): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server = await preview({
    ...config,
    logLevel: "warn",
    preview: { host: "127.0.0.1", port, strictPort: true },
  });
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/** A share link (SPEC §5) that runs `source` at Max on load, without animation. */
function siteUrl(base: string, source: string): string {
  return `${base}#script=${compressToEncodedURIComponent(source)}&run=1&motion=off`;
}

/** Opens `url` in a new context with the probe installed. */
async function openPage(browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(…)`;
  // the functions this script sends into the page need it defined there.
  await context.addInitScript({ content: "globalThis.__name = (target) => target;" });
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const { found } = await WorkerTarget.watch(cdp, "pool");
  await page.goto(url);
  const poolWorker = () => within(found, 30_000, 'the pool worker (named "pool") never started');
  return { context, page, cdp, poolWorker };
}

/** `promise`, or an error saying `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function runSamples(page: Page): Promise<RunSample[]> {
  return page.evaluate(() => (window as unknown as ProbeWindow).__bench.runSamples);
}

async function waitForSettled(page: Page, timeoutMs: number): Promise<RunSample[]> {
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

async function waitForRunning(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const sample = (window as unknown as ProbeWindow).__bench.runSamples.at(-1);
      return sample?.status === "running" && sample.step > 0;
    },
    undefined,
    { polling: 50, timeout: 60_000 },
  );
}

function bestOf<T>(runs: readonly T[], by: (run: T) => number, largest: boolean): number {
  const values = runs.map(by);
  return largest ? Math.max(...values) : Math.min(...values);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function benchWorkerRates(browser: Browser, url: string): Promise<Record<BenchKind, number>> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => "bench" in window);
    const kinds: BenchKind[] = ["pool", "engine", "runner"];
    const timeOne = async (kind: BenchKind, steps: number) => {
      const result = await page.evaluate(
        (request) => (window as unknown as BenchWindow).bench(request),
        { kind, steps },
      );
      if (result.failure) throw new Error(`bench worker, ${kind}: ${result.failure}`);
      return (steps * 1000) / result.elapsedMs;
    };
    for (const kind of kinds) await timeOne(kind, RUN_STEPS / 10);
    const best: Record<BenchKind, number> = { pool: 0, engine: 0, runner: 0 };
    for (let round = 0; round < BEST_OF; round++) {
      for (const kind of kinds) best[kind] = Math.max(best[kind], await timeOne(kind, RUN_STEPS));
    }
    return best;
  } finally {
    await context.close();
  }
}

function heapBytes(heap: HeapUsage): number {
  return heap.usedSize + heap.embedderHeapUsedSize + heap.backingStorageSize;
}

async function measureMemory(
  page: Page,
  cdp: CDPSession,
  worker: WorkerTarget,
): Promise<MemoryFigures> {
  const poolBytes = await page.evaluate(() =>
    ["stat-retained", "stat-held-bytes"]
      .map((id) =>
        Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute("data-value")),
      )
      .reduce((a, b) => a + b, 0),
  );
  const pageHeap = await cdp.send("Runtime.getHeapUsage");
  const workerHeap = await worker.send<HeapUsage>("Runtime.getHeapUsage");
  await cdp.send("HeapProfiler.collectGarbage");
  await worker.send("HeapProfiler.collectGarbage");
  const pageAfterGc = await cdp.send("Runtime.getHeapUsage");
  const workerAfterGc = await worker.send<HeapUsage>("Runtime.getHeapUsage");
  return {
    page: pageHeap,
    worker: workerHeap,
    poolBytes,
    beyondPoolBytes: heapBytes(pageHeap) + heapBytes(workerHeap) - poolBytes,
    beyondPoolAfterGcBytes: heapBytes(pageAfterGc) + heapBytes(workerAfterGc) - poolBytes,
  };
}

async function pageRun(browser: Browser, base: string): Promise<PageRun> {
  const { context, page, cdp, poolWorker } = await openPage(
    browser,
    siteUrl(base, pairsScript(RUN_STEPS)),
  );
  try {
    const samples = await waitForSettled(page, 300_000);
    const first = samples.find((sample) => sample.step > 0)!;
    const done = samples.at(-1)!;
    if (done.step !== RUN_STEPS) throw new Error(`the page ran ${done.step} of ${RUN_STEPS} steps`);
    return {
      stepsPerSecond: ((done.step - first.step) * 1000) / (done.atMs - first.atMs),
      firstStepMs: first.atMs,
      doneMs: done.atMs,
      memory: await measureMemory(page, cdp, await poolWorker()),
    };
  } finally {
    await context.close();
  }
}

function spansIn(spans: readonly Span[], startMs: number, endMs: number): Span[] {
  return spans.filter((span) => span.startMs < endMs && span.startMs + span.durationMs > startMs);
}

/** Counts frames on the page at `url`: a Max run when `running`, else an idle page. */
async function frameRun(
  browser: Browser,
  url: string,
  running: boolean,
  windowMs: number,
): Promise<FrameRun> {
  const { context, page } = await openPage(browser, url);
  try {
    await page.waitForFunction(
      () => (window as unknown as ProbeWindow).__bench.firstBarsMs !== null,
    );
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
      longestAnimationFrame: spansIn(
        animationFrames,
        frames.startMs,
        frames.endMs,
      ).reduce<Span | null>(
        (longest, frame) => (longest && longest.durationMs >= frame.durationMs ? longest : frame),
        null,
      ),
      pageStepsPerSecond: ((frames.endStep - frames.startStep) * 1000) / spanMs,
    };
  } finally {
    await context.close();
  }
}

async function loadRun(browser: Browser, base: string): Promise<LoadRun> {
  const { context, page } = await openPage(browser, base);
  try {
    await page.waitForFunction(
      () => (window as unknown as ProbeWindow).__bench.firstBarsMs !== null,
      undefined,
      { polling: 50, timeout: 60_000 },
    );
    return await page.evaluate(() => {
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
  } finally {
    await context.close();
  }
}

/** Gzip bytes of files of the build in `dist`, by URL path, at zlib's default level. */
async function gzipBytes(dist: string, paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const path of new Set(paths)) total += gzipSync(await readFile(join(dist, path))).length;
  return total;
}

/** The scripts `index.html` makes the browser fetch up front: entry and modulepreloads. */
async function entryScripts(dist: string): Promise<string[]> {
  const html = await readFile(join(dist, "index.html"), "utf8");
  const found: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const entry = /type="module"/.test(tag) && tag.match(/\bsrc="([^"]+)"/);
    const preload = /rel="modulepreload"/.test(tag) && tag.match(/\bhref="([^"]+)"/);
    const path = (entry || preload || [])[1];
    if (path) found.push(new URL(path, "http://site/").pathname);
  }
  return found;
}

interface SeekOp {
  readonly key: string;
  readonly what: string;
  readonly target: number;
  readonly by: "scrub" | "stepBack";
}

/** One round of seeks; starts and ends near the last step, so every round is the same. */
/** A step count as the table writes it: 1,000,000. */
function steps(n: number): string {
  return n.toLocaleString("en-US");
}

function seekOps(): SeekOp[] {
  const farthest =
    Math.floor(SEEK_RUN_STEPS / 2 / CHECKPOINT_INTERVAL) * CHECKPOINT_INTERVAL +
    CHECKPOINT_INTERVAL -
    1 +
    EVENT_LOG_LIMIT;
  return [
    {
      key: "scrubFarthestMs",
      what: `scrub back to step ${steps(farthest)} (replays ${steps(CHECKPOINT_INTERVAL - 1 + EVENT_LOG_LIMIT)} steps)`,
      target: farthest,
      by: "scrub",
    },
    {
      key: "scrubMiddleMs",
      what: `scrub back to step ${steps(SEEK_RUN_STEPS / 2)}`,
      target: SEEK_RUN_STEPS / 2,
      by: "scrub",
    },
    {
      key: "scrubToEndMs",
      what: `scrub forward to step ${steps(SEEK_RUN_STEPS)}`,
      target: SEEK_RUN_STEPS,
      by: "scrub",
    },
    { key: "stepBackMs", what: "Step back at the end", target: SEEK_RUN_STEPS - 1, by: "stepBack" },
  ];
}

async function seekTimes(browser: Browser, base: string): Promise<Map<SeekOp, number[]>> {
  const { context, page } = await openPage(browser, siteUrl(base, pairsScript(SEEK_RUN_STEPS)));
  try {
    await waitForSettled(page, 120_000);
    await page.waitForTimeout(500);
    const slider = page.getByRole("slider", { name: "Step" });
    const stepBack = page.getByRole("button", { name: "Step back" });
    const times = new Map(seekOps().map((op) => [op, [] as number[]]));
    for (let round = 0; round < SEEK_ROUNDS; round++) {
      for (const [op, samples] of times) {
        const elapsedMs =
          op.by === "scrub"
            ? await slider.evaluate(
                (input, target) =>
                  (window as unknown as ProbeWindow).__bench.scrub(
                    input as HTMLInputElement,
                    target,
                  ),
                op.target,
              )
            : await stepBack.evaluate(
                (button, target) =>
                  (window as unknown as ProbeWindow).__bench.press(button as HTMLElement, target),
                op.target,
              );
        samples.push(elapsedMs);
        await page.waitForTimeout(100);
      }
    }
    return times;
  } finally {
    await context.close();
  }
}

function frameName(callFrame: CpuProfile["nodes"][number]["callFrame"]): string {
  const { functionName, url, lineNumber } = callFrame;
  return url ? `${functionName || "(anonymous)"} ${basename(url)}:${lineNumber + 1}` : functionName;
}

/** The `count` functions with the most self time, each with its heaviest chain of callers. */
function topSelfTimes(profile: CpuProfile, count: number): SelfTime[] {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const selfUs = new Map<number, number>();
  // A sample lasts until the next one.
  for (let i = 0; i + 1 < samples.length; i++) {
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0));
  }
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);
  const callers = (id: number) => {
    const chain: string[] = [];
    for (let at = parents.get(id); at !== undefined && chain.length < 3; at = parents.get(at)) {
      const name = frameName(nodes.get(at)!.callFrame);
      if (name !== "(root)") chain.push(name);
    }
    return chain.join(" ← ");
  };
  const byName = new Map<string, { us: number; via: Map<string, number> }>();
  let totalUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    totalUs += us;
    const name = frameName(node.callFrame);
    const entry = byName.get(name) ?? { us: 0, via: new Map<string, number>() };
    entry.us += us;
    const chain = callers(node.id);
    entry.via.set(chain, (entry.via.get(chain) ?? 0) + us);
    byName.set(name, entry);
  }
  return [...byName]
    .sort((a, b) => b[1].us - a[1].us)
    .slice(0, count)
    .map(([name, { us, via }]) => ({
      name,
      selfMs: us / 1000,
      share: us / totalUs,
      via: [...via].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "",
    }));
}

async function profileMaxRun(browser: Browser, base: string) {
  const { context, page, cdp, poolWorker } = await openPage(
    browser,
    siteUrl(base, pairsScript(LONG_RUN_STEPS)),
  );
  try {
    const worker = await poolWorker();
    await waitForRunning(page);
    await page.waitForTimeout(500);
    await cdp.send("Profiler.enable");
    await worker.send("Profiler.enable");
    await cdp.send("Profiler.start");
    await worker.send("Profiler.start");
    await page.waitForTimeout(PROFILE_MS);
    const { profile: mainProfile } = await cdp.send("Profiler.stop");
    const { profile: workerProfile } = await worker.send<{ profile: CpuProfile }>("Profiler.stop");
    return { main: topSelfTimes(mainProfile, 15), worker: topSelfTimes(workerProfile, 10) };
  } finally {
    await context.close();
  }
}

function verdict(figure: Figure): "PASS" | "MISS" | "" {
  const { budget, value } = figure;
  if (!budget) return "";
  const ok =
    (budget.atLeast === undefined || value >= budget.atLeast) &&
    (budget.atMost === undefined || value <= budget.atMost);
  return ok ? "PASS" : "MISS";
}

function format(value: number, unit: Unit): string {
  switch (unit) {
    case "steps/s":
      return `${Math.round(value).toLocaleString("en-US")} steps/s`;
    case "ratio":
      return value.toFixed(2);
    case "fps":
      return `${value.toFixed(1)} fps`;
    case "ms":
      return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
    case "bytes":
      return value >= MB ? `${(value / MB).toFixed(1)} MB` : `${(value / KB).toFixed(1)} KB`;
  }
}

function formatBudget(figure: Figure): string {
  const { budget, unit } = figure;
  if (!budget) return "";
  if (budget.atLeast !== undefined) return `≥ ${format(budget.atLeast, unit)}`;
  return `≤ ${format(budget.atMost!, unit)}`;
}

function table(figures: readonly Figure[]): string {
  return [
    "| what | value | budget | result | how |",
    "|---|---:|---:|---|---|",
    ...figures.map(
      (figure) =>
        `| ${figure.what} | ${format(figure.value, figure.unit)} | ${formatBudget(figure)} | ${verdict(figure)} | ${figure.how} |`,
    ),
  ].join("\n");
}

function selfTimeTable(title: string, rows: readonly SelfTime[]): string {
  return [
    title,
    "",
    "| function | self ms | share | mostly under |",
    "|---|---:|---:|---|",
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.selfMs.toFixed(1)} | ${(row.share * 100).toFixed(1)} % | ${row.via} |`,
    ),
  ].join("\n");
}

/** Everything a bench run measured. */
interface Measured {
  readonly rates: Record<BenchKind, number>;
  readonly pageRuns: readonly PageRun[];
  readonly maxRuns: readonly FrameRun[];
  readonly idle: FrameRun;
  readonly loads: readonly LoadRun[];
  readonly seeks: Map<SeekOp, number[]>;
  /** The copy of the build that was served. */
  readonly dist: string;
}

/** The table's lines, in the order of SPEC §6. */
async function figuresOf(measured: Measured): Promise<Figure[]> {
  const { rates, pageRuns, maxRuns, idle, loads, seeks, dist } = measured;
  const pageRate = bestOf(pageRuns, (run) => run.stepsPerSecond, true);
  const sustainedRate = bestOf(maxRuns, (run) => run.pageStepsPerSecond, true);
  const memory = pageRuns.reduce((a, b) =>
    b.memory.beyondPoolBytes > a.memory.beyondPoolBytes ? b : a,
  ).memory;
  const entry = await entryScripts(dist);
  const shortestLongFrame = maxRuns
    .map((run) => run.longestAnimationFrame)
    .reduce((a, b) => ((b?.durationMs ?? 0) < (a?.durationMs ?? 0) ? b : a));
  const medianGzip = async (pick: (run: LoadRun) => readonly string[]) =>
    median(await Promise.all(loads.map((run) => gzipBytes(dist, pick(run)))));
  return [
    {
      key: "poolStepsPerSecond",
      what: "bare pool in a worker, `pool.acquire(4096).release()` = 2 steps",
      value: rates.pool,
      unit: "steps/s",
      how: `best of ${BEST_OF}, ${steps(RUN_STEPS)} steps, warm worker`,
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
      budget: { atLeast: 2_000_000 },
      how: `best of ${BEST_OF}, run-status steps over the ${FRAME_WINDOW_MS / 1000} s frame window below, ${steps(LONG_RUN_STEPS)}-step run`,
    },
    {
      key: "pageColdStepsPerSecond",
      what: "full page at Max, from a fresh load",
      value: pageRate,
      unit: "steps/s",
      budget: { atLeast: 2_000_000 },
      how: `best of ${BEST_OF}, first nonzero step to done as run-status shows them, ${steps(RUN_STEPS)} steps: the worker warming up, the page still loading`,
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
      budget: { atLeast: 2 / 3 },
      how: "both warm: the bare pool is timed after a warm-up run",
    },
    {
      key: "pageColdOverPool",
      what: "page, from a fresh load / bare pool",
      value: pageRate / rates.pool,
      unit: "ratio",
      how: "",
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
    {
      key: "entryJsGzipBytes",
      what: `JS before first paint, gzip: ${entry.map((path) => basename(path)).join(" + ")}`,
      value: await gzipBytes(dist, entry),
      unit: "bytes",
      budget: { atMost: 300 * KB },
      how: "entry + modulepreload of dist/index.html, zlib default level",
    },
    {
      key: "fetchedBeforeContentfulPaintGzipBytes",
      what: "JS fetched by first contentful paint, gzip",
      value: await medianGzip((run) => run.jsBeforeContentfulPaint),
      unit: "bytes",
      how: `median of ${LOAD_ROUNDS}`,
    },
    {
      key: "fetchedBeforeBarsGzipBytes",
      what: "JS fetched by first drawn bars, gzip",
      value: await medianGzip((run) => run.jsBeforeBars),
      unit: "bytes",
      how: `median of ${LOAD_ROUNDS}`,
    },
    ...[...seeks].flatMap(([op, samples]): Figure[] => [
      {
        key: op.key,
        what: op.what,
        value: median(samples),
        unit: "ms",
        budget: { atMost: 100 },
        how: `median of ${SEEK_ROUNDS}, input event to run-status data-step`,
      },
      {
        key: op.key.replace(/Ms$/, "WorstMs"),
        what: `… worst of ${SEEK_ROUNDS}`,
        value: Math.max(...samples),
        unit: "ms",
        how: "",
      },
    ]),
    {
      key: "memoryBeyondPoolBytes",
      what: `tab memory beyond the pool's buffers after ${steps(RUN_STEPS)} steps`,
      value: memory.beyondPoolBytes,
      unit: "bytes",
      budget: { atMost: 200 * MB },
      how: `largest of ${BEST_OF}; JS + DOM heaps + array buffers, page + worker, no forced GC`,
    },
    {
      key: "memoryPageBytes",
      what: "… page: JS heap + DOM heap + array buffers",
      value: heapBytes(memory.page),
      unit: "bytes",
      how: `JS heap ${format(memory.page.usedSize, "bytes")}, array buffers ${format(memory.page.backingStorageSize, "bytes")}`,
    },
    {
      key: "memoryWorkerBytes",
      what: "… worker: JS heap + array buffers",
      value: heapBytes(memory.worker),
      unit: "bytes",
      how: `JS heap ${format(memory.worker.usedSize, "bytes")}, array buffers ${format(memory.worker.backingStorageSize, "bytes")}`,
    },
    {
      key: "memoryPoolBytes",
      what: "… the pool's own buffers (retained + held)",
      value: memory.poolBytes,
      unit: "bytes",
      how: "stat-retained + stat-held-bytes",
    },
    {
      key: "memoryBeyondPoolAfterGcBytes",
      what: "… beyond the pool after a forced GC in both",
      value: memory.beyondPoolAfterGcBytes,
      unit: "bytes",
      how: "",
    },
  ];
}

async function main(options: Options): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const temporary = await mkdtemp(join(tmpdir(), "bench-ui-"));
  const closers: Array<() => Promise<void>> = [];
  try {
    await build({
      configFile: BENCH_CONFIG,
      logLevel: "warn",
      build: { outDir: join(temporary, "bench") },
    });
    // A copy, so a build someone else starts meanwhile cannot change what is measured.
    const dist = join(temporary, "site");
    await cp(join(ROOT, "dist"), dist, { recursive: true });
    const site = await startPreview({ root: ROOT, build: { outDir: dist } });
    closers.push(site.close);
    const bench = await startPreview({
      configFile: BENCH_CONFIG,
      build: { outDir: join(temporary, "bench") },
    });
    closers.push(bench.close);

    const browser = await chromium.launch(chromiumLaunchOptions());
    closers.push(() => browser.close());

    const rates = await benchWorkerRates(browser, bench.url);
    const pageRuns: PageRun[] = [];
    for (let round = 0; round < BEST_OF; round++) pageRuns.push(await pageRun(browser, site.url));
    const longRun = siteUrl(site.url, pairsScript(LONG_RUN_STEPS));
    const maxRuns: FrameRun[] = [];
    for (let round = 0; round < BEST_OF; round++)
      maxRuns.push(await frameRun(browser, longRun, true, FRAME_WINDOW_MS));
    const idle = await frameRun(browser, site.url, false, IDLE_FRAME_WINDOW_MS);
    const loads: LoadRun[] = [];
    for (let round = 0; round < LOAD_ROUNDS; round++) loads.push(await loadRun(browser, site.url));
    const seeks = await seekTimes(browser, site.url);
    const profile = options.profile ? await profileWithNames(browser, temporary, closers) : null;

    const measured = { rates, pageRuns, maxRuns, idle, loads, seeks, dist };
    const figures = await figuresOf(measured);

    const loadAfter = loadavg()[0]!;
    const machine = `${cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end (other work shares the machine)`;
    console.log(`Chromium ${browser.version()}, Node ${process.version}; ${machine}`);
    console.log("");
    console.log(table(figures));
    if (profile) {
      console.log("");
      console.log(
        selfTimeTable(
          `Main thread, ${PROFILE_MS / 1000} s of a Max run (unminified build)`,
          profile.main,
        ),
      );
      console.log("");
      console.log(selfTimeTable(`Pool worker, the same ${PROFILE_MS / 1000} s`, profile.worker));
    }
    if (options.json) {
      console.log(
        JSON.stringify({
          chromium: browser.version(),
          node: process.version,
          cores: cpus().length,
          loadAverage: { start: loadBefore, end: loadAfter },
          figures: Object.fromEntries(
            figures.map((figure) => [
              figure.key,
              {
                value: figure.value,
                unit: figure.unit,
                ...(figure.budget
                  ? { budget: figure.budget, pass: verdict(figure) === "PASS" }
                  : {}),
              },
            ]),
          ),
          runs: {
            pageRuns,
            maxRuns,
            idle,
            loads,
            seeks: Object.fromEntries([...seeks].map(([op, samples]) => [op.key, samples])),
          },
          ...(profile ? { profile } : {}),
        }),
      );
    }
  } finally {
    for (const close of closers.reverse()) await close();
    await rm(temporary, { recursive: true, force: true });
  }
}

/** Profiles a Max run on an unminified build of the same source, so functions keep their names. */
async function profileWithNames(
  browser: Browser,
  temporary: string,
  closers: Array<() => Promise<void>>,
) {
  const outDir = join(temporary, "site-unminified");
  await build({
    root: ROOT,
    logLevel: "warn",
    build: { outDir, minify: false, emptyOutDir: true },
  });
  const site = await startPreview({ root: ROOT, build: { outDir } });
  closers.push(site.close);
  return profileMaxRun(browser, site.url);
}

await main(parseOptions(process.argv.slice(2)));
