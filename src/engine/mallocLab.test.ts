// Real CS:APP malloc-lab traces (src/workload/fixtures/malloc-lab, in both
// header forms) give the seed's counters and per-class metrics: the expected
// numbers are the Rust oracle's replay of each trace (scripts/oracleClassMetrics.ts).
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readTrace } from "../workload/index.ts";
import { Session } from "./session.ts";
import type { ClassMetrics } from "./types.ts";

const FOLDER = new URL("../workload/fixtures/malloc-lab/", import.meta.url);
const read = (file: string) => readFileSync(new URL(file, FOLDER), "utf8");

interface Expected {
  readonly capacity: number;
  readonly steps: number;
  readonly allocations: number;
  readonly recycles: number;
  readonly misses: number;
  readonly free: readonly number[];
  readonly classes: readonly ClassMetrics[];
}

const cases = readdirSync(FOLDER)
  .filter((file) => file.endsWith(".rep"))
  .sort()
  .flatMap((trace) => {
    const base = trace.replace(/(\.cmu)?\.rep$/, "");
    return readdirSync(FOLDER)
      .filter((file) => file.startsWith(`${base}.cap`) && file.endsWith(".expected.json"))
      .map((expected) => [trace, expected] as const);
  });

describe("real malloc-lab traces give the seed's numbers", () => {
  it("both header forms are there", () => {
    const headers = new Set(
      cases.map(([trace]) =>
        read(trace)
          .split("\n")
          .findIndex((line) => line.startsWith("a ")),
      ),
    );
    expect([...headers].sort()).toEqual([2, 4]);
  });

  it.each(cases)("%s against %s", (file, expectedFile) => {
    const expected = JSON.parse(read(expectedFile)) as Expected;
    const result = readTrace(read(file), { name: file });
    if (!result.ok) throw new Error(result.rejection.message);
    expect(result.trace.format).toBe("malloc-lab");
    expect(result.trace.events).toBe(expected.steps);
    const run = new Session(result.trace, {
      capacity: expected.capacity,
      memoryBudgetBytes: 2 ** 31,
    });
    expect(run.advance(Number.MAX_SAFE_INTEGER)).toBe(expected.steps);
    const { allocations, recycles, misses, free } = run.snapshot("done");
    expect({ allocations, recycles, misses, free }).toEqual({
      allocations: expected.allocations,
      recycles: expected.recycles,
      misses: expected.misses,
      free: expected.free,
    });
    expect(run.classMetrics()).toEqual(expected.classes);
  });
});
