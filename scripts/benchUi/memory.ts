/**
 * Tab memory after a run (SPEC §6: ≤ 200 MB beyond the pool's own buffers
 * after 10,000,000 steps): JS heap, DOM heap and array buffers of the page and
 * of the pool worker, from CDP, less the bytes the pool holds (the page's
 * `stat-retained` + `stat-held-bytes`). Taken at the end of each fresh-load
 * throughput run (`throughput.ts`); the largest of them is reported.
 */
import type { CDPSession, Page } from "@playwright/test";
import { format, MB, steps, type Figure } from "./figures.ts";
import { BEST_OF, RUN_STEPS } from "./site.ts";
import type { WorkerTarget } from "./workerTarget.ts";

/** `Runtime.getHeapUsage` of one isolate. */
export interface HeapUsage {
  readonly usedSize: number;
  readonly totalSize: number;
  readonly embedderHeapUsedSize: number;
  readonly backingStorageSize: number;
}

/** The memory of one page and its pool worker. */
export interface MemoryFigures {
  readonly page: HeapUsage;
  readonly worker: HeapUsage;
  readonly poolBytes: number;
  readonly beyondPoolBytes: number;
  readonly beyondPoolAfterGcBytes: number;
}

function heapBytes(heap: HeapUsage): number {
  return heap.usedSize + heap.embedderHeapUsedSize + heap.backingStorageSize;
}

/** Reads the memory of `page` and `worker` now, then again after a forced GC in both. */
export async function measureMemory(
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

/** The memory lines of the table, from the run that used the most. */
export function memoryFigures(runs: readonly MemoryFigures[]): Figure[] {
  const memory = runs.reduce((a, b) => (b.beyondPoolBytes > a.beyondPoolBytes ? b : a));
  return [
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
