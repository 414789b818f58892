/**
 * `--profile`: samples the main thread and the pool worker for 2 s of a Max
 * run, on an unminified build of the same source so functions keep their
 * names, and lists the top self times with the callers they were mostly under.
 */
import type { Browser } from "@playwright/test";
import { basename } from "node:path";
import { pairsScript } from "../bench/protocol.ts";
import { serveUnminifiedSite } from "./server.ts";
import { LONG_RUN_STEPS, onPage, siteUrl, waitForRunning } from "./site.ts";

const PROFILE_MS = 2000;

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

/** One function's share of a profile. */
export interface SelfTime {
  readonly name: string;
  readonly selfMs: number;
  readonly share: number;
  /** The callers it spent most of that time under, nearest first. */
  readonly via: string;
}

/** The top self times of the main thread and of the worker. */
export interface Profile {
  readonly main: readonly SelfTime[];
  readonly worker: readonly SelfTime[];
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

/** Profiles a Max run on an unminified build served from `temporary`. */
export async function measureProfile(browser: Browser, temporary: string): Promise<Profile> {
  const site = await serveUnminifiedSite(temporary);
  try {
    const url = siteUrl(site.url, pairsScript(LONG_RUN_STEPS));
    return await onPage(browser, url, async ({ page, cdp, poolWorker }) => {
      const worker = await poolWorker();
      await waitForRunning(page);
      await page.waitForTimeout(500);
      await cdp.send("Profiler.enable");
      await worker.send("Profiler.enable");
      await cdp.send("Profiler.start");
      await worker.send("Profiler.start");
      await page.waitForTimeout(PROFILE_MS);
      const { profile: mainProfile } = await cdp.send("Profiler.stop");
      const { profile: workerProfile } = await worker.send<{ profile: CpuProfile }>(
        "Profiler.stop",
      );
      return { main: topSelfTimes(mainProfile, 15), worker: topSelfTimes(workerProfile, 10) };
    });
  } finally {
    await site.close();
  }
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

/** The two profile tables, as printed after the figures. */
export function profileTables(profile: Profile): string {
  return [
    selfTimeTable(
      `Main thread, ${PROFILE_MS / 1000} s of a Max run (unminified build)`,
      profile.main,
    ),
    "",
    selfTimeTable(`Pool worker, the same ${PROFILE_MS / 1000} s`, profile.worker),
  ].join("\n");
}
