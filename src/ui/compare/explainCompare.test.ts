import { describe, expect, it } from "vitest";
import type { CompareSnapshot, Divergence } from "../../worker/protocol.ts";
import { explainCompare, formatDelta } from "./explainCompare.ts";

function compareWith(
  capacityPerClass: number,
  divergence: Divergence | null,
  error: CompareSnapshot["error"] = null,
  searching: CompareSnapshot["searching"] = null,
): CompareSnapshot {
  return {
    capacityPerClass,
    step: 40,
    allocations: 0,
    recycles: 0,
    misses: 0,
    recycleRate: 0,
    free: [],
    held: [],
    retainedBytes: 0,
    error,
    divergence,
    searching,
  };
}

const A_DROPS: Divergence = {
  step: 37,
  dropped: "A",
  name: "#12",
  sizeClass: 2,
  capacityPerClass: 2,
};

describe("explainCompare", () => {
  it.each<[string, CompareSnapshot, number, number, string]>([
    [
      "A drops, B keeps",
      compareWith(4, A_DROPS),
      40,
      2,
      "At step 37 A drops #12: its 16 KiB list is full; B keeps it.",
    ],
    [
      "B drops, A keeps, at the step itself",
      compareWith(1, { ...A_DROPS, dropped: "B", capacityPerClass: 1, sizeClass: 0 }),
      37,
      3,
      "At step 37 B drops #12: its 4 KiB list is full; A keeps it.",
    ],
    [
      "capacity 0 keeps nothing",
      compareWith(0, { ...A_DROPS, step: 2_000, dropped: "B", capacityPerClass: 0 }),
      5_000,
      4,
      "At step 2,000 B drops #12: B keeps no buffers (capacity 0); A keeps it.",
    ],
    [
      "before the parting, when the scrubber went back",
      compareWith(4, A_DROPS),
      36,
      2,
      "A and B agree up to here: every step so far has the same outcome; they part at step 37, when A drops #12.",
    ],
    [
      "no parting yet",
      compareWith(8, null),
      40,
      3,
      "A and B agree up to here: no release has found a list full at capacity 3 yet.",
    ],
    [
      "B catching up, turned on late in a run",
      compareWith(8, null),
      1_234_567,
      3,
      "B is catching up with A, replaying its steps: step 40 of 1,234,567.",
    ],
    [
      "B catching up, where A drops known already",
      compareWith(8, A_DROPS),
      1_234_567,
      2,
      "At step 37 A drops #12: its 16 KiB list is full; B keeps it.",
    ],
    [
      "B catching up, past a parting ahead of the scrubber",
      compareWith(8, { ...A_DROPS, step: 2_000_000 }),
      1_234_567,
      2,
      "B is catching up with A, replaying its steps: step 40 of 1,234,567.",
    ],
    [
      "looking for where they part, A has dropped",
      compareWith(4, null, null, { step: 32, of: 40 }),
      40,
      2,
      "Looking for where A and B part: A has dropped a buffer by step 40; every step up to 32 has the same outcome.",
    ],
    [
      "looking for where they part, B has dropped",
      compareWith(1, null, null, { step: 7, of: 40 }),
      40,
      3,
      "Looking for where A and B part: B has dropped a buffer by step 40; every step up to 7 has the same outcome.",
    ],
    [
      "the same capacity",
      compareWith(4, null),
      40,
      4,
      "A and B both keep up to 4 buffers per class, so they never part.",
    ],
    [
      "B stopped on its own",
      compareWith(8, A_DROPS, {
        kind: "limit",
        message: "acquire c would bring live + pooled memory to 3 MiB, over the memory budget",
        line: 4,
        column: 0,
      }),
      40,
      2,
      "At step 37 A drops #12: its 16 KiB list is full; B keeps it. B stopped at step 40: Line 4: acquire c would bring live + pooled memory to 3 MiB, over the memory budget",
    ],
  ])("%s", (_case, compare, step, capacityA, sentence) => {
    expect(explainCompare(compare, step, capacityA)).toBe(sentence);
  });

  it("shortens a long buffer name", () => {
    const name = "x".repeat(100);
    expect(explainCompare(compareWith(4, { ...A_DROPS, name }), 40, 2)).toBe(
      `At step 37 A drops ${"x".repeat(22)}…${"x".repeat(8)}: its 16 KiB list is full; B keeps it.`,
    );
  });
});

describe("formatDelta", () => {
  it.each([
    [3, "+3"],
    [-2, "-2"],
    [0, "0"],
    [12_345, "+12345"],
  ])("%i → %s", (delta, text) => {
    expect(formatDelta(delta)).toBe(text);
  });

  it("reads back as the number when there are no thousands", () => {
    for (let delta = -999; delta <= 999; delta += 37)
      expect(Number(formatDelta(delta))).toBe(delta);
  });
});
