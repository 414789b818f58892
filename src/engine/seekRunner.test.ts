import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { harness } from "../testing/playbackHarness.ts";
import type { Command, Report, Snapshot } from "./types.ts";

const load = (source: string): Command => ({
  type: "load",
  source,
  capacity: 2,
  memoryBudgetBytes: 1 << 29,
});

/** Holds and releases a mix of buffers: every step back changes held and free lists. */
const SCRIPT = `repeat 60 {
  a = acquire 4KB
  b = acquire 20KB
  release a
  c = acquire 3KB
  release b
  release c
}`;
const STEPS = 360;

/** What a settled report shows of the run (the parts a step changes). */
function shown(report: Report) {
  if (report.type !== "snapshot" && report.type !== "error" && report.type !== "loaded") {
    throw new Error(`not a report of the run: ${report.type}`);
  }
  const s: Snapshot = report.snapshot;
  return {
    status: s.status,
    step: s.step,
    recordedSteps: s.recordedSteps,
    counters: [s.allocations, s.recycles, s.misses],
    free: s.free,
    held: s.held,
    heldBuffers: s.heldBuffers,
    stacks: s.stacks,
    lastEvent: s.lastEvent,
  };
}

/**
 * A runner whose clock moves 4 ms at every look: a step seems to cost
 * milliseconds, as a step of megabyte buffers does, so a seek over a few
 * hundred steps takes many slices.
 */
function slowRun() {
  const h = harness(4);
  h.send(load(SCRIPT));
  h.send({ type: "run", speed: "max" });
  h.elapse(1e7);
  expect(h.last()).toMatchObject({ snapshot: { status: "done", step: STEPS } });
  h.clearPosted();
  return h;
}

describe("a seek in slices", () => {
  it("answers a ping between its slices, and reports once, where it ends", () => {
    const h = slowRun();
    h.send({ type: "seek", step: 250 });
    expect(h.posted).toEqual([]);
    h.send({ type: "ping" });
    expect(h.posted).toEqual([{ type: "pong" }]);
    h.elapse(1e6);
    expect(h.snapshots()).toHaveLength(1);
    expect(h.last()).toMatchObject({ snapshot: { status: "paused", step: 250 } });
  });

  it("moves its target for a further seek or Step back, without reporting the step passed", () => {
    const h = slowRun();
    h.send({ type: "seek", step: 300 });
    h.send({ type: "seek", step: 230 });
    h.send({ type: "stepBack" });
    h.send({ type: "stepBack" });
    h.elapse(1e6);
    expect(h.snapshots().map((m) => shown(m).step)).toEqual([228]);
  });

  it("ends at a load or Reset that comes while it replays", () => {
    const h = slowRun();
    h.send({ type: "seek", step: 200 });
    h.send({ type: "reset" });
    h.elapse(1e6);
    expect(h.posted.map((m) => m.type)).toEqual(["loaded", "snapshot"]);
    expect(shown(h.last())).toMatchObject({ status: "idle", step: 0 });
  });

  it("holds a run sent during it until it is done: the run starts where the seek ends", () => {
    const h = slowRun();
    h.send({ type: "seek", step: 210 });
    h.send({ type: "run", speed: "max", untilStep: 215 });
    h.elapse(1e6);
    expect(
      h
        .snapshots()
        .filter((m) => m.snapshot.status !== "running")
        .map(shown),
    ).toMatchObject([
      { status: "paused", step: 210 },
      { status: "paused", step: 215 },
    ]);
  });

  // Data-driven examples above; the rule for every sequence here: whatever the
  // timing, the run ends as it would had each command been done at once.
  it("leaves the run where instant commands would have, for any commands at any times", () => {
    type Sent = { command: Command; gapMs: number };
    const command = fc.oneof(
      fc.integer({ min: -5, max: STEPS + 5 }).map((step): Command => ({ type: "seek", step })),
      fc.constant<Command>({ type: "stepBack" }),
      fc.constant<Command>({ type: "step" }),
      fc.constant<Command>({ type: "ping" }),
      fc.integer({ min: 0, max: 2 }).map((k): Command => ({ type: "acquireClass", sizeClass: k })),
      fc.constant<Command>({ type: "releaseBuffer", name: "@1" }),
    );
    const sent = fc.array(
      fc.record({ command, gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })) }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(sent, (commands: Sent[]) => {
        const timed = slowRun();
        const instant = slowRun();
        for (const { command, gapMs } of commands) {
          timed.send(command);
          timed.elapse(gapMs);
          instant.send(command);
          instant.elapse(1e6);
        }
        timed.elapse(1e6);
        const settled = (h: ReturnType<typeof slowRun>) =>
          h.posted.filter((m) => m.type !== "pong").at(-1);
        const last = settled(instant);
        if (last === undefined) return;
        expect(shown(settled(timed)!)).toEqual(shown(last));
      }),
      { numRuns: 60 },
    );
  });
});
