import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, StepBatch, StepKind } from "./index.ts";
import { Mulberry32 } from "./prng.ts";

const DRAWS = 20_000;

/** The sizes of the acquires a script takes, in order. */
function acquiredSizes(source: string): number[] {
  const cursor = compile(source).steps();
  const batch = new StepBatch(4096);
  const sizes: number[] = [];
  for (let count = cursor.fill(batch); count > 0; count = cursor.fill(batch)) {
    for (let k = 0; k < count; k++) {
      if (batch.kinds[k] === StepKind.Acquire) sizes.push(batch.amounts[k]!);
    }
  }
  return sizes;
}

/**
 * Checks that `observed` of `n` draws is what chance `p` gives, within five
 * binomial standard deviations (plus 3 for small counts, where the normal
 * tail is too thin): a wrong mapping of draws to sizes is off by far more.
 */
function expectShare(observed: number, n: number, p: number, what: string): void {
  const sigma = Math.sqrt(n * p * (1 - p));
  expect(
    Math.abs(observed - n * p),
    `${what}: ${observed} of ${n}, expected ${n * p}`,
  ).toBeLessThanOrEqual(5 * sigma + 3);
}

const seedArb = fc.integer({ min: 0, max: 2 ** 32 - 1 });

describe("a weighted choice", () => {
  it("draws each size its weight's share of the time, and a weight of 0 never", () => {
    fc.assert(
      fc.property(
        seedArb,
        fc
          .array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })), {
            minLength: 1,
            maxLength: 5,
          })
          .filter((weights) => weights.some((weight) => weight > 0)),
        (seed, weights) => {
          // Size i + 1 stands for choice i, so a size tells which choice was drawn.
          const choices = weights.map((weight, i) => `${i + 1}:${weight}`).join(", ");
          const sizes = acquiredSizes(
            `seed ${seed}\nrepeat ${DRAWS} { acquire ${choices}; release newest }`,
          );
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          weights.forEach((weight, i) => {
            const observed = sizes.filter((size) => size === i + 1).length;
            if (weight === 0) expect(observed).toBe(0);
            else expectShare(observed, DRAWS, weight / total, `size ${i + 1} of weight ${weight}`);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it("draws the same sizes from the same seed", () => {
    const source = "seed 11\nrepeat 50 { acquire 4KB:80, 64KB:15, 1MB:5 }";
    expect(acquiredSizes(source)).toEqual(acquiredSizes(source));
    expect(acquiredSizes(source)).not.toEqual(acquiredSizes(source.replace("11", "12")));
  });
});

/** The octave of a size: ⌊log2 n⌋. */
const octaveOf = (n: number) => Math.floor(Math.log2(n));

describe("a log-uniform range", () => {
  const rangeArb = fc
    .tuple(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 2 ** 31 }))
    .map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as const);

  it("draws inside the range, each octave by the part of it the range covers", () => {
    fc.assert(
      fc.property(seedArb, rangeArb, (seed, [min, max]) => {
        const sizes = acquiredSizes(
          `seed ${seed}\nrepeat ${DRAWS} { acquire random ${min}..${max} log; release newest }`,
        );
        expect(sizes.every((size) => size >= min && size <= max)).toBe(true);
        // A whole octave weighs 1, a cut one the share of its sizes the range holds.
        const covered = new Map<number, number>();
        for (let k = octaveOf(min); k <= octaveOf(max); k++) {
          const part = Math.min(max, 2 ** (k + 1) - 1) - Math.max(min, 2 ** k) + 1;
          covered.set(k, part / 2 ** k);
        }
        const total = [...covered.values()].reduce((sum, part) => sum + part, 0);
        for (const [k, part] of covered) {
          const observed = sizes.filter((size) => octaveOf(size) === k).length;
          expectShare(observed, DRAWS, part / total, `octave 2^${k}`);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("makes every whole octave equally likely, and is uniform inside one", () => {
    const sizes = acquiredSizes(
      `seed 5\nrepeat ${DRAWS} { acquire random 1KB..2MB log; release newest }`,
    );
    for (let k = 10; k <= 20; k++) {
      const inOctave = sizes.filter((size) => octaveOf(size) === k);
      expectShare(inOctave.length, DRAWS, 1 / (11 + 2 ** -21), `octave 2^${k}`);
      // Exact log-uniform would put 58.5 % in the lower half; this puts half.
      const lower = inOctave.filter((size) => size < 1.5 * 2 ** k).length;
      expectShare(lower, inOctave.length, 0.5, `lower half of octave 2^${k}`);
    }
  });
});

describe("repeat random", () => {
  it("runs its body each count from low to high equally often, drawn on each entry", () => {
    const boundsArb = fc
      .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 8 }))
      .map(([low, width]) => [low, low + width] as const);
    fc.assert(
      fc.property(seedArb, boundsArb, (seed, [low, high]) => {
        const entries = 3000;
        // Each entry acquires 1-byte buffers, then a 2-byte one marks its end.
        const sizes = acquiredSizes(
          `seed ${seed}\nrepeat ${entries} { repeat random ${low}..${high} { acquire 1 }; acquire 2; release all }`,
        );
        const counts: number[] = [];
        let run = 0;
        for (const size of sizes) {
          if (size === 1) run++;
          else {
            counts.push(run);
            run = 0;
          }
        }
        expect(counts).toHaveLength(entries);
        expect(counts.every((count) => count >= low && count <= high)).toBe(true);
        for (let count = low; count <= high; count++) {
          const observed = counts.filter((c) => c === count).length;
          expectShare(observed, entries, 1 / (high - low + 1), `count ${count}`);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("acquire random and release random", () => {
  /** Ranges of sizes: small ones, and wide ones whose first draws are often refused (1536MB: a quarter). */
  const ranges = fc.oneof(
    fc.integer({ min: 1, max: 64 * 1024 }),
    fc.constantFrom(1536 * 2 ** 20, 2 ** 31 - 1, 3 * 2 ** 29 + 7),
    fc.integer({ min: 2 ** 30, max: 2 ** 31 }),
  );

  it("draw exactly what Mulberry32.below gives, refused draws included", () => {
    // A program's compiled loop draws its sizes and ranks in place (`compiledFill.ts`); `below` is the general path.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        ranges,
        fc.integer({ min: 1, max: 12 }),
        (seed, n, first) => {
          const source = `seed ${seed}; repeat ${first} { acquire random 1..${n} }; repeat 60 { acquire random 1..${n}; release random }`;
          const cursor = compile(source).steps();
          const batch = new StepBatch(4096);
          const steps: number[] = [];
          for (let count = cursor.fill(batch); count > 0; count = cursor.fill(batch)) {
            for (let k = 0; k < count; k++) {
              const acquired = batch.kinds[k] === StepKind.Acquire;
              steps.push(acquired ? batch.amounts[k]! : -1 - batch.buffers[k]!);
            }
          }
          // The same draws from the generator itself: a size is an amount, a release (negative) its buffer's id.
          const rng = new Mulberry32(seed);
          const held: number[] = [];
          const expected: number[] = [];
          let next = 0;
          const acquire = () => {
            expected.push(1 + rng.below(n));
            held.push(next++);
          };
          for (let i = 0; i < first; i++) acquire();
          for (let round = 0; round < 60; round++) {
            acquire();
            const [id] = held.splice(rng.below(held.length), 1);
            expected.push(-1 - id!);
          }
          expect(steps).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
