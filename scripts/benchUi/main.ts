/**
 * `npm run bench:ui [-- --json] [--profile] [--import-only | --frames-only | --first-load-only]`
 *
 * Measures the SPEC §6 budgets that need a browser, on the production build in
 * `dist/` (the npm script builds it first), in the Chromium and with the flags
 * of `scripts/chromiumFlags.ts`, each site visit in a new browser context
 * (cold cache). One module a measurement, each saying how it measures:
 *
 *   - `throughput.ts`: steps/s of the bare pool, the engine and the runner in
 *     a worker with no UI, and of the full page, sustained and from a fresh
 *     load, each against the bare pool measured the same way;
 *   - `frames.ts`: frames/s, long tasks and long animation frames while the
 *     page runs at Max;
 *   - `firstLoad.ts`: first load to first drawn bars (`--first-load-only`: this and `jsSize.ts`);
 *   - `jsSize.ts`: JS before first paint, gzip;
 *   - `seek.ts`: step back and scrub on a 1,000,000-step run;
 *   - `memory.ts`: tab memory after a 10,000,000-step run;
 *   - `latency.ts`: Pause and Reset during a Max run, input event to status
 *     change, timed in the page;
 *   - `importTrace.ts`: importing a 1,000,000-event CSV trace (`--import-only`: just this);
 *   - `sweepFrames.ts`: a capacity sweep 0–64 of a 1,000,000-step script run
 *     from a link: its time, and frames/s and long tasks meanwhile
 *     (`--frames-only`: this and `frames.ts`, nothing else);
 *   - `profile.ts` (`--profile`): top self times of the main thread and the
 *     worker during a Max run, on an unminified build.
 *
 * Prints a table; with `--json`, its last line holds every figure.
 */
import { chromium } from "@playwright/test";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { chromiumLaunchOptions } from "../chromiumFlags.ts";
import { figuresJson, machineJson, table } from "./figures.ts";
import { firstLoadFigures, measureLoads } from "./firstLoad.ts";
import { frameFigures, measureIdle, measureMaxRuns } from "./frames.ts";
import { importFigures, measureImports } from "./importTrace.ts";
import { jsSizeFigures } from "./jsSize.ts";
import { latencyFigures, measureLatency } from "./latency.ts";
import { memoryFigures } from "./memory.ts";
import { measureProfile, profileTables } from "./profile.ts";
import { measureSeeks, seekFigures, seekRunsJson } from "./seek.ts";
import { inBenchRoom, serveBenchBundle, serveSite } from "./server.ts";
import { measurePagePairs, measureWorkerRates, throughputFigures } from "./throughput.ts";
import { measureSweeps, sweepFigures } from "./sweepFrames.ts";

interface Options {
  readonly json: boolean;
  readonly profile: boolean;
  readonly importOnly: boolean;
  readonly framesOnly: boolean;
  readonly firstLoadOnly: boolean;
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      "import-only": { type: "boolean", default: false },
      "frames-only": { type: "boolean", default: false },
      "first-load-only": { type: "boolean", default: false },
    },
    strict: true,
  });
  return {
    json: values.json,
    profile: values.profile,
    importOnly: values["import-only"],
    framesOnly: values["frames-only"],
    firstLoadOnly: values["first-load-only"],
  };
}

async function main(options: Options): Promise<void> {
  const loadBefore = loadavg()[0]!;
  await inBenchRoom("bench-ui-", async ({ temporary, onEnd }) => {
    const bench = await serveBenchBundle(temporary);
    onEnd(bench.close);
    const site = await serveSite(temporary);
    onEnd(site.close);
    const browser = await chromium.launch(chromiumLaunchOptions());
    onEnd(() => browser.close());

    if (options.importOnly) {
      console.log(table(importFigures(await measureImports(browser, site.url, temporary))));
      return;
    }
    if (options.firstLoadOnly) {
      const loads = await measureLoads(browser, site.url);
      console.log(table([...firstLoadFigures(loads), ...(await jsSizeFigures(site.dist, loads))]));
      return;
    }
    if (options.framesOnly) {
      const maxRuns = await measureMaxRuns(browser, site.url);
      const idle = await measureIdle(browser, site.url);
      const sweeps = await measureSweeps(browser, site.url);
      console.log(table([...frameFigures(maxRuns, idle), ...sweepFigures(sweeps)]));
      return;
    }

    const rates = await measureWorkerRates(browser, bench.url);
    const pairs = await measurePagePairs(browser, bench.url, site.url);
    const { pageRuns, maxRuns } = pairs;
    const idle = await measureIdle(browser, site.url);
    const loads = await measureLoads(browser, site.url);
    const seeks = await measureSeeks(browser, site.url);
    const latency = await measureLatency(browser, site.url);
    const imports = await measureImports(browser, site.url, temporary);
    const sweeps = await measureSweeps(browser, site.url);
    const profile = options.profile ? await measureProfile(browser, temporary) : null;

    const figures = [
      ...throughputFigures({ rates, pairs }),
      ...frameFigures(maxRuns, idle),
      ...firstLoadFigures(loads),
      ...(await jsSizeFigures(site.dist, loads)),
      ...seekFigures(seeks),
      ...latencyFigures(latency),
      ...memoryFigures(pageRuns.map((run) => run.memory)),
      ...importFigures(imports),
      ...sweepFigures(sweeps),
    ];

    const loadAfter = loadavg()[0]!;
    const machine = `${cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end (other work shares the machine)`;
    console.log(`Chromium ${browser.version()}, Node ${process.version}; ${machine}`);
    console.log("");
    console.log(table(figures));
    if (profile) {
      console.log("");
      console.log(profileTables(profile));
    }
    if (options.json) {
      console.log(
        JSON.stringify({
          ...machineJson(browser.version(), loadBefore, loadAfter),
          figures: figuresJson(figures),
          runs: {
            sustainedPairs: pairs.sustained,
            freshPairs: pairs.fresh,
            pageRuns,
            maxRuns,
            idle,
            loads,
            seeks: seekRunsJson(seeks),
            latency,
            imports,
            sweeps,
          },
          ...(profile ? { profile } : {}),
        }),
      );
    }
  });
}

await main(parseOptions(process.argv.slice(2)));
