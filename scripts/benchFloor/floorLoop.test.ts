import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Session } from "../../src/engine/session.ts";
import { Outcome, stepCode } from "../../src/engine/outcomes.ts";
import { OVERSIZED_SLOT } from "../../src/engine/slots.ts";
import type { PoolEvent, Snapshot } from "../../src/engine/types.ts";
import { StepKind, compile } from "../../src/script/index.ts";
import { floorLoop } from "./measure.ts";
import { floorScript, type FloorWorkload } from "./workloads.ts";

const sizeArb = fc.constantFrom(1024, 4096, 5000, 65_536);
const workloadArb: fc.Arbitrary<FloorWorkload> = fc.oneof(
  fc.record({
    size: sizeArb,
    held: fc.integer({ min: 1, max: 80 }),
    rounds: fc.integer({ min: 1, max: 120 }),
    seed: fc.nat(),
    capacity: fc.integer({ min: 0, max: 6 }),
  }),
  fc.record({
    kind: fc.constant("bursts" as const),
    size: sizeArb,
    // A power of two or not: the compiled loop draws the two differently.
    most: fc.integer({ min: 1, max: 12 }),
    rounds: fc.integer({ min: 1, max: 60 }),
    seed: fc.nat(),
    capacity: fc.integer({ min: 0, max: 6 }),
  }),
);

function programOf(workload: FloorWorkload) {
  return compile(floorScript(workload));
}

/** The engine's run of the workload, a step at a time: each step's snapshot. */
function engineSteps(workload: FloorWorkload): Snapshot[] {
  const session = new Session(programOf(workload), {
    capacity: workload.capacity,
    memoryBudgetBytes: 2 ** 40,
  });
  const snapshots: Snapshot[] = [];
  while (session.advance(1) === 1) snapshots.push(session.snapshot("running"));
  expect(session.error).toBeNull();
  return snapshots;
}

const OUTCOMES: Record<string, number> = {
  recycle: Outcome.Recycle,
  miss: Outcome.Miss,
  pooled: Outcome.Pooled,
  "dropped-full": Outcome.DroppedFull,
  "dropped-oversized": Outcome.DroppedOversized,
};

/** The outcome code (`engine/outcomes.ts`) of an acquire's or a release's event. */
function codeOf(event: PoolEvent): number {
  if (event.op === "resize") throw new Error("the workload resizes nothing");
  const kind = event.op === "acquire" ? StepKind.Acquire : StepKind.Release;
  const slot = event.sizeClass < 0 ? OVERSIZED_SLOT : event.sizeClass;
  return stepCode(kind, OUTCOMES[event.outcome]!, slot);
}

describe("the floor loops of bench:floor (release random, bursts released all)", () => {
  it("releases the buffers the script releases, with the engine's outcomes and counts", () => {
    fc.assert(
      fc.property(workloadArb, (workload) => {
        const floor = floorLoop(workload);
        const snapshots = engineSteps(workload);
        expect(snapshots).toHaveLength(floor.steps);
        for (const [step, snapshot] of snapshots.entries()) {
          expect(floor.run(1)).toBe(1);
          const event = snapshot.lastEvent!;
          const released = floor.releasedIds[step]!;
          expect(event.op).toBe(released < 0 ? "acquire" : "release");
          if (released >= 0) expect(event.name).toBe(`#${released + 1}`);
          expect(floor.codes[step]).toBe(codeOf(event));
        }
        expect(floor.run(1)).toBe(0);
        const last = snapshots.at(-1)!;
        const slot = last.classes.findIndex((metrics) => metrics.requests > 0);
        const metrics = last.classes[slot]!;
        expect([...floor.counts]).toEqual([
          metrics.recycles,
          metrics.misses,
          last.held[slot] ?? last.oversizedHeld,
          metrics.peakHeld,
          metrics.peakFree,
        ]);
        expect(floor.pool.freeListLengths()).toEqual(last.free);
      }),
      { numRuns: 120 }, // about 60 of each workload
    );
  });

  it("keeps the pool's work the same in another order", () => {
    fc.assert(
      fc.property(workloadArb, (workload) => {
        const ordered = floorLoop(workload);
        const unordered = floorLoop(workload, { ordered: false });
        ordered.run(Number.POSITIVE_INFINITY);
        unordered.run(Number.POSITIVE_INFINITY);
        expect([...unordered.counts]).toEqual([...ordered.counts]);
        expect(unordered.pool.stats()).toEqual(ordered.pool.stats());
      }),
      { numRuns: 120 }, // about 60 of each workload
    );
  });

  it("noting nothing, makes the same choices: the same buffers held after every step", () => {
    fc.assert(
      fc.property(workloadArb, (workload) => {
        const noting = floorLoop(workload);
        const choices = floorLoop(workload, { notes: false });
        for (let step = 0; step < noting.steps; step++) {
          expect(choices.run(1)).toBe(noting.run(1));
          expect(choices.heldHandles()).toEqual(noting.heldHandles());
        }
        expect(choices.run(1)).toBe(0);
        expect(JSON.stringify(choices.pool.saveState())).toBe(
          JSON.stringify(noting.pool.saveState()),
        );
        expect([...choices.counts]).toEqual([0, 0, 0, 0, 0]);
      }),
      { numRuns: 120 }, // about 60 of each workload
    );
  });
});
