import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../script/index.ts";
import { poolScriptArb } from "../testing/poolScripts.ts";
import { traceToScript } from "../testing/traces/toScript.ts";
import { DEFAULT_TARGET, recommend } from "./recommend.ts";
import { Session } from "./session.ts";
import { runSweep } from "./sweep.ts";

const BUDGET = 1 << 30;

/** One separate session per capacity, stepped one at a time: what the sweep must agree with. */
function bruteForce(source: string, capacities: readonly number[], target: number) {
  const runs = capacities.map((capacity) => {
    const session = new Session(compile(source), {
      capacity,
      capacityOverride: capacity,
      memoryBudgetBytes: BUDGET,
    });
    let peak = 0;
    while (session.advance(1) === 1)
      peak = Math.max(peak, session.snapshot("paused").retainedBytes);
    const recycles = session.snapshot("done").recycles;
    const perClass = session.classMetrics().map((c) => c.recycles);
    return { capacity, recycles, perClass, peak };
  });
  const largest = runs.reduce((a, b) => (b.capacity > a.capacity ? b : a));
  const qualifying = (count: (run: (typeof runs)[number]) => number) =>
    Math.min(
      ...runs.filter((run) => count(run) >= target * count(largest)).map((run) => run.capacity),
    );
  const capacity = qualifying((run) => run.recycles);
  return {
    capacity,
    target,
    peakRetainedBytes: runs.find((run) => run.capacity === capacity)!.peak,
    perClass: Array.from({ length: 9 }, (_, k) => qualifying((run) => run.perClass[k]!)),
  };
}

describe("the recommended capacity", () => {
  it("equals a brute force from separate runs", () => {
    fc.assert(
      fc.property(
        poolScriptArb,
        fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(DEFAULT_TARGET, 0.5, 1, 0),
        (source, capacities, target) => {
          const points = runSweep(compile(source), {
            capacities,
            maxSteps: Number.POSITIVE_INFINITY,
            memoryBudgetBytes: BUDGET,
          });
          expect(recommend(points, target)).toEqual(bruteForce(source, capacities, target));
        },
      ),
      { numRuns: 40 },
    );
  });

  const TRACES = join(import.meta.dirname, "../testing/traces");
  const oracle = JSON.parse(readFileSync(join(TRACES, "sweeps.expected.json"), "utf8")) as {
    traces: Record<
      string,
      { capacity: number; allocations: number; recycles: number; misses: number }[]
    >;
  };

  it.each(Object.keys(oracle.traces))(
    "on the oracle trace %s equals the rule applied to separate oracle runs",
    (name) => {
      // A few of the capacities: every run allocates megabytes of real buffers.
      const runs = oracle.traces[name]!.filter((run) => [0, 1, 3, 6, 12].includes(run.capacity));
      const { source } = traceToScript(readFileSync(join(TRACES, `${name}.txt`), "utf8"));
      const points = runSweep(compile(source), {
        capacities: runs.map((run) => run.capacity),
        maxSteps: Number.POSITIVE_INFINITY,
        memoryBudgetBytes: BUDGET,
      });
      expect(
        points.map(({ capacity, allocations, recycles, misses }) => ({
          capacity,
          allocations,
          recycles,
          misses,
        })),
      ).toEqual(runs);
      for (const target of [DEFAULT_TARGET, 0.8, 0.5]) {
        const atLargest = runs.at(-1)!.recycles;
        const expected = runs.find((run) => run.recycles >= target * atLargest)!.capacity;
        expect(recommend(points, target)?.capacity).toBe(expected);
      }
    },
    60_000,
  );

  it("leaves out runs that stopped at an error, and is null when none is left", () => {
    const points = runSweep(compile("a = acquire 4KB\nrelease a\nrelease a"), {
      capacities: [0, 1],
      maxSteps: Number.POSITIVE_INFINITY,
      memoryBudgetBytes: BUDGET,
    });
    expect(recommend(points)).toBeNull();
  });

  it.each([-0.1, 1.5, Number.NaN])("refuses the target %s", (target) => {
    expect(() => recommend([], target)).toThrow(/between 0 and 1/);
  });
});
