import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withCapacity } from "./capacityLine.ts";
import { LIMITS } from "./limits.ts";
import { parse } from "./parse.ts";

/** The script's `capacity` value, or undefined when it sets none. */
function capacityOf(source: string): number | undefined {
  const line = parse(source).statements.find((statement) => statement.kind === "capacity");
  return line?.kind === "capacity" ? line.value : undefined;
}

describe("withCapacity", () => {
  it.each([
    ["capacity 4\na = acquire 4KB", 9, "capacity 9\na = acquire 4KB"],
    [
      "# sizes\ncapacity\t16 # the old depth\nacquire 1",
      2,
      "# sizes\ncapacity\t2 # the old depth\nacquire 1",
    ],
    ["seed 7\n  capacity 1_000\nacquire 1", 0, "seed 7\n  capacity 0\nacquire 1"],
    ["a = acquire 4KB", 9, "a = acquire 4KB"],
    ["capacity 4\nacquire", 9, "capacity 4\nacquire"],
    ["# capacity 4\nacquire 1", 9, "# capacity 4\nacquire 1"],
  ])("%j with capacity %d is %j", (source, capacity, expected) => {
    expect(withCapacity(source, capacity)).toBe(expected);
  });

  it("sets the line to any capacity and leaves every other line as it was", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: LIMITS.maxCapacity }),
        fc.integer({ min: 0, max: LIMITS.maxCapacity }),
        fc.constantFrom("", "# before\n", "seed 3\n", "\n\n"),
        fc.constantFrom(" ", "\t", "   "),
        fc.constantFrom("", " # why", "\t# note"),
        fc.constantFrom("a = acquire 4KB\nrelease a", "repeat 3 { acquire random 1..8KB }", ""),
        (old, capacity, before, blank, comment, after) => {
          const source = `${before}capacity${blank}${old}${comment}\n${after}`;
          const changed = withCapacity(source, capacity);
          expect(capacityOf(changed)).toBe(capacity);
          expect(changed).toBe(`${before}capacity${blank}${capacity}${comment}\n${after}`);
        },
      ),
    );
  });
});
