import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPILED, sameBothWays } from "../testing/cursorPairs.ts";
import { drawnLoopScriptArb, renderOneLine } from "../testing/loopScripts.ts";
import { poolScriptArb } from "../testing/poolScripts.ts";
import { compile, type CompiledProgram } from "./program.ts";

/** Batch sizes taken in turn: one step at a time (as `next()` takes them), odd sizes, whole batches. */
const sizesArb = fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 4 });

/** Statements good and bad: releases of what is not held, names acquired twice, picks from nothing. */
const LEAVES = [
  "a = acquire 4KB",
  "b = acquire random 1..70000",
  "c = acquire 4KB:80, 64KB:15, 1MB:5",
  "acquire 2MB",
  "acquire random 1KB..2MB log",
  "acquire 0",
  "release a",
  "release b",
  "release c",
  "release newest",
  "release oldest",
  "release random",
  "release all",
  "resize a 9000",
  "resize b 100",
] as const;

type Tree = string | { readonly count: string; readonly body: readonly Tree[] };

const countArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map(String),
  fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 30 }))
    .map(([low, span]) => `random ${low}..${low + span}`),
);

const treeArb = (depth: number): fc.Arbitrary<Tree[]> =>
  fc.array(
    depth === 0
      ? fc.constantFrom(...LEAVES)
      : fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...LEAVES) },
          { weight: 1, arbitrary: fc.record({ count: countArb, body: treeArb(depth - 1) }) },
        ),
    { maxLength: 6 },
  );

function render(trees: readonly Tree[]): string {
  return trees
    .map((tree) =>
      typeof tree === "string" ? tree : `repeat ${tree.count} {\n${render(tree.body)}\n}`,
    )
    .join("\n");
}

/** Any script of the statements above, with a seed and a capacity. */
const scriptArb = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), treeArb(3))
  .map(([seed, trees]) => `seed ${seed}\ncapacity 2\n${render(trees)}`);

describe("a program's compiled loop", () => {
  it("writes exactly what the interpreter writes, step for step, errors and saved cursors included", () => {
    fc.assert(
      fc.property(fc.oneof(scriptArb, poolScriptArb), sizesArb, (source, sizes) => {
        sameBothWays(COMPILED, source, sizes, 3000);
      }),
      { numRuns: 700 },
    );
  }, 60_000);

  it("writes rounds from records as the interpreter does", () => {
    fc.assert(
      fc.property(drawnLoopScriptArb, sizesArb, (statements, sizes) => {
        sameBothWays(COMPILED, renderOneLine(statements), sizes, 3000);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it.each([
    [
      "random sizes released at random",
      "capacity 4; seed 1; repeat 16 { acquire random 1..8KB }; repeat 5000 { acquire random 1..8KB; release random }",
    ],
    [
      "drawn weights, closed loop",
      "seed 9; repeat 5000 { a = acquire 4KB:90, 16KB:9, 64KB:1; release a }",
    ],
    ["drawn bursts", "seed 3; repeat 2000 { repeat random 1..8 { acquire 16KB }; release all }"],
    [
      "a drawn count of 0 skips",
      "seed 9; repeat 500 { repeat random 0..3 { a = acquire 1; release a }; repeat random 0..1 { release all } }",
    ],
    [
      "more than 64 held, released at random",
      "seed 2; repeat 100 { acquire 1 }; repeat 3000 { acquire random 1..9; release random }",
    ],
    [
      "resizes",
      "a = acquire 1; repeat 3000 { resize a 9000; b = acquire 2; resize b 70000; release b }",
    ],
    [
      "a log-uniform range whose total weight is above 2^32",
      "seed 6; repeat 3000 { a = acquire random 1..2048MB log; release a; acquire random 3..70000 log; release newest }",
    ],
    [
      "a weighted choice of more segments than are written out",
      "seed 8; repeat 3000 { acquire 1:1, 2:2, 3:3, 4:4, 5:5, 6:6, 7:7, 8:8, 9:9, 10:10; a = acquire 1:1, 0:5; release a; release oldest }",
    ],
    [
      "draws below a power of two (a mask): sizes, counts, a table's total weight, 1 and 2^31",
      "seed 4; repeat 2000 { acquire random 1..8KB; acquire random 7..7; a = acquire random 0..2147483647; release a; repeat random 1..8 { acquire 1:48, 2:16 }; release random; release all }",
    ],
    ["a double release", "repeat 40 { a = acquire 1; release a }; release a"],
    ["a name acquired twice", "a = acquire 1; repeat 3 { a = acquire 2 }"],
    ["a pick from nothing", "repeat 3 { acquire 1; release newest; release oldest }"],
  ])("%s", (_, source) => {
    expect(sameBothWays(COMPILED, source, [1024, 7, 1, 333])).toBeGreaterThan(0);
  });

  it("writes the same steps where the two cursors' batches end in different places", () => {
    // The compiled cursor's fill of 23 ends on the loop's END after three
    // rounds, and records the two-round block there; the interpreter, asked
    // for those 18 steps, stops before that END and drops its recording. So
    // later one writes a block where the other still records, and their
    // batches end in different places: the steps must be the same.
    const source =
      "repeat random 5..11 { c = acquire 2MB; a = acquire 1; release c; release a; b = acquire 8KB; release b }";
    expect(sameBothWays(COMPILED, source, [23, 1])).toBe(66);
  });

  it("is made for a program whose loop is short, and not for a longer one", () => {
    const pairs = (count: number) =>
      Array.from({ length: count }, (_, k) => `a${k} = acquire random 1..8KB; release a${k}`).join(
        "\n",
      );
    expect((compile(pairs(6)) as CompiledProgram).compiledFill()?.fill).toBeTypeOf("function");
    expect((compile(pairs(20)) as CompiledProgram).compiledFill()).toBeNull();
    // Too many instructions, however short each one's case.
    const acquires = Array.from({ length: 65 }, () => "acquire 1").join("\n");
    expect((compile(acquires) as CompiledProgram).compiledFill()).toBeNull();
  });

  it("leaves a program it does not compile to the interpreter, which writes the same steps", () => {
    const source = `seed 5\n${Array.from({ length: 20 }, (_, k) => `a${k} = acquire random 1..8KB\nrelease random`).join("\n")}`;
    expect((compile(source) as CompiledProgram).compiledFill()).toBeNull();
    expect(sameBothWays(COMPILED, source, [7, 1024])).toBe(40);
  });

  it("is made from the instructions' numbers only: a name in the script never reaches its text", () => {
    const program = compile("alert_me = acquire 1\nrelease alert_me") as CompiledProgram;
    const text = program.compiledFill()?.fill.toString();
    expect(text).toContain("held.positionOf((0))");
    expect(text).not.toContain("alert_me");
  });
});
