/**
 * The bench worker: times, in a Web Worker and with no page to draw,
 *   - pool:   the bare pool, `pool.acquire(4096).release()`, 2 steps a pair;
 *   - engine: `Session.advance(Infinity)` over `repeat N { a = acquire 4KB; release a }`
 *             (interpreter, events and history, no slicing, no messages);
 *   - runner: the site's `Playback` at full speed, slices and snapshots posted to
 *             the bench page as the site's worker does, from the run command to done.
 */
import { BufferPool } from "../../src/pool/index.ts";
import { compile } from "../../src/script/index.ts";
import { Session } from "../../src/engine/session.ts";
import { Playback } from "../../src/engine/playback.ts";
import { createScheduler } from "../../src/worker/schedule.ts";
import { pairsScript, type BenchRequest, type FromBenchWorker } from "./protocol.ts";

const CAPACITY = 4;
const MEMORY_BUDGET_BYTES = 1 << 29;
const SIZE_BYTES = 4096;

const scope = globalThis as unknown as {
  postMessage(message: FromBenchWorker): void;
  onmessage: ((event: MessageEvent<BenchRequest>) => void) | null;
};

function timePool(steps: number): number {
  const pool = new BufferPool(CAPACITY);
  pool.acquire(SIZE_BYTES).release();
  const missesBefore = pool.misses();
  const start = performance.now();
  for (let pair = steps / 2; pair > 0; pair--) pool.acquire(SIZE_BYTES).release();
  const elapsedMs = performance.now() - start;
  if (pool.misses() !== missesBefore) throw new Error("a timed acquire was not a recycle");
  return elapsedMs;
}

function timeEngine(steps: number): number {
  const session = new Session(compile(pairsScript(steps)), {
    capacity: CAPACITY,
    memoryBudgetBytes: MEMORY_BUDGET_BYTES,
  });
  const start = performance.now();
  const ran = session.advance(Number.POSITIVE_INFINITY);
  const elapsedMs = performance.now() - start;
  if (ran !== steps || session.error) throw new Error(`the engine ran ${ran} of ${steps} steps`);
  return elapsedMs;
}

function timeRunner(steps: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // Scheduled as `pool.worker.ts` does, which cannot be imported: it takes over the worker.
    const scheduler = createScheduler();
    let start = 0;
    const runner = new Playback({
      post(message) {
        scope.postMessage(message);
        if (message.type === "error") reject(new Error(message.error.message));
        else if (message.type === "snapshot" && message.snapshot.status === "done") {
          const elapsedMs = performance.now() - start;
          scheduler.close();
          if (message.snapshot.step === steps) resolve(elapsedMs);
          else reject(new Error(`the runner ran ${message.snapshot.step} of ${steps} steps`));
        }
      },
      now: () => performance.now(),
      schedule: scheduler.schedule,
    });
    runner.handle({
      type: "load",
      source: pairsScript(steps),
      capacity: CAPACITY,
      memoryBudgetBytes: MEMORY_BUDGET_BYTES,
    });
    start = performance.now();
    runner.handle({ type: "run", speed: "max" });
  });
}

async function time({ kind, steps }: BenchRequest): Promise<number> {
  switch (kind) {
    case "pool":
      return timePool(steps);
    case "engine":
      return timeEngine(steps);
    case "runner":
      return timeRunner(steps);
  }
}

scope.onmessage = async ({ data: { kind, steps } }) => {
  try {
    const elapsedMs = await time({ kind, steps });
    scope.postMessage({ type: "result", kind, steps, elapsedMs });
  } catch (thrown) {
    const failure = thrown instanceof Error ? thrown.message : String(thrown);
    scope.postMessage({ type: "result", kind, steps, elapsedMs: Number.NaN, failure });
  }
};
