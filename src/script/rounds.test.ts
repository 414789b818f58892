import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REPLAYING, sameBothWays } from "../testing/cursorPairs.ts";
import { drawnLoopScriptArb, renderOneLine } from "../testing/loopScripts.ts";
import { Cursor } from "./cursor.ts";
import { compile, type CompiledProgram } from "./program.ts";
import { StepBatch } from "./stepBatch.ts";

describe("rounds written from a record", () => {
  it("are exactly the rounds interpreting gives, step for step, and leave the same cursor", () => {
    fc.assert(
      fc.property(
        drawnLoopScriptArb,
        fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 4 }),
        (statements, sizes) => {
          sameBothWays(REPLAYING, renderOneLine(statements), sizes, 5000);
        },
      ),
      { numRuns: 500 },
    );
  }, 60_000);

  it("are exactly those rounds for a stack above buffers held from before the loop", () => {
    const sizeArb = fc.constantFrom("1", "4KB", "8KB", "1MB", "random 1..64KB");
    fc.assert(
      fc.property(
        fc.array(sizeArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.boolean(), sizeArb), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 2, max: 400 }),
        fc.constantFrom(
          "release all",
          "release oldest; release oldest",
          "repeat 30 { acquire 1; release oldest }",
        ),
        fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 4 }),
        (before, pushed, rounds, after, sizes) => {
          const held = before.map((size) => `acquire ${size}`);
          // Named or not, each pushed buffer is released newest first.
          const push = pushed.map(
            ([named, size], k) => `${named ? `n${k} = ` : ""}acquire ${size}`,
          );
          const pop = pushed.map(() => "release newest");
          const body = [...push, ...pop].join("; ");
          const source = `seed 5; ${held.join("; ")}; repeat ${rounds} { ${body} }; ${after}`;
          sameBothWays(REPLAYING, source, sizes, 5000);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it.each([
    ["a closed loop", "repeat 5000 { a = acquire 4KB; release a }"],
    ["release newest, unnamed", "repeat 5000 { acquire 4KB; release newest }"],
    [
      "a nested loop",
      "x = acquire 1; repeat 300 { repeat 3 { b = acquire 8KB; release b }; c = acquire 1; resize c 9000; release c }",
    ],
    [
      "names kept across rounds",
      "a = acquire 1; repeat 2000 { b = acquire 2; release b; acquire 3; release newest }",
    ],
    ["release all", "repeat 700 { acquire 1; acquire 2; acquire 3; release all }"],
    [
      "a drawn count around a closed loop",
      "seed 3; repeat 200 { repeat random 5..40 { a = acquire 4KB; release a }; b = acquire 8KB; release b }",
    ],
    [
      "weighted sizes and drawn bursts",
      "repeat 300 { repeat random 1..8 { acquire 4KB:80, 64KB:15, 1MB:5 }; release all }",
    ],
    [
      "log-uniform sizes released at random",
      "repeat 8 { acquire 4KB }; repeat 2000 { acquire random 1KB..2MB log; release random }",
    ],
    [
      "a drawn count of 0 skips the body",
      "seed 9; repeat 500 { repeat random 0..3 { a = acquire 1; release a }; repeat random 0..1 { release all } }",
    ],
    [
      "a queue of unnamed buffers (8 held, release oldest)",
      "repeat 8 { acquire 16KB }; repeat 3000 { acquire 16KB; release oldest }; release all",
    ],
    [
      "a queue of 40, coming round after 41 rounds",
      "repeat 40 { acquire 1 }; repeat 3000 { acquire 2; release oldest }",
    ],
    [
      "a queue of 70, coming round after 71 rounds",
      "repeat 70 { acquire 1 }; repeat 3000 { acquire 2; release oldest }",
    ],
    [
      "a queue of 600, whose block of 1,202 steps is longer than some batches",
      "repeat 600 { acquire 1 }; repeat 4000 { acquire 2; release oldest }; release all",
    ],
    [
      "a queue of 2,100, whose state is too long to record",
      "repeat 2100 { acquire 1 }; repeat 3000 { acquire 2; release oldest }",
    ],
    [
      "a window of named and unnamed buffers",
      "a = acquire 1; repeat 5 { acquire 2 }; repeat 2000 { acquire 3; release oldest; b = acquire 4; release b; acquire 5; release newest }",
    ],
    [
      "release newest above buffers held from before the loop, released after it",
      "repeat 4 { acquire 8KB }; repeat 3000 { acquire 8KB; release newest }; release all",
    ],
    [
      "random sizes released newest above 16 held",
      "seed 1; repeat 16 { acquire random 1..8KB }; repeat 3000 { acquire random 1..8KB; release newest }; release all",
    ],
    [
      "a stack above held buffers, named and unnamed, then a queue",
      "a = acquire 1; repeat 3 { acquire 2 }; repeat 2000 { acquire 3; acquire 4; release newest; release newest }; repeat 500 { acquire 5; release oldest }",
    ],
    [
      "buffers both carried and moving on (a queue above a stack's base)",
      "repeat 2 { acquire 1 }; repeat 2000 { acquire 2; acquire 3; release newest }; repeat 300 { acquire 4; release newest }; release all",
    ],
    [
      "an error after many rounds",
      "repeat 4000 { a = acquire 1; release a }; release a; release a",
    ],
  ])("%s", (_, source) => {
    expect(sameBothWays(REPLAYING, source, [1024, 7, 1, 333], 12_000)).toBeGreaterThan(0);
  });

  it("do write most rounds of a repeating loop (the fast path runs)", () => {
    const cursor = new Cursor(
      compile("repeat 100000 { a = acquire 4KB; release a }") as CompiledProgram,
    );
    const batch = new StepBatch(1024);
    cursor.fill(batch, 1024);
    // Interpreting 1024 steps of this loop takes far longer than writing them; count instead:
    // after the first fills the cursor holds a template of the loop's round.
    expect(
      (cursor as unknown as { templates: Map<number, { length: number }> }).templates.get(3)
        ?.length,
    ).toBe(2);
  });

  it.each([
    // Handles come back in their order after nine rounds: a block of 9 rounds, 18 steps.
    [
      "a queue, whose held buffers move on by one a round",
      "repeat 8 { acquire 16KB }; repeat 100000 { acquire 16KB; release oldest }",
      18,
    ],
    [
      "a stack above buffers held from before the loop, which stay",
      "repeat 4 { acquire 16KB }; repeat 100000 { acquire 16KB; release newest }",
      2,
    ],
  ])("write the rounds of %s", (_, source, length) => {
    const cursor = new Cursor(compile(source) as CompiledProgram);
    const batch = new StepBatch(1024);
    for (let fill = 0; fill < 3; fill++) cursor.fill(batch, 1024);
    const templates = (cursor as unknown as { templates: Map<number, { length: number }> })
      .templates;
    expect([...templates.values()].map((template) => template.length)).toEqual([length]);
    expect(batch.repeats).toBeGreaterThan(0);
  });

  it("write the rounds of a queue of 1,000 in whole blocks, each batch starting where one does", () => {
    const cursor = new Cursor(
      compile(
        "repeat 1000 { acquire 4KB }; repeat 100000 { acquire 4KB; release oldest }",
      ) as CompiledProgram,
    );
    const batch = new StepBatch(4096);
    const counts = Array.from({ length: 5 }, () => cursor.fill(batch, 4096));
    // 1,001 handles come back in their order after 1,001 rounds: a block of 2,002 steps.
    const templates = (cursor as unknown as { templates: Map<number, { length: number }> })
      .templates;
    expect([...templates.values()].map((template) => template.length)).toEqual([2002]);
    // Two blocks fit a batch; the rest of it would start a third, so the batch ends there.
    expect(counts.slice(2)).toEqual([4004, 4004, 4004]);
    expect(batch.repeats).toBeGreaterThan(0);
  });

  it("write the rounds of a loop whose count is drawn, when its body draws nothing", () => {
    const cursor = new Cursor(
      compile("repeat random 90000..100000 { a = acquire 4KB; release a }") as CompiledProgram,
    );
    cursor.fill(new StepBatch(1024), 1024);
    expect(
      (cursor as unknown as { templates: Map<number, { length: number }> }).templates.get(3)
        ?.length,
    ).toBe(2);
  });

  it.each([
    [
      "random sizes",
      "seed 4; repeat 100000 { a = acquire random 1..64KB; b = acquire 4KB; release a; release b }",
      8,
    ],
    [
      "weighted sizes",
      "seed 4; repeat 100000 { a = acquire 4KB:80, 64KB:15, 1MB:5; release a }",
      2,
    ],
    [
      "log-uniform sizes",
      "seed 4; repeat 100000 { acquire random 1KB..2MB log; release newest }",
      2,
    ],
  ])(
    "write the rounds of a loop whose sizes are drawn (%s), drawing them again in order",
    (_, source, length) => {
      const program = compile(source) as CompiledProgram;
      const cursor = new Cursor(program);
      const batch = new StepBatch(1024);
      const count = cursor.fill(batch, 1024);
      const templates = (cursor as unknown as { templates: Map<number, { length: number }> })
        .templates;
      expect([...templates.values()].map((template) => template.length)).toEqual([length]);
      // The sizes written from the record are the ones interpreting draws.
      const interpreted = new Cursor(program, undefined, false);
      const expected = new StepBatch(1024);
      expect(interpreted.fill(expected, count)).toBe(count);
      expect(batch.amounts.subarray(0, count)).toEqual(expected.amounts.subarray(0, count));
      expect(new Set(batch.amounts.filter((_, k) => batch.kinds[k] === 0)).size).toBeGreaterThan(2);
    },
  );
});
