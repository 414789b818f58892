/**
 * The bench page: starts the bench worker and lets the driver ask it for one
 * timing at a time through `window.bench`. Snapshots the runner posts are
 * received and dropped, as a page that draws nothing would.
 */
import type { BenchResult, BenchWindow, FromBenchWorker } from "./protocol.ts";

const worker = new Worker(new URL("./benchWorker.ts", import.meta.url), {
  type: "module",
  name: "bench",
});
let answer: ((result: BenchResult) => void) | null = null;

worker.onmessage = (event: MessageEvent<FromBenchWorker>) => {
  if (event.data.type === "result") answer?.(event.data);
};

(window as unknown as BenchWindow).bench = (request) =>
  new Promise((resolve) => {
    answer = resolve;
    worker.postMessage(request);
  });
