// A trace file is a step source like a compiled script: it satisfies
// StepSource, every format of the oracle's traces ends each step in the
// oracle's state, and a trace runs, steps back and scrubs exactly like the
// same operations written as a script.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../script/index.ts";
import { oracleTraces, writeTrace } from "../testing/traces/convert.ts";
import { readTrace, toScript, type Trace, type TraceFormat } from "../workload/index.ts";
import { Session } from "./session.ts";
import type { StepSource } from "./stepSource.ts";
import type { Snapshot } from "./types.ts";

const BUDGET = 2 ** 31;
const FORMATS: readonly TraceFormat[] = ["pool-trace", "malloc-lab", "csv", "jsonl"];

function read(text: string, name = "trace"): Trace {
  const result = readTrace(text, { name });
  if (!result.ok) throw new Error(JSON.stringify(result.rejection));
  return result.trace;
}

/** The parts of a snapshot that describe the pool, not the playback or the source's lines. */
function poolState(snapshot: Snapshot) {
  const { status: _s, recordedSteps: _r, recentEvents, line: _l, lastEvent, ...rest } = snapshot;
  const unlined = ({ line: _line, step, ...event }: { line: number; step: number }) => ({
    ...event,
    step,
  });
  return {
    ...rest,
    lastEvent: lastEvent && unlined(lastEvent),
    recentEvents: recentEvents.map(unlined),
  };
}

it("a trace is a StepSource", () => {
  const source: StepSource<number> = read("acquire a 1\nrelease a\n");
  expect(source.capacity).toBeUndefined();
});

describe("every oracle trace ends each step in the oracle's state", () => {
  it.each(oracleTraces().map((trace) => [trace.name, trace] as const))("%s", (name, oracle) => {
    const trace = read(writeTrace(oracle, "pool-trace"), name);
    expect(trace.format).toBe("pool-trace");
    expect(trace.events).toBe(oracle.ops.length);
    const run = new Session(trace, { capacity: 4, memoryBudgetBytes: BUDGET });
    expect(run.capacityPerClass).toBe(oracle.capacity);
    const got = oracle.states.map((want, k) => {
      run.advance(1);
      const { allocations, recycles, misses, free, lastEvent } = run.snapshot("paused");
      const capacity = want.capacity === null ? null : lastEvent?.capacity;
      return { k, op: oracle.ops[k]!.text, allocations, recycles, misses, free, capacity };
    });
    expect(got).toEqual(
      oracle.states.map((want, k) => {
        const { allocations, recycles, misses, free, capacity } = want;
        return { k, op: oracle.ops[k]!.text, allocations, recycles, misses, free, capacity };
      }),
    );
    expect(run.advance(1)).toBe(0);
    expect(run.finished).toBe(true);
  });
});

describe("every format of every oracle trace gives the oracle's steps and final state", () => {
  const cases = oracleTraces().flatMap((trace) =>
    FORMATS.filter((format) => format !== "pool-trace").map(
      (format) => [trace.name, format, trace] as const,
    ),
  );
  it.each(cases)("%s as %s", (name, format, oracle) => {
    const trace = read(writeTrace(oracle, format), name);
    expect(trace.format).toBe(format);
    const reference = read(writeTrace(oracle, "pool-trace"), name);
    const withoutLine = ({ line: _line, ...event }: { line: number }) => event;
    expect(trace.events).toBe(reference.events);
    const events = (of: Trace) =>
      Array.from({ length: of.events }, (_, k) => withoutLine(of.event(k)));
    expect(events(trace)).toEqual(events(reference));
    expect(trace.capacity).toBeUndefined();
    const run = new Session(trace, { capacity: oracle.capacity, memoryBudgetBytes: BUDGET });
    expect(run.advance(Number.MAX_SAFE_INTEGER)).toBe(oracle.ops.length);
    const got = run.snapshot("done");
    const want = oracle.states.at(-1)!;
    expect([got.allocations, got.recycles, got.misses, got.free]).toEqual([
      want.allocations,
      want.recycles,
      want.misses,
      want.free,
    ]);
  });
});

/** A valid trace: acquires, releases and resizes of IDs that are held when used. */
const traceArb = fc
  .record({
    capacity: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    ops: fc.array(
      fc.record({
        kind: fc.constantFrom("acquire", "acquire", "release", "resize"),
        pick: fc.nat(),
        size: fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constantFrom(4096, 8192, 2 ** 21)),
        id: fc.constantFrom("a", "b", "c7", "x_1", "y"),
      }),
      { maxLength: 200 },
    ),
  })
  .map(({ capacity, ops }) => {
    const held: string[] = ["first"];
    const lines = capacity === undefined ? [] : [`capacity ${capacity}`];
    lines.push("acquire first 100");
    for (const op of ops) {
      if (op.kind === "acquire" && !held.includes(op.id)) {
        held.push(op.id);
        lines.push(`acquire ${op.id} ${op.size}`);
      } else if (held.length > 0 && op.kind !== "acquire") {
        const id = held[op.pick % held.length]!;
        if (op.kind === "release") held.splice(held.indexOf(id), 1);
        lines.push(op.kind === "release" ? `release ${id}` : `resize ${id} ${op.size}`);
      }
    }
    return lines.join("\n");
  });

describe("a trace runs like the same operations written as a script", () => {
  it("at every step, and after seeking back to any step", () => {
    fc.assert(
      fc.property(traceArb, fc.array(fc.nat(), { maxLength: 6 }), (text, seeks) => {
        const trace = read(text);
        const script = compile(toScript(trace));
        const options = { capacity: 2, memoryBudgetBytes: BUDGET };
        const fromTrace = new Session(trace, options);
        const fromScript = new Session(script, options);
        const states: ReturnType<typeof poolState>[] = [];
        for (let step = 0; step <= trace.events; step++) {
          if (step > 0) {
            expect(fromTrace.advance(1)).toBe(1);
            expect(fromScript.advance(1)).toBe(1);
          }
          const got = poolState(fromTrace.snapshot("paused"));
          expect(got).toEqual(poolState(fromScript.snapshot("paused")));
          states.push(got);
        }
        expect(fromTrace.classMetrics()).toEqual(fromScript.classMetrics());
        for (const seek of seeks) {
          const target = seek % (trace.events + 1);
          fromTrace.seek(target);
          expect(poolState(fromTrace.snapshot("paused"))).toEqual(states[target]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("snapshots show the trace's own line numbers", () => {
    const trace = read("# a comment\n\ncapacity 1\nacquire a 10\n\nrelease a\n");
    const run = new Session(trace, { capacity: 4, memoryBudgetBytes: BUDGET });
    run.advance(1);
    expect(run.snapshot("paused").line).toBe(4);
    run.advance(1);
    expect(run.snapshot("paused").line).toBe(6);
  });
});

it("a trace's buffer named like a click (@1) is released by its name; a click's @1 goes first", () => {
  const session = new Session(read("acquire @1 4096\nacquire b 8192\n"), {
    capacity: 4,
    memoryBudgetBytes: BUDGET,
  });
  session.advance(Number.POSITIVE_INFINITY);
  session.acquireClass(2);
  expect(session.snapshot("done").heldBuffers.map((buffer) => buffer.name)).toEqual([
    "@1",
    "b",
    "@1",
  ]);
  session.releaseBuffer("@1");
  expect(session.snapshot("done").free.slice(0, 3)).toEqual([0, 0, 1]);
  session.releaseBuffer("@1");
  const snapshot = session.snapshot("done");
  expect(snapshot.heldBuffers.map((buffer) => buffer.name)).toEqual(["b"]);
  expect(snapshot.free.slice(0, 3)).toEqual([1, 0, 1]);
  expect(snapshot.step).toBe(5);
});
