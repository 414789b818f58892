/** What the bench driver, page and worker say to one another. */
import type { FromWorker } from "../../src/worker/protocol.ts";

/** What can be timed in the bench worker. */
export type BenchKind = "pool" | "engine" | "runner";

/** One timing asked for; `steps` is even (a step is an acquire or a release). */
export interface BenchRequest {
  readonly kind: BenchKind;
  readonly steps: number;
}

/** One timing taken, or why it could not be. */
export interface BenchResult {
  readonly type: "result";
  readonly kind: BenchKind;
  readonly steps: number;
  readonly elapsedMs: number;
  readonly failure?: string;
}

/** Everything the bench worker posts: results, and the runner's own messages. */
export type FromBenchWorker = BenchResult | FromWorker;

/** What the driver calls in the bench page. */
export interface BenchWindow {
  bench(request: BenchRequest): Promise<BenchResult>;
}

/** The script everything is timed with: `steps / 2` acquire/release pairs of 4 KiB. */
export function pairsScript(steps: number): string {
  return `repeat ${steps / 2} { a = acquire 4KB; release a }`;
}
