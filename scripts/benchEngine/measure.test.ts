import { describe, expect, it } from "vitest";
import { BufferPool } from "../../src/pool/index.ts";
import { compile } from "../../src/script/index.ts";
import { Session } from "../../src/engine/session.ts";
import {
  counterDifferences,
  measureShape,
  MIN_SLICE_STEPS,
  MIN_TURNS,
  ROUNDS,
  ShapeFailure,
  sliceSteps,
  type Probe,
} from "./measure.ts";
import { OpChunk } from "./ops.ts";

/** A clock that moves 1 ms a reading, so the warm-up ends after a few slices. */
function fakeProbe(): Probe {
  let clock = 0;
  return { gc: () => {}, memoryBytes: () => 0, now: () => clock++ };
}

describe("measureShape", () => {
  it("reports the steps both sides ran and their rates", () => {
    const program = compile("capacity 2; repeat 3000 { acquire 8KB; release newest }");
    const result = measureShape("pairs", program, Infinity, fakeProbe(), new OpChunk(1000));
    expect(result).toMatchObject({ name: "pairs", steps: 6000 });
    expect(result.engineStepsPerSecond).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.engineStepsPerSecond / result.bareStepsPerSecond, 2);
  });

  it("stops an endless script at maxSteps, within a slice or at its end", () => {
    const program = compile("repeat 1000000000 { a = acquire 4KB; release a }");
    expect(measureShape("endless", program, 5000, fakeProbe()).steps).toBe(5000);
    expect(measureShape("endless", program, 2500, fakeProbe(), new OpChunk(1000)).steps).toBe(2500);
    expect(measureShape("endless", program, 3000, fakeProbe(), new OpChunk(1000)).steps).toBe(3000);
  });

  it("reports the run of the median ratio, with every run's ratio lowest first", () => {
    // A clock that jumps now and then, so the runs' ratios differ.
    let clock = 0;
    let calls = 0;
    const probe: Probe = {
      gc: () => {},
      memoryBytes: () => 0,
      now: () => (clock += ++calls % 7 === 0 ? 5 : 1),
    };
    const program = compile("capacity 2; repeat 3000 { acquire 8KB; release newest }");
    const result = measureShape("pairs", program, Infinity, probe, new OpChunk(500));
    expect(result.runRatios).toHaveLength(ROUNDS);
    expect(result.runRatios).toEqual([...result.runRatios].sort((a, b) => a - b));
    expect(new Set(result.runRatios).size).toBeGreaterThan(1);
    expect(result.ratio).toBe(result.runRatios[ROUNDS >> 1]);
    expect(result.ratio).toBeCloseTo(result.engineStepsPerSecond / result.bareStepsPerSecond, 2);
  });

  it("times the source's cursor alone only when asked for its part", () => {
    const program = compile("capacity 2; repeat 3000 { acquire 8KB; release newest }");
    const without = measureShape("pairs", program, Infinity, fakeProbe(), new OpChunk(1000));
    expect(without.sourceStepsPerSecond).toBeUndefined();
    const parts = measureShape("pairs", program, Infinity, fakeProbe(), new OpChunk(1000), true);
    expect(parts.steps).toBe(6000);
    // The fake clock moves 1 ms a reading: each of the 16 turns of each side takes 1 ms.
    expect(parts.sliceSteps).toBe(6000 / MIN_TURNS);
    expect(parts.sourceStepsPerSecond).toBe((6000 * 1000) / MIN_TURNS);
    expect(parts.bareStepsPerSecond).toBe((6000 * 1000) / MIN_TURNS);
  });

  it("fails when the engine stops with an error", () => {
    const program = compile("a = acquire 4KB\nrelease b");
    const run = () => measureShape("broken", program, Infinity, fakeProbe());
    expect(run).toThrow(ShapeFailure);
    expect(run).toThrow(/^broken: the engine stopped: line 2: release b/);
  });
});

describe("sliceSteps", () => {
  it.each([
    // steps in the run, the chunk's capacity, steps a turn
    [6_000_000, 65_536, 65_536],
    [1_048_576, 65_536, 65_536], // 16 turns of 65,536
    [1_000_000, 65_536, 62_500],
    [12_008, 65_536, 751], // mixed large 1KB..2MB: 16 turns, not one
    [500, 65_536, MIN_SLICE_STEPS], // never fewer than 64
    [12_008, 100, 100], // never more than the chunk holds
    [500, 10, 10],
  ])("a run of %i steps, a chunk of %i: %i steps a turn", (steps, most, slice) => {
    expect(sliceSteps(steps, most)).toBe(slice);
  });

  it("gives each side at least 16 turns in a short run", () => {
    // Each reading of the clock 1 ms later: a turn takes 1 ms of each side.
    const program = compile("repeat 1000 { a = acquire 4KB; release a }");
    const result = measureShape("short", program, Infinity, fakeProbe(), new OpChunk(1000));
    expect(result.steps).toBe(2000);
    expect(result.sliceSteps).toBe(Math.ceil(2000 / MIN_TURNS));
    const turns = Math.ceil(2000 / result.sliceSteps);
    expect(turns).toBe(MIN_TURNS);
    expect(result.engineStepsPerSecond).toBe(Math.round((2000 * 1000) / turns));
  });
});

describe("counterDifferences", () => {
  it("names each counter on which the engine and the bare pool differ", () => {
    const session = new Session(compile("capacity 4; a = acquire 4KB; release a"), {
      capacity: 4,
      memoryBudgetBytes: 2 ** 20,
    });
    session.advance(Infinity);
    const pool = new BufferPool(4);
    expect(counterDifferences(session.snapshot("done"), pool)).toEqual([
      "allocations: engine 1, bare 0",
      "misses: engine 1, bare 0",
      "free list lengths: engine [1,0,0,0,0,0,0,0,0], bare [0,0,0,0,0,0,0,0,0]",
    ]);
    pool.acquire(4096).release();
    expect(counterDifferences(session.snapshot("done"), pool)).toEqual([]);
  });
});
