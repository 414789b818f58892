import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../script/index.ts";
import { kneeOf } from "../store/sweep.ts";
import { poolScriptArb } from "../testing/poolScripts.ts";
import { traceToScript } from "../testing/traces/toScript.ts";
import { CapacitySweep, runSweep, runSweepSeparately } from "./sweep.ts";

function sweep(source: string, capacities: number[], maxSteps = 1_000_000) {
  const run = new CapacitySweep(compile(source), {
    capacities,
    maxSteps,
    memoryBudgetBytes: 1 << 30,
  });
  while (!run.finished) run.advance(1000);
  return run.results();
}

describe("capacity sweep", () => {
  const threeAtATime =
    "capacity 1\nrepeat 100 {\n  acquire 4KB; acquire 4KB; acquire 4KB\n  release all\n}";

  it("runs the script at each capacity, overriding its capacity line", () => {
    const points = sweep(threeAtATime, [0, 1, 2, 3, 4, 5]);
    expect(points.map((p) => p.misses)).toEqual([300, 201, 102, 3, 3, 3]);
    expect(points.map((p) => p.retainedBytes / 4096)).toEqual([0, 1, 2, 3, 3, 3]);
    expect(points.every((p) => p.complete && p.steps === 600 && p.error === null)).toBe(true);
  });

  it("finds the smallest capacity where misses stop falling", () => {
    expect(kneeOf(sweep(threeAtATime, [0, 1, 2, 3, 4, 5]))?.capacity).toBe(3);
    expect(kneeOf([])).toBeNull();
  });

  it("caps endless scripts and says so", () => {
    const points = sweep("repeat 1000000000 { a = acquire 4KB; release a }", [0, 1], 5000);
    expect(points.map((p) => [p.steps, p.complete, p.misses])).toEqual([
      [5000, false, 2500],
      [5000, false, 1],
    ]);
  });

  it("records a run that stops at an error", () => {
    const [point] = sweep("a = acquire 4KB\nrelease a\nrelease a", [2]);
    expect(point?.error).toMatchObject({ line: 3, kind: "runtime" });
    expect(kneeOf(point ? [point] : [])).toBeNull();
  });
});

describe("the one-pass sweep", () => {
  /** Each point of the one pass equals a real run of the pool at its capacity, every number. */
  function expectSameAsSeparate(
    source: string,
    capacities: number[],
    maxSteps: number,
    memoryBudgetBytes: number,
    slice = 1000,
  ) {
    const options = { capacities, maxSteps, memoryBudgetBytes };
    const onePass = new CapacitySweep(compile(source), options);
    while (!onePass.finished) onePass.advance(slice);
    expect(onePass.results()).toEqual(runSweepSeparately(compile(source), options));
  }

  // Scripts where lists fill at some capacities and not others: bursts of a
  // few buffers per class released together, grown buffers, oversized ones.
  const burstArb = fc
    .array(
      fc.record({
        count: fc.integer({ min: 1, max: 9 }),
        size: fc.constantFrom("100", "4KB", "5000", "64KB", "1MB", "2MB"),
        grow: fc.constantFrom(0, 9000, 300_000),
        release: fc.constantFrom("all", "newest", "oldest", "random"),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((bursts) =>
      bursts
        .map(({ count, size, grow, release }, i) => {
          const grown = grow > 0 ? `\n  resize b${i} ${grow}` : "";
          return `repeat 3 {\n  b${i} = acquire ${size}${grown}\n  repeat ${count} { acquire ${size} }\n  release ${release}\n  release all\n}`;
        })
        .join("\n"),
    );

  it("equals separate real runs at every capacity: counters, classes, retained and its peak", () => {
    fc.assert(
      fc.property(
        fc.oneof(poolScriptArb, burstArb),
        fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(Number.POSITIVE_INFINITY, 7, 60),
        fc.constantFrom(1 << 30, 3 << 20, 200_000),
        fc.integer({ min: 1, max: 2000 }),
        (source, capacities, maxSteps, budget, slice) => {
          expectSameAsSeparate(source, capacities, maxSteps, budget, slice);
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);

  it("equals separate real runs when the script stops at an error", () => {
    expectSameAsSeparate(
      "repeat 5 { acquire 4KB; acquire 4KB }\nrelease all\na = acquire 8KB\nrelease a\nrelease a",
      [0, 1, 2, 4, 8, 16],
      Number.POSITIVE_INFINITY,
      1 << 30,
    );
  });

  const TRACES = join(import.meta.dirname, "../testing/traces");
  it.each(["t1", "t2"])(
    "equals separate real runs on the oracle trace %s",
    (name) => {
      const { source } = traceToScript(readFileSync(join(TRACES, `${name}.txt`), "utf8"));
      expectSameAsSeparate(source, [0, 1, 3, 8, 64], Number.POSITIVE_INFINITY, 1 << 30);
    },
    60_000,
  );

  it("keeps capacities no release fills on one model", () => {
    const sweep = new CapacitySweep(
      compile("repeat 100 { acquire 4KB; acquire 4KB; release all }"),
      {
        capacities: Array.from({ length: 65 }, (_, c) => c),
        maxSteps: Number.POSITIVE_INFINITY,
        memoryBudgetBytes: 1 << 30,
      },
    );
    sweep.advance(100);
    // Capacities 0 and 1 found a list full; 2…64 are still one run.
    expect(sweep.modelCount).toBe(3);
    while (!sweep.finished) sweep.advance(100);
    expect(
      runSweep(compile("acquire 4KB"), { capacities: [], maxSteps: 10, memoryBudgetBytes: 1 }),
    ).toEqual([]);
  });

  it("gives a point for each capacity asked, in the order asked, duplicates included", () => {
    const points = runSweep(compile("repeat 3 { acquire 4KB; acquire 4KB; release all }"), {
      capacities: [2, 0, 2],
      maxSteps: Number.POSITIVE_INFINITY,
      memoryBudgetBytes: 1 << 30,
    });
    expect(points.map((p) => [p.capacity, p.misses])).toEqual([
      [2, 2],
      [0, 6],
      [2, 2],
    ]);
  });
});
