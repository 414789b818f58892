import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, StepKind } from "../script/index.ts";
import type { BufferPool } from "../pool/index.ts";
import { Outcome, stepCode } from "./outcomes.ts";
import { SeriesSampler } from "./sampler.ts";
import { Session } from "./session.ts";

/** A step's code as the ledger writes it; the class does not matter to the series. */
const codeArb = fc.constantFrom(
  stepCode(StepKind.Acquire, Outcome.Recycle, 0),
  stepCode(StepKind.Acquire, Outcome.Miss, 3),
  stepCode(StepKind.Acquire, Outcome.Miss, 9),
  stepCode(StepKind.Release, Outcome.Pooled, 0),
  stepCode(StepKind.Release, Outcome.DroppedFull, 2),
  stepCode(StepKind.Resize, Outcome.Grown, 1),
);

/** Counters as a pool keeps them, after each step of `codes`. */
function countersAfter(codes: readonly number[]) {
  let allocations = 0;
  let recycles = 0;
  let misses = 0;
  return codes.map((code) => {
    if (code === stepCode(StepKind.Acquire, Outcome.Recycle, 0)) {
      allocations++;
      recycles++;
    } else if ((code & 3) === StepKind.Acquire) {
      allocations++;
      misses++;
    }
    return { allocations, recycles, misses };
  });
}

/** A pool whose counters are `counters`, as far as the sampler reads it. */
function poolAt(counters: { allocations: number; recycles: number; misses: number }): BufferPool {
  return {
    allocations: () => counters.allocations,
    recycles: () => counters.recycles,
    misses: () => counters.misses,
  } as unknown as BufferPool;
}

describe("the chart's series", () => {
  it("sampled after a run of steps is the series sampled at each step due", () => {
    fc.assert(
      fc.property(
        fc.array(codeArb, { minLength: 1, maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 5 }),
        (codes, spans) => {
          const after = countersAfter(codes);
          const zero = { allocations: 0, recycles: 0, misses: 0 };
          // Step by step: the pool as it is after each step, sampled when due.
          const stepwise = new SeriesSampler();
          after.forEach((counters, k) => {
            const step = k + 1;
            if (step === stepwise.nextStep) stepwise.sample(step, poolAt(counters));
          });
          // In runs of `spans` steps in turn, each at batch indices from 5 on.
          const runs = new SeriesSampler();
          const batch = new Uint8Array(5 + Math.max(...spans));
          for (let done = 0, turn = 0; done < codes.length; turn++) {
            const length = Math.min(spans[turn % spans.length]!, codes.length - done);
            batch.set(codes.slice(done, done + length), 5);
            const before = done === 0 ? zero : after[done - 1]!;
            runs.sampleRun(batch, 5, 5 + length, done, before, poolAt(after[done + length - 1]!));
            done += length;
          }
          expect(runs.series()).toEqual(stepwise.series());
          expect(runs.nextStep).toBe(stepwise.nextStep);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    [
      "a queue of 100 written from a record",
      "repeat 100 { acquire 4KB }; repeat 20000 { acquire 4KB; release oldest }",
    ],
    [
      "random sizes released at random",
      "seed 3; repeat 8 { acquire random 1..64KB }; repeat 20000 { acquire random 1..64KB; release random }",
    ],
    [
      "bursts released all, with oversized buffers",
      "repeat 3000 { repeat 3 { acquire 2MB }; acquire 8KB; release all }",
    ],
  ])("of a session run in one go is the series of one run a step at a time (%s)", (_, source) => {
    const program = compile(source);
    const options = { capacity: 4, memoryBudgetBytes: 2 ** 40 };
    const whole = new Session(program, options);
    whole.advance(Number.POSITIVE_INFINITY);
    const stepwise = new Session(program, options);
    while (stepwise.advance(1) === 1);
    expect(whole.chartSeries().length).toBeGreaterThan(256);
    expect(whole.chartSeries()).toEqual(stepwise.chartSeries());
  });
});
