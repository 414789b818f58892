import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inverseOf, Mulberry32, remainder } from "./prng.ts";

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

  it("above 2^32, draws 53 bits from two numbers and stays below n", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 2 ** 32 + 1, max: 2 ** 53 }),
        (seed, n) => {
          const a = new Mulberry32(seed);
          const b = new Mulberry32(seed);
          const value = a.below(n);
          expect(Number.isSafeInteger(value) && value >= 0 && value < n).toBe(true);
          // The same two numbers, put together by hand, unless the first pair was refused.
          const x = Math.floor(b.nextUint32() / 2 ** 11) * 2 ** 32 + b.nextUint32();
          if (x - (x % n) <= 2 ** 53 - n) expect(value).toBe(x % n);
        },
      ),
    );
  });

  it("reaches the top of a range above 2^32", () => {
    // Each half of [0, 2^33) turns up in a few draws.
    const rng = new Mulberry32(3);
    const draws = Array.from({ length: 64 }, () => rng.below(2 ** 33));
    expect(draws.some((value) => value >= 2 ** 32)).toBe(true);
    expect(draws.some((value) => value < 2 ** 32)).toBe(true);
  });
});

/** mulberry32 as published, on a uint32 state, with `%`: what the fast version must equal. */
function referenceDraws(seed: number, ns: readonly number[]): number[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return ns.map((n) => {
    for (;;) {
      const x = next();
      if (x - (x % n) <= 2 ** 32 - n) return x % n;
    }
  });
}

describe("Mulberry32", () => {
  it("draws what the published mulberry32 with a plain modulo draws, and saves its state as a uint32", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(
          // Small counts take their inverse from a table, larger ones compute it.
          fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 2 ** 32 })),
          { minLength: 1, maxLength: 30 },
        ),
        (seed, ns) => {
          const rng = new Mulberry32(seed);
          expect(rng.state).toBe(seed);
          expect(ns.map((n) => rng.below(n))).toEqual(referenceDraws(seed, ns));
          const resumed = new Mulberry32(0);
          resumed.state = rng.state;
          expect(resumed.state).toBeGreaterThanOrEqual(0);
          expect(resumed.below(1000)).toBe(rng.below(1000));
        },
      ),
    );
  });
});

describe("remainder(x, n, 1 / n)", () => {
  const N = 2 ** 32;
  /** x near a multiple of n, where ⌊x · (1 / n)⌋ may round the wrong way; and any x. */
  const cases = fc.oneof(
    fc
      .tuple(
        fc.integer({ min: 1, max: N }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -2, max: 2 }),
      )
      .map(([n, at, offset]) => {
        const multiple = Math.floor((at * N) / n) * n;
        return [n, Math.min(N - 1, Math.max(0, multiple + offset))] as const;
      }),
    fc.tuple(fc.integer({ min: 1, max: N }), fc.integer({ min: 0, max: N - 1 })),
  );

  it("is x % n exactly, for every 32-bit x and 1 ≤ n ≤ 2^32", () => {
    fc.assert(
      fc.property(cases, ([n, x]) => {
        expect(remainder(x, n, inverseOf(n))).toBe(x % n);
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    [1, N - 1],
    [3, N - 1],
    [N - 1, N - 1],
    [N - 1, N - 2],
    [N, N - 1],
    [2 ** 31 + 1, 2 ** 31],
    [2 ** 31 + 1, N - 1],
    [255, 255 * 16_843_009],
    [255, 255 * 16_843_009 - 1],
    [100_003, 100_003 * 42_946 - 1],
    // n divides x, and x · (1 / n) rounds to just under x / n.
    [1_569_962_811, 3_139_925_622],
    [3_858_974_539, 3_858_974_539],
    [119_307_771, 3_698_540_901],
  ])("is x %% n at n = %d, x = %d", (n, x) => {
    expect(remainder(x, n, inverseOf(n))).toBe(x % n);
  });
});
