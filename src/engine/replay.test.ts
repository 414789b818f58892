import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../script/index.ts";
import { poolScriptArb } from "../testing/poolScripts.ts";
import { Replay } from "./replay.ts";
import { Session } from "./session.ts";

const BUDGET = 1 << 30;

/** Runs a replay to its end in batches of `batch` steps. */
function replay(source: string, capacity: number, batch: number): Replay {
  const run = new Replay(compile(source), {
    capacity,
    capacityOverride: capacity,
    memoryBudgetBytes: BUDGET,
  });
  while (run.next(batch) > 0);
  return run;
}

describe("a replay", () => {
  it("ends where a session ends, and follows the retained bytes to their peak", () => {
    fc.assert(
      fc.property(
        poolScriptArb,
        fc.constantFrom(0, 1, 2, 5),
        fc.constantFrom(1, 7, 1024),
        (source, capacity, batch) => {
          const run = replay(source, capacity, batch);
          const session = new Session(compile(source), {
            capacity,
            capacityOverride: capacity,
            memoryBudgetBytes: BUDGET,
          });
          // The slow way: one step at a time, the pool asked after each.
          let peak = 0;
          const peakByClass = Array<number>(10).fill(0);
          while (session.advance(1) === 1) {
            peak = Math.max(peak, session.snapshot("paused").retainedBytes);
            session.classMetrics().forEach((c, k) => {
              peakByClass[k] = Math.max(peakByClass[k]!, c.retainedBytes);
            });
          }
          expect(run.error).toBeNull();
          expect(run.finished).toBe(true);
          const end = session.snapshot("done");
          expect(run.step).toBe(end.step);
          expect(run.ledger.pool.stats()).toEqual({
            allocations: end.allocations,
            recycles: end.recycles,
            misses: end.misses,
            recycleRate: end.recycleRate,
          });
          expect(run.retainedBytes).toBe(end.retainedBytes);
          expect(run.ledger.heldBytes).toBe(end.heldBytes);
          expect(Array.from(run.retainedBytesByClass)).toEqual(
            session.classMetrics().map((c) => c.retainedBytes),
          );
          expect(run.peakRetainedBytes).toBe(peak);
          expect(Array.from(run.peakRetainedBytesByClass)).toEqual(peakByClass);
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each([
    ["a = acquire 4KB\nrelease a\nrelease a", 3, "runtime"],
    ["a = acquire 4KB\na = acquire 4KB", 2, "runtime"],
    ["a = acquire 300MB\nb = acquire 300MB", 2, "limit"],
  ])("stops at an error with its line: %j", (source, line, kind) => {
    const run = new Replay(compile(source), { capacity: 4, memoryBudgetBytes: 512 * 1024 * 1024 });
    while (run.next() > 0);
    expect(run.finished).toBe(false);
    expect(run.error).toMatchObject({ line, kind });
    expect(run.step).toBe(line - 1);
  });
});
