/** A heap snapshot of the page through CDP, as DevTools' Memory panel loads it. */
import type { CDPSession } from "@playwright/test";

/** Takes a heap snapshot of the page `cdp` is attached to; returns its JSON text. */
export async function pageHeapSnapshot(cdp: CDPSession): Promise<string> {
  const chunks: string[] = [];
  const collect = (event: { chunk: string }) => chunks.push(event.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", collect);
  try {
    await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  } finally {
    cdp.off("HeapProfiler.addHeapSnapshotChunk", collect);
  }
  return chunks.join("");
}
