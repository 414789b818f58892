import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, StepBatch, StepKind } from "../script/index.ts";
import { Ledger } from "./ledger.ts";
import { StepOutcomes } from "./outcomes.ts";

const SIZES = ["0", "1", "4KB", "4097", "8KB", "64KB", "1MB", "2MB"] as const;
const LENGTHS = ["10", "5000", "9000", "70000", "3000000"] as const;

/** A closed round: each name acquired, maybe resized, and released, in a shuffled interleaving. */
const roundArb = fc
  .array(
    fc.record({
      name: fc.constantFrom("a", "b", "c"),
      size: fc.constantFrom(...SIZES),
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
  .map(({ capacity, kept, loops }) =>
    [
      `capacity ${capacity}`,
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
      { numRuns: 100 },
    );
  }, 120_000);

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
