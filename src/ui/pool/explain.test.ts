import { describe, expect, it } from "vitest";
import type { PoolEvent } from "../../worker/protocol.ts";
import { INTRO, describeEvent, explain } from "./explain.ts";

/** The events both tables below describe. */
const events = {
  recycleRounded: {
    op: "acquire",
    step: 5,
    line: 3,
    name: "a",
    size: 1000,
    sizeClass: 0,
    outcome: "recycle",
    capacity: 4096,
  },
  missExact: {
    op: "acquire",
    step: 1,
    line: 2,
    name: "#1",
    size: 16384,
    sizeClass: 2,
    outcome: "miss",
    capacity: 16384,
  },
  recycleGrown: {
    op: "acquire",
    step: 9,
    line: 7,
    name: "b",
    size: 4096,
    sizeClass: 0,
    outcome: "recycle",
    capacity: 10000,
  },
  oversized: {
    op: "acquire",
    step: 2,
    line: 4,
    name: "big",
    size: 2097152,
    sizeClass: -1,
    outcome: "miss",
    capacity: 2097152,
  },
  click: {
    op: "acquire",
    step: 12,
    line: 0,
    name: "#4",
    size: 65536,
    sizeClass: 4,
    outcome: "miss",
    capacity: 65536,
  },
  pooled: {
    op: "release",
    step: 6,
    line: 5,
    name: "a",
    sizeClass: 2,
    outcome: "pooled",
    capacity: 16384,
  },
  pooledGrown: {
    op: "release",
    step: 8,
    line: 6,
    name: "a",
    sizeClass: 0,
    outcome: "pooled",
    capacity: 10000,
  },
  droppedFull: {
    op: "release",
    step: 7,
    line: 5,
    name: "e",
    sizeClass: 2,
    outcome: "dropped-full",
    capacity: 16384,
  },
  droppedZero: {
    op: "release",
    step: 3,
    line: 3,
    name: "a",
    sizeClass: 0,
    outcome: "dropped-full",
    capacity: 4096,
  },
  droppedOversized: {
    op: "release",
    step: 3,
    line: 5,
    name: "big",
    sizeClass: -1,
    outcome: "dropped-oversized",
    capacity: 2097152,
  },
  grow: {
    op: "resize",
    step: 4,
    line: 3,
    name: "a",
    sizeClass: 0,
    length: 10000,
    previousCapacity: 4096,
    capacity: 10000,
  },
  double: {
    op: "resize",
    step: 4,
    line: 3,
    name: "a",
    sizeClass: 0,
    length: 5000,
    previousCapacity: 4096,
    capacity: 8192,
  },
  inPlace: {
    op: "resize",
    step: 4,
    line: 3,
    name: "a",
    sizeClass: 0,
    length: 100,
    previousCapacity: 4096,
    capacity: 4096,
  },
} satisfies Record<string, PoolEvent>;

/** Free-list lengths with `n` in class `k`. */
function freeWith(k: number, n: number): number[] {
  return Array.from({ length: 9 }, (_, i) => (i === k ? n : 0));
}

/** [event, capacity per class, free-list lengths, the sentence]. */
const sentences: [PoolEvent | null, number, number[] | undefined, string][] = [
  [null, 4, undefined, INTRO],
  [
    events.recycleRounded,
    4,
    undefined,
    "Step 5 (line 3): acquire a, 1,000 B — the smallest class that fits is 4 KiB (3,096 B lost to rounding up). " +
      "Its free list had a buffer, so it was recycled: zero-filled and handed out.",
  ],
  [
    events.missExact,
    4,
    undefined,
    "Step 1 (line 2): acquire #1, 16 KiB — the class 16 KiB fits exactly. " +
      "The free list of 16 KiB was empty, so this is a miss: a fresh 16 KiB buffer was allocated.",
  ],
  [
    events.recycleGrown,
    4,
    undefined,
    "Step 9 (line 7): acquire b, 4 KiB — the class 4 KiB fits exactly. " +
      "Its free list had a buffer, so it was recycled: zero-filled and handed out. " +
      "It is a grown buffer: its length is reset to 4 KiB, but it keeps its 10,000 B capacity.",
  ],
  [
    events.oversized,
    4,
    undefined,
    "Step 2 (line 4): acquire big, 2 MiB — 2 MiB is larger than the largest class (1 MiB): " +
      "allocated exactly, counted as a miss, never pooled.",
  ],
  [
    events.click,
    4,
    undefined,
    "Step 12 (click): acquire #4, 64 KiB — the class 64 KiB fits exactly. " +
      "The free list of 64 KiB was empty, so this is a miss: a fresh 64 KiB buffer was allocated.",
  ],
  [
    events.pooled,
    4,
    freeWith(2, 3),
    "Step 6 (line 5): release a — back on the 16 KiB free list (3 of 4).",
  ],
  [
    events.pooledGrown,
    4,
    freeWith(0, 1),
    "Step 8 (line 6): release a — back on the 4 KiB free list (1 of 4), " +
      "still grown to 10,000 B: the list now keeps more memory than 4 KiB.",
  ],
  [
    events.droppedFull,
    4,
    freeWith(2, 4),
    "Step 7 (line 5): release e — the 16 KiB free list already holds 4 (the capacity), so the buffer is dropped.",
  ],
  [
    events.droppedZero,
    0,
    freeWith(0, 0),
    "Step 3 (line 3): release a — the capacity per class is 0, so nothing is pooled: the buffer is dropped.",
  ],
  [
    events.droppedOversized,
    4,
    undefined,
    "Step 3 (line 5): release big — 2 MiB is larger than the largest class, so it was never pooled: the buffer is dropped.",
  ],
  [
    events.grow,
    4,
    undefined,
    "Step 4 (line 3): resize a to 10,000 B — longer than its capacity, so capacity grows to " +
      "max(2 × 4,096, 10,000) = 10,000 B; it will go back to the 4 KiB list still grown.",
  ],
  [
    events.double,
    4,
    undefined,
    "Step 4 (line 3): resize a to 5,000 B — longer than its capacity, so capacity grows to " +
      "max(2 × 4,096, 5,000) = 8,192 B; it will go back to the 4 KiB list still grown.",
  ],
  [
    events.inPlace,
    4,
    undefined,
    "Step 4 (line 3): resize a to 100 B — it fits in the buffer's capacity (4 KiB), so only its length changes.",
  ],
];

describe("explain", () => {
  it.each(sentences)("%j", (event, capacityPerClass, free, sentence) => {
    expect(explain(event, capacityPerClass, free)).toBe(sentence);
  });
});

/** An event, then its log line. */
const logLines: [PoolEvent, string][] = [
  [events.recycleRounded, "#5 acquire a 4 KiB — recycle"],
  [events.oversized, "#2 acquire big 2 MiB — miss"],
  [events.pooled, "#6 release a 16 KiB — pooled"],
  [events.droppedFull, "#7 release e 16 KiB — dropped, list full"],
  [events.droppedOversized, "#3 release big 2 MiB — dropped, oversized"],
  [events.grow, "#4 resize a to 10,000 B — grew to 10,000 B"],
  [events.inPlace, "#4 resize a to 100 B — in place"],
];

describe("describeEvent", () => {
  it.each(logLines)("%j", (event, line) => {
    expect(describeEvent(event)).toBe(line);
  });
});
