import { describe, expect, it } from "vitest";
import { OpChunk } from "../benchEngine/ops.ts";
import { measureFloor, SIDES } from "./measure.ts";

describe("bench:floor's measurement", () => {
  it("runs every side over the workload's steps and reports each side's time and ratio", () => {
    let clock = 0;
    // A clock that moves on by one millisecond at each reading: every turn takes 1 ms.
    const probe = { gc: () => {}, memoryBytes: () => 0, now: () => clock++ };
    const workload = { size: 4096, held: 5, rounds: 300, seed: 4, capacity: 2 };
    const result = measureFloor(workload, probe, new OpChunk(256));
    expect(result.steps).toBe(605);
    // 605 steps in turns of at least 64 (sliceSteps): 10 turns of 1 ms for each side.
    for (const side of SIDES) expect(result.nsPerStep[side]).toBeCloseTo((10 * 1e6) / 605, 1);
    expect(result.ratio).toEqual({ engine: 1, floor: 1, unordered: 1, choices: 1 });
  });
});
