/**
 * A run that reaches the last step it can count exactly stops there with a
 * message naming the limit, and every step before it stays reachable. The
 * real limit is 2^53 − 1 steps, years at full speed; here the session is given
 * a History whose limit is a few thousand steps (an odd number, so it falls
 * inside a batch and between checkpoints), which is the only change.
 */
import { describe, expect, it, vi } from "vitest";
import { compile } from "../script/index.ts";
import { Session } from "./session.ts";

const LIMIT = 3 * 1024 + 517;

vi.mock("./history.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("./history.ts")>();
  class SmallHistory<State> extends original.History<State> {
    constructor(first: ConstructorParameters<typeof original.History<State>>[0]) {
      super(first, 3 * 1024 + 517);
    }
  }
  return { ...original, History: SmallHistory };
});

const ENDLESS = `capacity 4
seed 1
repeat 16 { acquire random 1..8KB }
repeat 1000000000 { acquire random 1..8KB; release random }
`;

function session(): Session {
  return new Session(compile(ENDLESS), { capacity: 4, memoryBudgetBytes: 1 << 30 });
}

describe("a run at the last step it can count", () => {
  it("stops exactly there, with a message naming the limit", () => {
    const run = session();
    expect(run.advance(1_000_000)).toBe(LIMIT);
    expect(run.step).toBe(LIMIT);
    expect(run.error).toEqual({
      kind: "limit",
      message: expect.stringContaining(
        `the run stopped at step ${LIMIT.toLocaleString("en-US")}, the most steps a run can count exactly (2^53 − 1)`,
      ),
      line: 0,
      column: 0,
    });
    expect(run.advance(10)).toBe(0);
    expect(run.snapshot("error").step).toBe(LIMIT);
  });

  it("keeps every step up to it reachable, and the same as a run that stopped short of it", () => {
    const run = session();
    run.advance(1_000_000);
    const short = session();
    for (const target of [LIMIT - 1, 1, 2048, LIMIT]) {
      run.seek(target);
      short.seek(0);
      short.advance(target);
      expect(run.step).toBe(target);
      expect({ ...run.snapshot("paused"), recordedSteps: 0 }).toEqual({
        ...short.snapshot("paused"),
        recordedSteps: 0,
      });
    }
  });
});
