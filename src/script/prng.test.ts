import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mulberry32 } from "./prng.ts";

describe("below(n)", () => {
  it("refuses exactly the x at or above 2^32 - 2^32 % n, the numbers a modulo would bias", () => {
    const N = 2 ** 32;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: N }), fc.integer({ min: 0, max: N - 1 }), (n, x) => {
        const accepted = x - (x % n) <= N - n;
        expect(accepted).toBe(x < N - (N % n));
      }),
      { numRuns: 2000 },
    );
  });

  it("stays below n and is the same sequence for the same seed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 2 ** 32 }),
        (seed, n) => {
          const a = new Mulberry32(seed);
          const b = new Mulberry32(seed);
          for (let k = 0; k < 20; k++) {
            const value = a.below(n);
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThan(n);
            expect(b.below(n)).toBe(value);
          }
        },
      ),
    );
  });
});
