/**
 * One reading of the memory of the playground page and its pool worker during
 * a long run (`bench:soak`):
 *
 *   - JS heap and array buffers of the page and of the worker, from CDP
 *     `Runtime.getHeapUsage` (`usedSize`, `backingStorageSize`), each read
 *     straight after a forced GC in the same isolate
 *     (`HeapProfiler.collectGarbage`), so a reading is what the page keeps,
 *     not what the collector has yet to free; the page's used heap before that
 *     GC is kept too. The run goes on while it is measured, and at Max it
 *     allocates megabytes of buffers (every miss is a new one) within the
 *     milliseconds between a GC and the reading: the worker is read twice so,
 *     and the lower reading kept;
 *   - DOM nodes, documents and event listeners, from `Memory.getDOMCounters`;
 *   - the resident set (VmRSS in `/proc/<pid>/status`) of Chromium's
 *     processes, found with `SystemInfo.getProcessInfo` on the browser
 *     session. The page and its dedicated worker share one renderer process:
 *     the renderer that has used the most CPU (the one running at Max).
 */
import type { CDPSession, Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import type { HeapUsage } from "../benchUi/memory.ts";
import type { WorkerTarget } from "../benchUi/workerTarget.ts";

/** One reading; sizes in bytes. */
export interface Sample {
  /** Seconds since the run was first seen running. */
  readonly atSeconds: number;
  /** The step the page shows (`run-status`'s `data-step`). */
  readonly step: number;
  readonly status: string;
  /** The page's JS heap before the forced GC. */
  readonly pageHeapBeforeGc: number;
  readonly pageHeap: number;
  readonly pageArrayBuffers: number;
  readonly workerHeap: number;
  readonly workerArrayBuffers: number;
  readonly domNodes: number;
  readonly documents: number;
  readonly listeners: number;
  /** VmRSS of the page's renderer (page + worker), or null where /proc is not there. */
  readonly rendererRss: number | null;
  /** VmRSS of the browser process and of the GPU process (for context, not budgeted). */
  readonly browserRss: number | null;
  readonly gpuRss: number | null;
}

/** Page + worker: JS heaps and array buffers. */
export function heapTotal(sample: Sample): number {
  return sample.pageHeap + sample.pageArrayBuffers + sample.workerHeap + sample.workerArrayBuffers;
}

async function rssOf(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** The pids of the browser, the GPU process and the busiest renderer. */
async function chromiumPids(browserCdp: CDPSession) {
  const { processInfo } = await browserCdp.send("SystemInfo.getProcessInfo");
  const busiest = processInfo
    .filter((process) => process.type === "renderer")
    .reduce<(typeof processInfo)[number] | undefined>(
      (found, process) => (found && found.cpuTime >= process.cpuTime ? found : process),
      undefined,
    );
  return {
    browser: processInfo.find((process) => process.type === "browser")?.id,
    gpu: processInfo.find((process) => process.type === "GPU")?.id,
    renderer: busiest?.id,
  };
}

/** Where a reading comes from. */
export interface Sources {
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly worker: WorkerTarget;
  readonly browserCdp: CDPSession;
}

const workerBytes = (heap: HeapUsage) => heap.usedSize + heap.backingStorageSize;

/** The worker's heap straight after a forced GC: the lower of two such readings. */
async function workerAfterGc(worker: WorkerTarget): Promise<HeapUsage> {
  const readings: HeapUsage[] = [];
  for (let k = 0; k < 2; k++) {
    await worker.send("HeapProfiler.collectGarbage");
    readings.push(await worker.send<HeapUsage>("Runtime.getHeapUsage"));
  }
  return readings.reduce((a, b) => (workerBytes(b) < workerBytes(a) ? b : a));
}

/** Takes one reading, `atSeconds` into the run. */
export async function takeSample(sources: Sources, atSeconds: number): Promise<Sample> {
  const { page, cdp, worker, browserCdp } = sources;
  const { step, status } = await page.evaluate(() => {
    const element = document.querySelector('[data-testid="run-status"]');
    return {
      step: Number(element?.getAttribute("data-step")),
      status: element?.textContent ?? "",
    };
  });
  const before = await cdp.send("Runtime.getHeapUsage");
  await cdp.send("HeapProfiler.collectGarbage");
  const pageHeap = await cdp.send("Runtime.getHeapUsage");
  const workerHeap = await workerAfterGc(worker);
  const dom = await cdp.send("Memory.getDOMCounters");
  const pids = await chromiumPids(browserCdp);
  return {
    atSeconds,
    step,
    status,
    pageHeapBeforeGc: before.usedSize,
    pageHeap: pageHeap.usedSize,
    pageArrayBuffers: pageHeap.backingStorageSize,
    workerHeap: workerHeap.usedSize,
    workerArrayBuffers: workerHeap.backingStorageSize,
    domNodes: dom.nodes,
    documents: dom.documents,
    listeners: dom.jsEventListeners,
    rendererRss: await rssOf(pids.renderer),
    browserRss: await rssOf(pids.browser),
    gpuRss: await rssOf(pids.gpu),
  };
}
