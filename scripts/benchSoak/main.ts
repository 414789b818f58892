/**
 * `npm run bench:soak -- [--minutes N] [--every S] [--json] [--snapshots DIR]`
 *
 * SPEC §6: over a 10-minute Max run of a script that never repeats, page +
 * worker grow ≤ 20 MB after the first minute, process RSS included.
 *
 * Serves the production build in `dist/` (the npm script builds it first),
 * opens a share link that runs {@link SOAK_SCRIPT} at Max in the Chromium and
 * with the flags of `scripts/chromiumFlags.ts`, and every `S` seconds (30 by
 * default) prints the memory of the page and of its pool worker (`sample.ts`
 * says how each figure is read). At the end it prints each figure's growth
 * after the first minute (the last reading less the one at 60 s) against the
 * budget; with `--json` its last line holds every reading. `--snapshots DIR`
 * also writes heap snapshots of the page at 60 s and at the end, to compare
 * in DevTools' Memory panel when it grows.
 *
 * The page is opened without `bench:ui`'s probe: the probe keeps every change
 * of the run status, which over minutes is itself a growth.
 */
import { chromium } from "@playwright/test";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { chromiumLaunchOptions } from "../chromiumFlags.ts";
import { format, machineJson, MB, steps } from "../benchUi/figures.ts";
import { inBenchRoom, serveSite } from "../benchUi/server.ts";
import { openPage, siteUrl } from "../benchUi/site.ts";
import { heapTotal, takeSample, type Sample, type Sources } from "./sample.ts";
import { pageHeapSnapshot } from "./snapshot.ts";

/**
 * 2·10^18 steps of random sizes released at random: at tens of millions of
 * steps a second it cannot end, nor come back to a state it has been in.
 */
const SOAK_SCRIPT = `capacity 4
seed 1
repeat 16 { acquire random 1..8KB }
repeat 1000000000 {
  repeat 1000000000 { acquire random 1..8KB; release random }
}
`;

/** SPEC §6: growth after the first minute. */
const BUDGET_BYTES = 20 * MB;
const FIRST_MINUTE_S = 60;

interface Options {
  readonly minutes: number;
  readonly everySeconds: number;
  readonly json: boolean;
  readonly snapshots: string | null;
}

function positive(flag: string, value: string | undefined): number {
  const number = Number(value);
  if (value === undefined || !Number.isFinite(number) || number <= 0) {
    throw new Error(`${flag} needs a positive number, got ${value ?? "nothing"}`);
  }
  return number;
}

function parseOptions(args: readonly string[]): Options {
  let minutes = 10;
  let everySeconds = 30;
  let json = false;
  let snapshots: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === "--json") json = true;
    else if (arg === "--minutes") minutes = positive(arg, args[++k]);
    else if (arg === "--every") everySeconds = positive(arg, args[++k]);
    else if (arg === "--snapshots") {
      snapshots = args[++k] ?? null;
      if (snapshots === null) throw new Error("--snapshots needs a directory");
    } else {
      throw new Error(
        `unknown argument ${arg}; expected --minutes N, --every S, --json or --snapshots DIR`,
      );
    }
  }
  if (minutes * 60 <= FIRST_MINUTE_S) {
    throw new Error(`--minutes must be over 1: growth is measured after the first minute`);
  }
  return { minutes, everySeconds, json, snapshots };
}

const bytes = (value: number | null) => (value === null ? "–" : format(value, "bytes"));

function row(sample: Sample): string {
  return [
    `${Math.round(sample.atSeconds)} s`,
    steps(sample.step),
    bytes(sample.pageHeap),
    bytes(sample.pageArrayBuffers),
    String(sample.domNodes),
    bytes(sample.workerHeap),
    bytes(sample.workerArrayBuffers),
    bytes(heapTotal(sample)),
    bytes(sample.rendererRss),
    bytes(sample.browserRss),
    bytes(sample.gpuRss),
  ].join(" | ");
}

const HEADER = [
  "| time | step | page JS heap | page array buffers | DOM nodes | worker JS heap | worker array buffers | page + worker | renderer RSS | browser RSS | GPU RSS |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
].join("\n");

/** One budgeted figure's growth from the reading at 60 s to the last. */
interface Growth {
  readonly what: string;
  readonly from: number;
  readonly to: number;
  readonly growth: number;
  readonly pass: boolean;
}

function growth(what: string, first: number | null, last: number | null): Growth | null {
  if (first === null || last === null) return null;
  const grown = last - first;
  return { what, from: first, to: last, growth: grown, pass: grown <= BUDGET_BYTES };
}

/** Resolves at `atMs` on `performance.now()`'s clock. */
function until(atMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs - performance.now())));
}

async function main(options: Options): Promise<void> {
  const loadBefore = loadavg()[0]!;
  await inBenchRoom("bench-soak-", async ({ temporary, onEnd }) => {
    const site = await serveSite(temporary);
    onEnd(site.close);
    const browser = await chromium.launch(chromiumLaunchOptions());
    onEnd(() => browser.close());
    const browserCdp = await browser.newBrowserCDPSession();
    const opened = await openPage(browser, siteUrl(site.url, SOAK_SCRIPT), false);
    const { page, cdp } = opened;
    const worker = await opened.poolWorker();
    const sources: Sources = { page, cdp, worker, browserCdp };
    await page.waitForFunction(
      () => {
        const status = document.querySelector('[data-testid="run-status"]');
        return status?.textContent === "running" && Number(status.getAttribute("data-step")) > 0;
      },
      undefined,
      { polling: 50, timeout: 60_000 },
    );
    const startMs = performance.now();
    const endSeconds = options.minutes * 60;
    console.log(
      `Chromium ${browser.version()}, Node ${process.version}; ${cpus().length} cores; ` +
        `a Max run for ${options.minutes} min, memory every ${options.everySeconds} s, each after a forced GC in page and worker`,
    );
    console.log("");
    console.log(HEADER);
    const samples: Sample[] = [];
    const times = [0, FIRST_MINUTE_S, endSeconds];
    for (let at = options.everySeconds; at < endSeconds; at += options.everySeconds) times.push(at);
    const plan = [...new Set(times)].sort((a, b) => a - b);
    let firstMinute: Sample | null = null;
    for (const atSeconds of plan) {
      await until(startMs + atSeconds * 1000);
      const sample = await takeSample(sources, (performance.now() - startMs) / 1000);
      samples.push(sample);
      console.log(`| ${row(sample)} |`);
      if (sample.status !== "running") {
        throw new Error(
          `the run stopped (${sample.status}) at step ${sample.step}; it must not end`,
        );
      }
      if (atSeconds === FIRST_MINUTE_S) {
        firstMinute = sample;
        if (options.snapshots) await snapshotTo(options.snapshots, "page-1min", sources);
      }
    }
    if (options.snapshots) await snapshotTo(options.snapshots, "page-end", sources);

    const last = samples.at(-1)!;
    const first = firstMinute!;
    const growths = [
      growth("page + worker: JS heaps and array buffers", heapTotal(first), heapTotal(last)),
      growth("renderer process RSS (page + worker)", first.rendererRss, last.rendererRss),
    ].filter((found): found is Growth => found !== null);
    const rate = (last.step - samples[0]!.step) / (last.atSeconds - samples[0]!.atSeconds);
    const loadAfter = loadavg()[0]!;
    console.log("");
    console.log(
      `Reached step ${steps(last.step)} in ${Math.round(last.atSeconds)} s of running (${steps(Math.round(rate))} steps/s); ` +
        `load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end.`,
    );
    console.log("");
    console.log(
      `| growth after the first minute (${Math.round(first.atSeconds)} s → ${Math.round(last.atSeconds)} s) | from | to | growth | budget | result |`,
    );
    console.log("|---|---:|---:|---:|---:|---|");
    for (const found of growths) {
      console.log(
        `| ${found.what} | ${bytes(found.from)} | ${bytes(found.to)} | ${found.growth >= 0 ? "+" : "−"}${bytes(Math.abs(found.growth))} | ≤ ${bytes(BUDGET_BYTES)} | ${found.pass ? "PASS" : "MISS"} |`,
      );
    }
    if (growths.length < 2) console.log("(no process RSS on this machine: /proc is not there)");
    if (options.json) {
      console.log(
        JSON.stringify({
          ...machineJson(browser.version(), loadBefore, loadAfter),
          minutes: options.minutes,
          steps: last.step,
          stepsPerSecond: rate,
          budgetBytes: BUDGET_BYTES,
          growth: growths,
          pass: growths.every((found) => found.pass),
          samples,
        }),
      );
    }
  });
}

async function snapshotTo(directory: string, name: string, sources: Sources): Promise<void> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${name}.heapsnapshot`);
  await writeFile(path, await pageHeapSnapshot(sources.cdp));
  console.log(`(heap snapshot of the page: ${path})`);
}

await main(parseOptions(process.argv.slice(2)));
