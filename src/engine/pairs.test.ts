/**
 * `Ledger.runSteps` runs an acquire whose next step releases the same
 * buffer as one pair, the buffer never entering the held table. Called one
 * step at a time it never sees a pair, so the two must agree on everything.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, StepBatch, StepKind } from "../script/index.ts";
import { Ledger } from "./ledger.ts";
import { StepOutcomes } from "./outcomes.ts";

const SIZES = ["0", "1", "4KB", "4097", "64KB", "1MB", "2MB", "random 1..9000"] as const;

/** Loop bodies with pairs (closed loops, `release newest` after an acquire) and without. */
const bodyArb = fc.oneof(
  fc.constantFrom(...SIZES).map((size) => `a = acquire ${size}; release a`),
  fc.constantFrom(...SIZES).map((size) => `acquire ${size}; release newest`),
  fc.constantFrom(...SIZES).map((size) => `acquire ${size}; release random`),
  fc
    .tuple(fc.constantFrom(...SIZES), fc.constantFrom("6000", "70000"))
    .map(([size, length]) => `b = acquire ${size}; resize b ${length}; release b`),
  fc
    .tuple(fc.constantFrom(...SIZES), fc.constantFrom(...SIZES))
    .map(([x, y]) => `acquire ${x}; acquire ${y}; release oldest; release newest`),
);

const scriptArb = fc
  .record({
    capacity: fc.integer({ min: 0, max: 4 }),
    seed: fc.nat(),
    kept: fc.array(fc.constantFrom(...SIZES), { maxLength: 3 }),
    loops: fc.array(fc.record({ rounds: fc.integer({ min: 1, max: 30 }), body: bodyArb }), {
      minLength: 1,
      maxLength: 4,
    }),
  })
  .map(({ capacity, seed, kept, loops }) =>
    [
      `capacity ${capacity}; seed ${seed}`,
      ...kept.map((size) => `acquire ${size}`),
      ...loops.map(({ rounds, body }) => `repeat ${rounds} { ${body} }`),
    ].join("\n"),
  );

/** Everything a run shows: each step's outcome, then the ledger where it stopped. */
function runLedger(source: string, budget: number, stepByStep: boolean): unknown[] {
  const program = compile(source);
  const ledger = new Ledger(program.capacity ?? 4, budget);
  const cursor = program.cursor();
  const batch = new StepBatch(64);
  const out = new StepOutcomes(64);
  const shown: unknown[] = [];
  for (;;) {
    const count = cursor.fill(batch);
    if (count === 0) break;
    let reached = 0;
    if (stepByStep) {
      while (reached < count && ledger.runSteps(batch, out, reached, reached + 1) > reached) {
        reached++;
      }
    } else {
      reached = ledger.runSteps(batch, out, 0, count);
    }
    for (let k = 0; k < reached; k++) {
      const resize = batch.kinds[k] === StepKind.Resize;
      shown.push([out.codes[k], out.capacities[k], resize ? out.previous[k] : 0]);
    }
    if (reached < count) {
      shown.push({ refusal: ledger.refusal, total: ledger.refusedTotal });
      break;
    }
  }
  shown.push({
    state: ledger.save(),
    peaks: [Array.from(ledger.peakHeld), Array.from(ledger.peakFree)],
    holders: Array.from({ length: 9 }, (_, k) => ledger.freeHoldersTopFirst(k, 1000)),
    held: ledger.heldOldestFirst().map(({ id, order }) => [id, order]),
    bytes: [ledger.heldBytes, ledger.acquiredBytes, ledger.freshBytes],
  });
  return shown;
}

describe("an acquire released at once", () => {
  it("gives every outcome, count and saved state that running one step at a time gives", () => {
    fc.assert(
      fc.property(scriptArb, fc.constantFrom(2 ** 40, 3 << 20, 200_000), (source, budget) => {
        expect(runLedger(source, budget, false)).toEqual(runLedger(source, budget, true));
      }),
      { numRuns: 200 },
    );
  });
});
