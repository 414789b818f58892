import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, StepBatch, StepKind } from "../script/index.ts";
import { Ledger } from "./ledger.ts";
import { StepOutcomes } from "./outcomes.ts";

const SIZES = ["0", "1", "4KB", "4097", "8KB", "64KB", "1MB", "2MB"] as const;
/** Sizes drawn again in every round (such rounds are written from a record, but not replayed). */
const DRAWN = ["random 1..5000", "4KB:90, 16KB:9, 64KB:1", "4KB:95, 2MB:5", "random 1KB..2MB log"];
const LENGTHS = ["10", "5000", "9000", "70000", "3000000"] as const;

/** A closed round: each name acquired, maybe resized, and released, in a shuffled interleaving. */
const roundArb = fc
  .array(
    fc.record({
      name: fc.constantFrom("a", "b", "c"),
      size: fc.oneof(fc.constantFrom(...SIZES), fc.constantFrom(...DRAWN)),
      resize: fc.option(fc.constantFrom(...LENGTHS), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .chain((uses) => fc.tuple(fc.constant(uses), fc.boolean()))
  .map(([uses, lastFirst]) => {
    const seen = new Set<string>();
    const steps: string[] = [];
    const releases: string[] = [];
    for (const { name, size, resize } of uses) {
      if (seen.has(name)) continue;
      seen.add(name);
      steps.push(`${name} = acquire ${size}`);
      if (resize !== undefined) steps.push(`resize ${name} ${resize}`);
      releases.push(`release ${name}`);
    }
    return [...steps, ...(lastFirst ? releases.reverse() : releases)].join("; ");
  });

/** Scripts of closed loops, unnamed churn and buffers held across them. */
const scriptArb = fc
  .record({
    capacity: fc.constantFrom(0, 1, 2, 4),
    seed: fc.nat(),
    kept: fc.array(fc.constantFrom(...SIZES), { maxLength: 3 }),
    loops: fc.array(
      fc.record({
        rounds: fc.integer({ min: 1, max: 200 }),
        body: fc.oneof(
          roundArb,
          fc.constantFrom(...SIZES).map((size) => `acquire ${size}; release newest`),
          fc
            .tuple(fc.constantFrom(...SIZES), fc.constantFrom(...SIZES))
            .map(([x, y]) => `acquire ${x}; acquire ${y}; release oldest; release newest`),
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ capacity, seed, kept, loops }) =>
    [
      `capacity ${capacity}; seed ${seed}`,
      ...kept.map((size, k) => `k${k} = acquire ${size}`),
      ...loops.map(({ rounds, body }) => `repeat ${rounds} { ${body} }`),
    ].join("\n"),
  );

interface Run {
  readonly outcomes: unknown[];
  readonly generalSteps: number;
  readonly steps: number;
}

/** Runs `source` batch by batch through a ledger, by `run` or by `runSteps` only. */
function runLedger(source: string, budget: number, blocks: boolean, batchSize: number): Run {
  const program = compile(source);
  const ledger = new Ledger(program.capacity ?? 4, budget);
  let generalSteps = 0;
  const runSteps = ledger.runSteps.bind(ledger);
  ledger.runSteps = (batch, out, from, to) => {
    generalSteps += to - from;
    return runSteps(batch, out, from, to);
  };
  const cursor = program.cursor();
  const batch = new StepBatch(batchSize);
  const out = new StepOutcomes(batchSize);
  const outcomes: unknown[] = [];
  let steps = 0;
  for (;;) {
    let count: number;
    try {
      count = cursor.fill(batch);
    } catch {
      break;
    }
    if (count === 0) break;
    // Split each batch where a session might: at a sample or a click.
    const cut = Math.min(count, 1 + (steps % 97));
    let reached = blocks ? ledger.run(batch, out, 0, cut) : ledger.runSteps(batch, out, 0, cut);
    if (reached === cut && cut < count) {
      reached = blocks
        ? ledger.run(batch, out, cut, count)
        : ledger.runSteps(batch, out, cut, count);
    }
    steps += reached;
    for (let k = 0; k < reached; k++) {
      const resize = batch.kinds[k] === StepKind.Resize;
      outcomes.push([out.codes[k], out.capacities[k], resize ? out.previous[k] : 0]);
    }
    outcomes.push({
      state: ledger.save(),
      peaks: [Array.from(ledger.peakHeld), Array.from(ledger.peakFree)],
      holders: Array.from({ length: 9 }, (_, k) => ledger.freeHoldersTopFirst(k, 1000)),
      held: ledger.heldOldestFirst().map(({ id, order }) => [id, order]),
      acquired: ledger.acquiredBytes,
    });
    if (reached < count) {
      outcomes.push({ refusal: ledger.refusal, total: ledger.refusedTotal });
      break;
    }
  }
  return { outcomes, generalSteps: blocks ? generalSteps : steps, steps };
}

describe("repeated blocks", () => {
  it("give every outcome, count and saved state that running each step gives", () => {
    fc.assert(
      fc.property(
        scriptArb,
        fc.constantFrom(1 << 30, 200 * 1024, 3 * 1024 * 1024),
        fc.constantFrom(64, 1024),
        (source, budget, batchSize) => {
          const replayed = runLedger(source, budget, true, batchSize);
          const stepped = runLedger(source, budget, false, batchSize);
          expect(replayed.steps).toBe(stepped.steps);
          expect(replayed.outcomes).toEqual(stepped.outcomes);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it("give the same outcomes around drawn sizes, grown buffers and a refused step", () => {
    const source = [
      "capacity 1; seed 875880239",
      "repeat 56 { acquire 0; release newest }",
      "repeat 33 { a = acquire 4097; resize a 5000; b = acquire random 1KB..2MB log; resize b 5000; release b; release a }",
    ].join("\n");
    for (const budget of [1 << 30, 200 * 1024, 3 * 1024 * 1024]) {
      expect(runLedger(source, budget, true, 64).outcomes).toEqual(
        runLedger(source, budget, false, 64).outcomes,
      );
    }
    const resized = [
      "capacity 4; seed 0",
      "repeat 21 { b = acquire random 1..5000; resize b 70000; c = acquire random 1..5000; resize c 9000; release c; release b }",
      "repeat 1 { acquire 0; acquire 0; release oldest; release newest }",
    ].join("\n");
    expect(runLedger(resized, 1 << 30, true, 64).outcomes).toEqual(
      runLedger(resized, 1 << 30, false, 64).outcomes,
    );
    const refused =
      "capacity 0; seed 0\nrepeat 19 { a = acquire 4KB:95, 2MB:5; c = acquire 0; release a; release c }";
    expect(runLedger(refused, 200 * 1024, true, 1024).outcomes).toEqual(
      runLedger(refused, 200 * 1024, false, 1024).outcomes,
    );
  });

  it("are replayed, not run step by step, in a closed loop", () => {
    const run = runLedger("repeat 20000 { a = acquire 4KB; release a }", 1 << 30, true, 1024);
    expect(run.steps).toBe(40_000);
    expect(run.generalSteps).toBeLessThan(run.steps / 10);
  });

  it("are run step by step while a block leaves the pool otherwise than it found it", () => {
    // The same four steps again and again, on a free list of two buffers of
    // different capacities: each block takes them in the other order.
    const blocks = 12;
    const outcomes = [true, false].map((replay) => {
      const ledger = new Ledger(4, 1 << 30);
      const setup = new StepBatch(4);
      const steps: [StepKind, number, number][] = [
        [StepKind.Acquire, 4096, 0],
        [StepKind.Resize, 9000, 0],
        [StepKind.Acquire, 4096, 1],
        [StepKind.Release, 0, 0],
      ];
      steps.forEach(([kind, amount, handle], k) => {
        setup.kinds[k] = kind;
        setup.amounts[k] = amount;
        setup.handles[k] = handle;
      });
      const out = new StepOutcomes(4 * blocks);
      expect(ledger.runSteps(setup, out, 0, 4)).toBe(4);
      setup.kinds[0] = StepKind.Release;
      setup.handles[0] = 1;
      expect(ledger.runSteps(setup, out, 0, 1)).toBe(1);
      const batch = new StepBatch(4 * blocks);
      for (let k = 0; k < 4 * blocks; k++) {
        batch.kinds[k] = k % 4 < 2 ? StepKind.Acquire : StepKind.Release;
        batch.amounts[k] = k % 4 < 2 ? 4096 : 0;
        batch.handles[k] = k % 2;
      }
      batch.addRepeat(0, 4, blocks);
      const run = replay
        ? ledger.run(batch, out, 0, 4 * blocks)
        : ledger.runSteps(batch, out, 0, 4 * blocks);
      expect(run).toBe(4 * blocks);
      return { capacities: Array.from(out.capacities), state: ledger.save() };
    });
    expect(outcomes[0]!.capacities.slice(0, 8)).toEqual([
      4096, 9000, 4096, 9000, 9000, 4096, 9000, 4096,
    ]);
    expect(outcomes[0]).toEqual(outcomes[1]);
  });

  it("are replayed once a block finds the pool as it leaves it", () => {
    // The second round hands the grown buffer to a and grows b's too; from the third, rounds are alike.
    const source =
      "capacity 2; repeat 3000 { a = acquire 4KB; b = acquire 4KB; resize b 5000; release a; release b }";
    const replayed = runLedger(source, 1 << 30, true, 1024);
    expect(replayed.generalSteps).toBeLessThan(replayed.steps / 5);
    expect(replayed.outcomes).toEqual(runLedger(source, 1 << 30, false, 1024).outcomes);
  });
});
