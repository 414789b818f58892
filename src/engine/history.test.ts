import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHECKPOINT_BYTES,
  CHECKPOINT_FRESH_BYTES,
  CHECKPOINT_STEPS,
  HISTORY_BUDGET_BYTES,
  History,
  MAX_STEPS,
  type Checkpoint,
} from "./history.ts";
import type { LedgerState } from "./ledgerState.ts";

const LEDGER = {} as LedgerState;

function checkpoint(step: number, bytes = 1000, acquiredBytes = 0): Checkpoint<number> {
  return {
    step,
    cursor: step,
    cursorDone: false,
    ledger: LEDGER,
    acquiredBytes,
    freshBytes: 0,
    bytes,
  };
}

describe("checkpoint spacing", () => {
  it("is due after CHECKPOINT_STEPS steps, or sooner after many bytes acquired", () => {
    const history = new History(checkpoint(0));
    expect(history.isDue(CHECKPOINT_STEPS - 1, 0)).toBe(false);
    expect(history.isDue(CHECKPOINT_STEPS, 0)).toBe(true);
    expect(history.isDue(10, 2 ** 40)).toBe(true);
    expect(history.isDue(0, 2 ** 40)).toBe(false);
    expect(history.stepsUntilDue(5)).toBe(CHECKPOINT_STEPS - 5);
  });

  it("stops a batch where the bytes make a checkpoint due, at any steady rate", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 * 2 ** 20 }),
        fc.integer({ min: 0, max: 4 }),
        (freshPerStep, recycledTimes) => {
          // As the session records: a checkpoint if due, then a batch of at most 1024 steps.
          const acquiredPerStep = freshPerStep * (1 + recycledTimes);
          const at = (step: number) => ({
            acquired: step * acquiredPerStep,
            fresh: step * freshPerStep,
          });
          const history = new History(checkpoint(0));
          let step = 0;
          const due: number[] = [];
          while (due.length < 6) {
            const { acquired, fresh } = at(step);
            if (history.isDue(step, acquired, fresh)) {
              due.push(step);
              history.add({ ...checkpoint(step, 1000, acquired), freshBytes: fresh });
            }
            step += Math.min(1024, history.stepsUntilDue(step, acquired, fresh));
          }
          // Once a step's bytes are known, each checkpoint falls on the first step the bytes make due.
          const stepsApart = Math.min(
            CHECKPOINT_STEPS,
            Math.ceil(CHECKPOINT_BYTES / acquiredPerStep),
            Math.ceil(CHECKPOINT_FRESH_BYTES / freshPerStep),
          );
          for (let k = 2; k < due.length; k++) {
            expect(due[k]! - due[k - 1]!).toBe(stepsApart);
          }
        },
      ),
    );
  });

  it("finds the last checkpoint at or before any step", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 53 - 1 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 2 ** 53 - 1 }),
        (steps, target) => {
          const sorted = [...steps].sort((a, b) => a - b);
          const history = new History(checkpoint(0, 1));
          for (const step of sorted) history.add(checkpoint(step, 1));
          const expected = [0, ...sorted].filter((step) => step <= target).at(-1);
          expect(history.atOrBefore(target).step).toBe(expected);
        },
      ),
    );
  });
});

describe("a history adopted by a run at another capacity", () => {
  it("shares the checkpoints up to the first one refused, the first always, and its spacing", () => {
    const other = new History(checkpoint(0));
    for (let k = 1; k <= 5; k++) other.add(checkpoint(k * CHECKPOINT_STEPS));
    const adopting = new History(checkpoint(0));
    adopting.adopt(other, ({ step }) => step !== 3 * CHECKPOINT_STEPS);
    expect(adopting.checkpointCount).toBe(3);
    expect(adopting.newest).toBe(other.atOrBefore(2 * CHECKPOINT_STEPS));
    expect(adopting.recorded).toBe(2 * CHECKPOINT_STEPS);
    expect(adopting.byteLength).toBe(3000);
    expect(adopting.isDue(3 * CHECKPOINT_STEPS - 1, 0)).toBe(false);
    adopting.adopt(other, () => false);
    expect(adopting.checkpointCount).toBe(1);
    expect(adopting.recorded).toBe(0);
  });
});

describe("a history of bounded size", () => {
  it("thins its checkpoints when they outgrow the budget, keeping the first and the newest", () => {
    const size = 64 * 1024;
    const history = new History(checkpoint(0, size));
    let step = 0;
    for (let k = 0; k < 3000; k++) {
      step += history.stepsUntilDue(step);
      expect(history.isDue(step, 0)).toBe(true);
      history.add(checkpoint(step, size));
      expect(history.byteLength).toBeLessThanOrEqual(HISTORY_BUDGET_BYTES);
    }
    expect(history.atOrBefore(0).step).toBe(0);
    expect(history.newest.step).toBe(step);
    // Spacing grew with thinning, so 3,000 checkpoints span far more than 3,000 × CHECKPOINT_STEPS.
    expect(step).toBeGreaterThan(3000 * CHECKPOINT_STEPS);
    // And any step is at most a few spacings from a checkpoint before it.
    const gaps = [];
    let previous = history.atOrBefore(step);
    for (let at = step; at > 0;) {
      const before = history.atOrBefore(at - 1);
      gaps.push(previous.step - before.step);
      previous = before;
      at = before.step;
    }
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4 * (step / history.checkpointCount));
  });

  it("keeps steps past 2^32 and up to 2^53 exact", () => {
    const history = new History(checkpoint(0));
    for (const step of [2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52 + 3, 2 ** 53 - 2]) {
      history.add(checkpoint(step));
      history.recorded = step;
    }
    expect(history.atOrBefore(2 ** 32).step).toBe(2 ** 32);
    expect(history.atOrBefore(2 ** 53 - 3).step).toBe(2 ** 52 + 3);
    history.truncateAfter(2 ** 32 + 1);
    expect(history.newest.step).toBe(2 ** 32 + 1);
    expect(history.recorded).toBe(2 ** 32 + 1);
  });
});

describe("clicks", () => {
  it("are found by step, and forgotten with the future they changed", () => {
    const history = new History(checkpoint(0));
    history.recorded = 100;
    history.addClick(5, { kind: 0, id: -1, size: 4096 });
    history.addClick(50, { kind: 1, id: -1, size: 0 });
    expect(history.nextClickAfter(0)).toBe(5);
    expect(history.nextClickAfter(5)).toBe(50);
    expect(history.clickAt(50)).toMatchObject({ kind: 1 });
    history.rewindTo(0);
    expect(history.nextClickAfter(0)).toBe(5);
    history.truncateAfter(20);
    expect(history.clickAt(50)).toBeUndefined();
    expect(history.nextClickAfter(5)).toBe(Number.POSITIVE_INFINITY);
    expect(history.recorded).toBe(20);
  });
});

/** Step numbers where 32-bit arithmetic would break, and anywhere up to the last exact one. */
const bigStep = fc.oneof(
  fc.integer({ min: 2 ** 32 - 2 ** 20, max: 2 ** 32 + 2 ** 20 }),
  fc.integer({ min: 2 ** 53 - 2 ** 21, max: MAX_STEPS - 1 }),
  fc.integer({ min: 0, max: MAX_STEPS - 1 }),
);

describe("step numbers past 2^32 and up to 2^53", () => {
  it("a checkpoint falls due exactly CHECKPOINT_STEPS after the newest, or at the last step", () => {
    fc.assert(
      fc.property(bigStep, fc.integer({ min: 0, max: CHECKPOINT_STEPS - 1 }), (newest, ahead) => {
        fc.pre(newest + ahead < MAX_STEPS);
        const history = new History(checkpoint(0));
        if (newest > 0) history.add(checkpoint(newest));
        const step = newest + ahead;
        const due = Math.min(newest + CHECKPOINT_STEPS, MAX_STEPS);
        // The session takes at most this many steps before it asks again.
        expect(history.stepsUntilDue(step)).toBe(Math.max(1, due - step));
        expect(step + history.stepsUntilDue(step)).toBe(Math.max(step + 1, due));
        if (due < MAX_STEPS) {
          expect(history.isDue(due - 1, 0)).toBe(false);
          expect(history.isDue(due, 0)).toBe(true);
        }
      }),
    );
  });

  it("finds the checkpoint at or before any step among checkpoints either side of 2^32", () => {
    const near32 = fc.integer({ min: 2 ** 32 - 50, max: 2 ** 32 + 50 });
    fc.assert(
      fc.property(fc.uniqueArray(near32, { minLength: 1, maxLength: 30 }), near32, (steps, at) => {
        const sorted = [...steps].sort((a, b) => a - b);
        const history = new History(checkpoint(0, 1));
        for (const step of sorted) history.add(checkpoint(step, 1));
        expect(history.atOrBefore(at).step).toBe([0, ...sorted].filter((s) => s <= at).at(-1));
      }),
    );
  });

  it("finds, orders and forgets clicks at any step up to 2^53 exactly", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(bigStep, { minLength: 1, maxLength: 20 }),
        bigStep,
        (steps, at) => {
          const history = new History(checkpoint(0));
          steps.forEach((step, k) => history.addClick(step, { kind: 0, id: -(k + 1), size: 4096 }));
          history.recorded = Math.max(...steps);
          const after = (from: number) =>
            steps.filter((s) => s > from).reduce((a, b) => Math.min(a, b), Infinity);
          history.rewindTo(0);
          expect(history.nextClickAfter(at)).toBe(after(at));
          steps.forEach((step, k) => expect(history.clickAt(step)?.id).toBe(-(k + 1)));
          expect(history.clickAt(at + 1)?.id).toBe(
            steps.includes(at + 1) ? -(steps.indexOf(at + 1) + 1) : undefined,
          );
          history.truncateAfter(at);
          for (const step of steps) expect(history.clickAt(step) !== undefined).toBe(step <= at);
          expect(history.nextClickAfter(at)).toBe(Infinity);
          expect(history.recorded).toBe(Math.min(Math.max(...steps), at));
        },
      ),
    );
  });
});

describe("the last step a run can count exactly", () => {
  it("is 2^53 − 1", () => {
    expect(MAX_STEPS).toBe(2 ** 53 - 1);
    expect(Number.isSafeInteger(MAX_STEPS)).toBe(true);
    expect(Number.isSafeInteger(MAX_STEPS + 1)).toBe(false);
  });

  it("a run that records checkpoints as they fall due stops exactly there, with a message naming it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 * CHECKPOINT_STEPS }),
        fc.integer({ min: 1, max: 8 * CHECKPOINT_STEPS }),
        (before, tail) => {
          // The real limit, started close to it; and a small one, run from the start.
          for (const [maxSteps, start] of [
            [MAX_STEPS, MAX_STEPS - before - tail],
            [before + tail, 0],
          ] as const) {
            const history = new History(checkpoint(start), maxSteps);
            let step = start;
            // As the session does: a checkpoint if due, then a batch of at most 1024 steps.
            while (step < maxSteps) {
              if (history.isDue(step, 0)) history.add(checkpoint(step));
              step += Math.min(1024, history.stepsUntilDue(step));
            }
            expect(step).toBe(maxSteps);
            expect(history.newest.step).toBeGreaterThan(maxSteps - CHECKPOINT_STEPS - 1024);
            expect(() => history.isDue(maxSteps, 0)).toThrow(
              `the run stopped at step ${maxSteps.toLocaleString("en-US")}, the most steps a run can count exactly (2^53 − 1)`,
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
