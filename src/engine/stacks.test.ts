/**
 * The free-list stacks (each class's buffers, top first, with their last
 * holder and capacity) against the seed's pool: `grown.stacks.jsonl` is what
 * the oracle's `trace --stacks` printed for `grown.txt`, a trace whose free
 * lists hold grown buffers (capacity above the class size).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SIZE_CLASSES } from "../pool/index.ts";
import { DEFAULT_MEMORY_BUDGET_BYTES } from "./headless.ts";
import { Session } from "./session.ts";
import { openWorkload } from "./workload.ts";

const STACKS = new URL("../testing/stacks/", import.meta.url);

/** One line of `trace --stacks`: the op and, per class, `[last holder, capacity]` top first. */
interface StacksRecord {
  readonly i: number;
  readonly op: string;
  readonly stacks: readonly (readonly (readonly [string, number])[])[];
}

const trace = readFileSync(new URL("grown.txt", STACKS), "utf8");
const records = readFileSync(new URL("grown.stacks.jsonl", STACKS), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as StacksRecord);

describe("the free-list stacks of a trace with grown buffers", () => {
  it("are the seed's, top first, after every step", () => {
    const { source } = openWorkload(trace, "grown.txt");
    const session = new Session(source, {
      capacity: 4,
      memoryBudgetBytes: DEFAULT_MEMORY_BUDGET_BYTES,
    });
    let grown = 0;
    for (const record of records.slice(1)) {
      expect(session.advance(1), record.op).toBe(1);
      const shown = session
        .snapshot("paused")
        .stacks.map((stack) => stack.map(({ name, capacity }) => [name, capacity]));
      expect(shown, `step ${record.i}: ${record.op}`).toEqual(record.stacks);
      record.stacks.forEach((stack, k) => {
        grown += stack.filter(([, capacity]) => capacity > SIZE_CLASSES[k]!).length;
      });
    }
    expect(session.advance(1)).toBe(0);
    // The fixture is what it says: grown buffers sit on the lists for many steps.
    expect(grown).toBeGreaterThan(100);
  });

  it("are cut to the top few while running, so a frame's message stays small", () => {
    const { source } = openWorkload(trace, "grown.txt");
    const session = new Session(source, {
      capacity: 4,
      memoryBudgetBytes: DEFAULT_MEMORY_BUDGET_BYTES,
    });
    session.advance(354);
    const settled = session.snapshot("paused").stacks;
    expect(session.freeStacks(2)).toEqual(settled.map((stack) => stack.slice(0, 2)));
  });
});
