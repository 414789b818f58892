import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLOCK_EVERY, STRETCH_MS, Stretches, nextStretch } from "./stretch.ts";

describe("nextStretch", () => {
  it.each([
    // steps, ms they took, steps next
    [64, 0, 128],
    [64, STRETCH_MS, 128],
    [1024, 0.03, CLOCK_EVERY],
    [1024, 1500, 1], // 1,024 megabyte steps took 1.5 s: one at a time now
    [1024, 20, 102],
    [1, 300, 1], // one step took 300 ms: it cannot be split
    [8, 4, 4],
  ])("after %d steps in %d ms takes %d", (steps, spentMs, next) => {
    expect(nextStretch(steps, spentMs)).toBe(next);
  });

  it("stays within 1…CLOCK_EVERY, at most doubles, and shrinks whenever steps took too long", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: CLOCK_EVERY }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        (steps, spentMs) => {
          const next = nextStretch(steps, spentMs);
          expect(Number.isInteger(next)).toBe(true);
          expect(next).toBeGreaterThanOrEqual(1);
          expect(next).toBeLessThanOrEqual(Math.min(CLOCK_EVERY, 2 * steps));
          if (spentMs > STRETCH_MS && steps > 1) expect(next).toBeLessThan(steps);
          // At the rate just seen, the next stretch takes about STRETCH_MS at most (one step at least).
          if (next > 1) expect((next * spentMs) / steps).toBeLessThanOrEqual(2 * STRETCH_MS);
        },
      ),
    );
  });
});

describe("Stretches", () => {
  /** A clock that moves `msPerStep` for every step taken. */
  function clocked(msPerStep: number) {
    let now = 0;
    const asked: number[] = [];
    return {
      now: () => now,
      asked,
      steps: (until: number) => (steps: number) => {
        asked.push(steps);
        now += steps * msPerStep;
        return now >= until;
      },
    };
  }

  it("stops at the deadline, not done, and goes on next slice with the stretch it learned", () => {
    const clock = clocked(1); // a step takes 1 ms: stretches shrink to STRETCH_MS worth
    const stretches = new Stretches();
    expect(stretches.run(clock.now, 12, clock.steps(Infinity))).toBe(false);
    expect(clock.asked).toEqual([64]); // 64 ms: past the deadline after one stretch
    clock.asked.length = 0;
    expect(stretches.run(clock.now, clock.now() + 12, clock.steps(Infinity))).toBe(false);
    expect(clock.asked[0]).toBe(STRETCH_MS);
  });

  it("returns as soon as the work is done, before the deadline", () => {
    const clock = clocked(0.001);
    const stretches = new Stretches();
    expect(stretches.run(clock.now, 1000, clock.steps(0.5))).toBe(true);
    expect(clock.now()).toBeLessThan(1000);
    expect(clock.asked).toEqual([64, 128, 256, 512]);
  });
});
