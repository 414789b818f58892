import { describe, expect, it } from "vitest";
import { compile } from "../script/index.ts";
import { kneeOf } from "../store/sweep.ts";
import { CapacitySweep } from "./sweep.ts";

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
