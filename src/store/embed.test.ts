import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { LIMITS, emptySnapshot, type Snapshot, type ToWorker } from "../worker/protocol.ts";
import {
  MESSAGE_SOURCE,
  embedCode,
  embedUrl,
  isEmbedHash,
  obeyHost,
  readHostMessage,
  sameState,
  stateMessage,
  type HostCommand,
} from "./embed.ts";

const source = MESSAGE_SOURCE;
const MAX_STEP = Number.MAX_SAFE_INTEGER;

/** Each row: a message a host might post, and the command it is read as (null: ignored). */
const MESSAGES: readonly (readonly [string, unknown, HostCommand | null])[] = [
  [
    "load",
    { source, type: "load", script: "a = acquire 4KB", capacity: 2 },
    { type: "load", script: "a = acquire 4KB", capacity: 2 },
  ],
  ["load without capacity", { source, type: "load", script: "" }, { type: "load", script: "" }],
  [
    "load at the capacity limit",
    { source, type: "load", script: "x", capacity: LIMITS.maxCapacity },
    { type: "load", script: "x", capacity: LIMITS.maxCapacity },
  ],
  [
    "load with capacity 0",
    { source, type: "load", script: "x", capacity: 0 },
    { type: "load", script: "x", capacity: 0 },
  ],
  [
    "load of the longest script",
    { source, type: "load", script: "#".repeat(LIMITS.maxScriptChars) },
    { type: "load", script: "#".repeat(LIMITS.maxScriptChars) },
  ],
  ["goto", { source, type: "goto", step: 17 }, { type: "goto", step: 17 }],
  ["goto 0", { source, type: "goto", step: 0 }, { type: "goto", step: 0 }],
  [
    "goto the last reachable step",
    { source, type: "goto", step: MAX_STEP },
    { type: "goto", step: MAX_STEP },
  ],
  ["run", { source, type: "run" }, { type: "run" }],
  ["pause", { source, type: "pause" }, { type: "pause" }],
  [
    "an object without a prototype",
    Object.assign(Object.create(null) as object, { source, type: "run" }),
    { type: "run" },
  ],

  ["no source", { type: "run" }, null],
  ["another source", { source: "pool-playground2", type: "run" }, null],
  ["an unknown type", { source, type: "eval", code: "alert(1)" }, null],
  ["our own state message echoed back", { source, type: "state", step: 0 }, null],
  ["a type that is an inherited name", { source, type: "toString" }, null],
  ["a type that is not a string", { source, type: ["run"] }, null],
  ["an extra key", { source, type: "run", speed: "max" }, null],
  ["load without a script", { source, type: "load", capacity: 2 }, null],
  ["load with a script that is not text", { source, type: "load", script: 42 }, null],
  [
    "load with a script over the limit",
    { source, type: "load", script: "#".repeat(LIMITS.maxScriptChars + 1) },
    null,
  ],
  ["load with a negative capacity", { source, type: "load", script: "x", capacity: -1 }, null],
  [
    "load with a capacity over the limit",
    { source, type: "load", script: "x", capacity: LIMITS.maxCapacity + 1 },
    null,
  ],
  ["load with a fractional capacity", { source, type: "load", script: "x", capacity: 1.5 }, null],
  ["load with a capacity as text", { source, type: "load", script: "x", capacity: "4" }, null],
  [
    "load with capacity undefined",
    { source, type: "load", script: "x", capacity: undefined },
    null,
  ],
  ["goto without a step", { source, type: "goto" }, null],
  ["goto a negative step", { source, type: "goto", step: -1 }, null],
  ["goto a fractional step", { source, type: "goto", step: 2.5 }, null],
  ["goto past the last reachable step", { source, type: "goto", step: MAX_STEP + 1 }, null],
  ["goto NaN", { source, type: "goto", step: Number.NaN }, null],
  ["goto Infinity", { source, type: "goto", step: Number.POSITIVE_INFINITY }, null],
  ["goto a step as text", { source, type: "goto", step: "3" }, null],
  ["a string", "run", null],
  ["JSON text of a command", JSON.stringify({ source, type: "run" }), null],
  ["null", null, null],
  ["undefined", undefined, null],
  ["a number", 7, null],
  ["an array", [source, "run"], null],
  ["a Date", new Date(0), null],
  [
    "a Map",
    new Map([
      ["source", source],
      ["type", "run"],
    ]),
    null,
  ],
  [
    "a class instance",
    new (class Run {
      source = source;
      type = "run";
    })(),
    null,
  ],
  [
    "a getter",
    Object.defineProperty({ source }, "type", { get: () => "run", enumerable: true }),
    null,
  ],
];

describe("readHostMessage", () => {
  it.each(MESSAGES)("%s", (_, message, expected) => {
    expect(readHostMessage(message)).toEqual(expected);
  });

  it("never calls anything in a message: a getter or a proxy trap is not run", () => {
    const getter = vi.fn(() => "run");
    const trap = vi.fn(() => "run");
    readHostMessage(Object.defineProperty({ source }, "type", { get: getter, enumerable: true }));
    readHostMessage(new Proxy({ source, type: "run" }, { get: trap }));
    expect(getter).not.toHaveBeenCalled();
    expect(trap).not.toHaveBeenCalled();
  });

  it("ignores random junk: anything but a well-formed command is null", () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (junk) => {
        const read = readHostMessage(junk);
        // Junk can be a command only by being one: then it reads as itself.
        if (read !== null) expect({ source, ...read }).toEqual(junk);
      }),
    );
  });

  it("ignores a command with any key added, or any field of the wrong type", () => {
    const valid = fc.constantFrom(
      { source, type: "load", script: "a = acquire 1" },
      { source, type: "goto", step: 3 },
      { source, type: "run" },
      { source, type: "pause" },
    );
    const key = fc
      .string()
      .filter((k) => !["source", "type", "script", "capacity", "step"].includes(k));
    fc.assert(
      fc.property(valid, key, fc.anything(), (command, extra, value) => {
        expect(readHostMessage({ ...command, [extra]: value })).toBeNull();
      }),
    );
    const field = fc.constantFrom("source", "type", "script", "step");
    fc.assert(
      fc.property(valid, field, fc.anything(), (command, name, value) => {
        if (
          !(name in command) ||
          typeof value === typeof (command as Record<string, unknown>)[name]
        )
          return;
        expect(readHostMessage({ ...command, [name]: value })).toBeNull();
      }),
    );
  });

  it("reads any step and capacity within their limits, and no other", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: LIMITS.maxCapacity + 10 }), (capacity) => {
        const read = readHostMessage({ source, type: "load", script: "", capacity });
        const within = capacity >= 0 && capacity <= LIMITS.maxCapacity;
        expect(read).toEqual(within ? { type: "load", script: "", capacity } : null);
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.double()), (step) => {
        const read = readHostMessage({ source, type: "goto", step });
        expect(read).toEqual(
          Number.isSafeInteger(step) && step >= 0 ? { type: "goto", step } : null,
        );
      }),
    );
  });
});

describe("stateMessage", () => {
  it("says the snapshot's step, status, counters and each class's free and held", () => {
    const snapshot: Snapshot = {
      ...emptySnapshot(4),
      status: "paused",
      step: 12,
      allocations: 7,
      recycles: 3,
      misses: 4,
      free: [1, 2, 3, 4, 0, 0, 0, 0, 1],
      held: [0, 1, 0, 0, 0, 0, 0, 2, 0],
    };
    const message = stateMessage(snapshot);
    expect(message).toEqual({
      source: "pool-playground",
      type: "state",
      step: 12,
      status: "paused",
      allocations: 7,
      recycles: 3,
      misses: 4,
      free: [1, 2, 3, 4, 0, 0, 0, 0, 1],
      held: [0, 1, 0, 0, 0, 0, 0, 2, 0],
    });
    // It survives structured cloning as plain data.
    expect(structuredClone(message)).toEqual(message);
    expect(sameState(message, stateMessage({ ...snapshot, recentEvents: [] }))).toBe(true);
    expect(sameState(message, stateMessage({ ...snapshot, step: 13 }))).toBe(false);
    expect(
      sameState(message, stateMessage({ ...snapshot, held: [0, 1, 0, 0, 0, 0, 0, 2, 1] })),
    ).toBe(false);
  });
});

describe("obeyHost", () => {
  function target() {
    const sent: ToWorker[] = [];
    const run = vi.fn();
    const openScript = vi.fn();
    return {
      sent,
      run,
      openScript,
      target: { getState: () => ({ send: (c: ToWorker) => sent.push(c), run }), openScript },
    };
  }

  it("loads a script as a link does, with or without a capacity", () => {
    const t = target();
    obeyHost(t.target, { type: "load", script: "a = acquire 1", capacity: 3 });
    obeyHost(t.target, { type: "load", script: "b = acquire 2" });
    expect(t.openScript.mock.calls).toEqual([
      ["a = acquire 1", 3],
      ["b = acquire 2", undefined],
    ]);
  });

  it("goes to a step by replay, or runs on to it when it is not recorded yet", () => {
    const t = target();
    obeyHost(t.target, { type: "goto", step: 40 });
    expect(t.sent).toEqual([
      { type: "seek", step: 40 },
      { type: "run", speed: "max", untilStep: 40 },
    ]);
  });

  it("runs at the chosen speed, and pauses", () => {
    const t = target();
    obeyHost(t.target, { type: "run" });
    obeyHost(t.target, { type: "pause" });
    expect(t.run).toHaveBeenCalledOnce();
    expect(t.sent).toEqual([{ type: "pause" }]);
  });
});

describe("embed links", () => {
  it.each([
    ["#script=abc&embed=1", true],
    ["#embed=1&script=abc", true],
    ["embed=1", true],
    ["#script=abc", false],
    ["#script=abc&embed=0", false],
    ["#script=embed=1", false],
    ["", false],
  ])("%s is the embed: %s", (hash, embedded) => {
    expect(isEmbedHash(hash)).toBe(embedded);
  });

  it("embeds a share link as an iframe with a title, 600×400, its ampersands escaped", () => {
    const url = embedUrl("https://x.test/pp/#script=Ab$+-&capacity=2&run=1");
    expect(url).toBe("https://x.test/pp/#script=Ab$+-&capacity=2&run=1&embed=1");
    expect(isEmbedHash(new URL(url).hash)).toBe(true);
    expect(embedCode(url)).toBe(
      '<iframe src="https://x.test/pp/#script=Ab$+-&amp;capacity=2&amp;run=1&amp;embed=1" title="Pool Playground" width="600" height="400"></iframe>',
    );
  });
});
