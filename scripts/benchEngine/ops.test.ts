import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BufferPool, type PooledBuffer } from "../../src/pool/index.ts";
import { compile, ScriptError, type Program } from "../../src/script/index.ts";
import { loopScriptArb, renderOneLine } from "../../src/testing/loopScripts.ts";
import { LONG_RANDOM } from "./shapes.ts";
import { OpChunk, OpReader, runBare } from "./ops.ts";

/** The plain way: buffers by name in a Map, up to the first runtime error. */
function reference(program: Program, capacity: number, maxSteps = Infinity) {
  const pool = new BufferPool(capacity);
  const held = new Map<string, PooledBuffer>();
  let steps = 0;
  let mostHeld = 0;
  try {
    for (const step of { [Symbol.iterator]: () => program.steps() }) {
      if (steps === maxSteps) break;
      if (step.kind === "acquire") held.set(step.name, pool.acquire(step.size));
      else if (step.kind === "release") held.get(step.name)!.release();
      else held.get(step.name)!.resize(step.length);
      if (step.kind === "release") held.delete(step.name);
      mostHeld = Math.max(mostHeld, held.size);
      steps++;
    }
  } catch (thrown) {
    if (!(thrown instanceof ScriptError)) throw thrown;
  }
  return { pool, steps, mostHeld };
}

function counters(pool: BufferPool) {
  return { ...pool.stats(), freeLists: pool.freeListLengths() };
}

function slotsUsed(source: string): number {
  const reader = new OpReader(compile(source));
  const chunk = new OpChunk(5);
  while (reader.fill(chunk) > 0);
  return reader.slotCount;
}

describe("the bare replay", () => {
  it("reproduces the script's counters, across chunk boundaries", () => {
    fc.assert(
      fc.property(loopScriptArb, fc.integer({ min: 1, max: 9 }), (statements, chunkSteps) => {
        const program = compile(`seed 3; ${renderOneLine(statements)}`);
        const expected = reference(program, 2);
        const bare = runBare(program, 2, expected.steps, new OpChunk(chunkSteps));
        expect(bare.steps).toBe(expected.steps);
        expect(counters(bare.pool)).toEqual(counters(expected.pool));
      }),
    );
  });

  it("replays resizes to the same counters and free lists", () => {
    const program = compile(
      "repeat 5 { a = acquire 4KB; resize a 6000; b = acquire 100; resize b 20000; release a; release newest }",
    );
    const bare = runBare(program, 1, Infinity, new OpChunk(4));
    expect(bare.steps).toBe(30);
    expect(counters(bare.pool)).toEqual(counters(reference(program, 1).pool));
  });

  it("gives each held buffer a slot and reuses the slots of released ones", () => {
    expect(slotsUsed("repeat 100 { a = acquire 4KB; release a }")).toBe(1);
    expect(slotsUsed("repeat 100 { acquire 4KB; release newest }")).toBe(1);
    expect(slotsUsed("repeat 8 { acquire 1 }; repeat 50 { acquire 1; release oldest }")).toBe(9);
    expect(slotsUsed("repeat 20 { repeat 8 { acquire 16KB }; release all }")).toBe(8);
  });

  it("stops an endless script at maxSteps, a chunk at a time", () => {
    const program = compile(LONG_RANDOM);
    const reader = new OpReader(program, 10_000);
    const chunk = new OpChunk(4096);
    expect([
      reader.fill(chunk),
      reader.fill(chunk),
      reader.fill(chunk),
      reader.fill(chunk),
    ]).toEqual([4096, 4096, 1808, 0]);
    expect(reader.slotCount).toBe(17);
    const bare = runBare(program, 4, 10_000, chunk);
    expect(counters(bare.pool)).toEqual(counters(reference(program, 4, 10_000).pool));
  });

  it("times only the replay", () => {
    let clock = 0;
    const now = () => clock++;
    const bare = runBare(compile("repeat 10 { acquire 4KB }"), 4, Infinity, new OpChunk(4), now);
    // One start and one end reading for each of the three chunks.
    expect(bare.elapsedMs).toBe(3);
  });
});
