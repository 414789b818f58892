import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, type Program } from "../script/index.ts";
import { poolScriptArb } from "../testing/poolScripts.ts";
import { Comparison } from "./compare.ts";
import { Session } from "./session.ts";
import type { Command, Snapshot } from "./types.ts";
import { harness } from "../testing/playbackHarness.ts";

const BIG_BUDGET = 1 << 30;

/** The parts of a snapshot that describe the pool and the step, not the playback. */
function poolState(snapshot: Snapshot) {
  const { status: _status, recordedSteps: _recorded, compare: _compare, ...rest } = snapshot;
  return rest;
}

type Action =
  | { readonly kind: "advance"; readonly steps: number }
  | { readonly kind: "seek"; readonly at: number }
  | { readonly kind: "stepBack" }
  | { readonly kind: "acquireClass"; readonly sizeClass: number }
  | { readonly kind: "releaseHeld"; readonly pick: number };

type Click = Extract<Action, { kind: "acquireClass" | "releaseHeld" }>;

/** A script, capacities A and B (0…4), and what is done to A. */
function comparedRunArb<A extends Action>(actions: fc.Arbitrary<A>) {
  const capacity = fc.integer({ min: 0, max: 4 });
  return fc.tuple(
    poolScriptArb,
    capacity,
    capacity,
    fc.array(actions, { minLength: 1, maxLength: 10 }),
  );
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .oneof(fc.integer({ min: 1, max: 60 }), fc.constant(Number.POSITIVE_INFINITY))
      .map((steps): Action => ({ kind: "advance", steps })),
  },
  {
    weight: 2,
    arbitrary: fc
      .double({ min: 0, max: 1, noNaN: true })
      .map((at): Action => ({ kind: "seek", at })),
  },
  fc.constant<Action>({ kind: "stepBack" }),
  fc.integer({ min: 0, max: 8 }).map((sizeClass): Action => ({ kind: "acquireClass", sizeClass })),
  fc.nat().map((pick): Action => ({ kind: "releaseHeld", pick })),
);

/** Moves `run` as the page's controls do: on by some steps, to a share of the recorded run, or one step back. */
function move(run: Session, action: Exclude<Action, Click>): void {
  if (action.kind === "advance") run.advance(action.steps);
  else if (action.kind === "seek") run.seek(Math.round(action.at * run.recordedSteps));
  else run.seek(Math.max(0, run.step - 1));
}

/** Makes a click on `run`; a release picks among the buffers `run` holds, oldest first. */
function clickOn(run: Session, click: Click): void {
  if (click.kind === "acquireClass") {
    run.acquireClass(click.sizeClass);
    return;
  }
  const heldNames = run.snapshot("paused").heldBuffers.map((held) => held.name);
  if (heldNames.length > 0) run.releaseBuffer(heldNames[click.pick % heldNames.length]!);
}

/**
 * The oracle: a plain run at `capacity` from its start, the clicks made at
 * their steps, brought to `step` by running forward only.
 */
function plainRunAt(
  program: Program,
  capacity: number,
  budget: number,
  clicks: readonly { step: number; click: Click }[],
  step: number,
): Session {
  const run = new Session(program, {
    capacity: 4,
    capacityOverride: capacity,
    memoryBudgetBytes: budget,
  });
  for (const { step: at, click } of clicks) {
    if (at > step) break;
    run.advance(at - 1 - run.step);
    clickOn(run, click);
  }
  run.advance(step - run.step);
  return run;
}

/**
 * The first step of a plain run at `capacity` (with the clicks, up to
 * `last`) whose release drops its buffer, its list full, and that buffer.
 * One run, a step at a time, each click made as {@link plainRunAt} makes it.
 */
function firstDropped(
  program: Program,
  capacity: number,
  clicks: readonly { step: number; click: Click }[],
  last = Number.POSITIVE_INFINITY,
): { step: number; name: string } | null {
  const run = plainRunAt(program, capacity, BIG_BUDGET, clicks, 0);
  let clickAt = 0;
  while (run.step < last) {
    const next = clicks[clickAt];
    const clickDue = next !== undefined && next.step <= last;
    let moved = false;
    if (!clickDue || run.step < next.step - 1) moved = run.advance(1) > 0;
    if (!moved) {
      if (!clickDue) break;
      // At its step, or where the run ended before it.
      clickOn(run, next.click);
      clickAt++;
    }
    if (run.droppedFull > 0) {
      const event = run.snapshot("paused").lastEvent!;
      expect(event).toMatchObject({ step: run.step, op: "release", outcome: "dropped-full" });
      return { step: run.step, name: event.name };
    }
  }
  return null;
}

describe("Compare's B", () => {
  it("equals a plain run at capacity B at every step, through seeks, steps back and clicks", () => {
    fc.assert(
      fc.property(comparedRunArb(actionArb), ([source, capacityA, capacityB, actions]) => {
        // Within the budget, as here, A's and B's runs stop at the same steps (see below for one over it).
        const budget = BIG_BUDGET;
        const program = compile(source);
        const a = new Session(program, { capacity: capacityA, memoryBudgetBytes: budget });
        const pair = new Comparison(a, capacityB);
        // The plain run at B, given the same commands as A.
        const plain = new Session(program, {
          capacity: capacityA,
          capacityOverride: capacityB,
          memoryBudgetBytes: budget,
        });
        const check = () => {
          expect(poolState(pair.b.snapshot("paused"))).toEqual(poolState(plain.snapshot("paused")));
          expect(pair.snapshot()).toMatchObject({
            capacityPerClass: capacityB,
            step: plain.step,
            misses: plain.snapshot("paused").misses,
            error: plain.error,
          });
        };
        for (const action of actions) {
          switch (action.kind) {
            case "advance":
              a.advance(action.steps);
              plain.advance(action.steps);
              pair.follow();
              break;
            case "seek": {
              const step = Math.round(action.at * a.recordedSteps);
              a.seek(step);
              plain.seek(step);
              pair.follow();
              break;
            }
            case "stepBack": {
              const step = Math.max(0, a.step - 1);
              a.seek(step);
              plain.seek(step);
              pair.follow();
              break;
            }
            default: {
              pair.click((run) => clickOn(run, action));
              clickOn(plain, action);
            }
          }
          expect(pair.b.step).toBe(a.step);
          check();
        }
        // And at every step recorded, reached by the scrubber.
        for (let step = 0; step <= a.recordedSteps; step++) {
          a.seek(step);
          plain.seek(step);
          pair.follow();
          check();
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it("knows where A and B part: the first release the smaller capacity drops", () => {
    fc.assert(
      fc.property(
        poolScriptArb,
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(actionArb, { minLength: 1, maxLength: 8 }),
        (source, capacityA, capacityB, actions) => {
          const program = compile(source);
          const a = new Session(program, { capacity: capacityA, memoryBudgetBytes: BIG_BUDGET });
          const pair = new Comparison(a, capacityB);
          const clicks: { step: number; click: Click }[] = [];
          let furthest = 0;
          for (const action of actions) {
            if (action.kind === "advance" || action.kind === "seek" || action.kind === "stepBack") {
              move(a, action);
            } else {
              const before = a.recordedSteps;
              const step = a.step + 1;
              pair.click((run) => clickOn(run, action));
              if (a.recordedSteps !== before || a.step === step) {
                const kept = clicks.filter((made) => made.step < step);
                clicks.length = 0;
                clicks.push(...kept, { step, click: action });
                furthest = Math.min(furthest, step - 1);
              }
            }
            pair.follow();
            furthest = Math.max(furthest, a.step);
          }
          const { divergence } = pair.snapshot();
          if (capacityA === capacityB) {
            expect(divergence).toBeNull();
            return;
          }
          const smaller = Math.min(capacityA, capacityB);
          const expected = firstDropped(program, smaller, clicks, furthest);
          if (expected === null) {
            if (divergence !== null) expect(divergence.step).toBeGreaterThan(furthest);
            return;
          }
          // A fresh run numbers its clicks' buffers afresh (@1, @2, …): the page's go on counting.
          const clicked = /^@\d+$/;
          expect(divergence).toMatchObject({
            step: expected.step,
            name: clicked.test(expected.name) ? expect.stringMatching(clicked) : expected.name,
            dropped: capacityA < capacityB ? "A" : "B",
            capacityPerClass: smaller,
          });
          // Finding it leaves A where it was.
          const counters = ({ step, allocations, recycles, misses, free, held }: Snapshot) => ({
            ...{ step, allocations, recycles, misses, free, held },
          });
          expect(counters(a.snapshot("paused"))).toEqual(
            counters(plainRunAt(program, capacityA, BIG_BUDGET, clicks, a.step).snapshot("paused")),
          );
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it("catches up a slice at a time to the same B, wherever A goes meanwhile", () => {
    const moves = actionArb.filter(
      (action): action is Exclude<Action, Click> =>
        action.kind !== "acquireClass" && action.kind !== "releaseHeld",
    );
    fc.assert(
      fc.property(
        comparedRunArb(moves),
        fc.integer({ min: 1, max: 7 }),
        ([source, capacityA, capacityB, actions], slice) => {
          const program = compile(source);
          const options = { capacity: capacityA, memoryBudgetBytes: BIG_BUDGET };
          const a = new Session(program, options);
          // B follows at most `slice` new steps per look, and is left behind as A moves on.
          const sliced = new Comparison(a, capacityB, 0);
          const twinA = new Session(program, options);
          const twin = new Comparison(twinA, capacityB);
          for (const action of actions) {
            for (const run of [a, twinA]) move(run, action);
            const caughtUp = sliced.follow(slice);
            const beside = sliced.b.step === a.step || sliced.b.error !== null;
            expect(caughtUp).toBe(beside && sliced.snapshot().searching === null);
            twin.follow();
          }
          while (!sliced.follow(slice));
          expect(poolState(sliced.b.snapshot("paused"))).toEqual(
            poolState(twin.b.snapshot("paused")),
          );
          const found = sliced.snapshot().divergence;
          const twinFound = twin.snapshot().divergence;
          // The twin looked at every step A reached; the sliced B may have skipped some.
          if (twinFound === null) expect(found).toBeNull();
          else if (found !== null) expect(found).toEqual(twinFound);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it("finds a parting far past the first checkpoints without replaying the run before them", () => {
    const program = compile(
      "repeat 300000 { a = acquire 4KB; release a }\nb = acquire 16KB\nc = acquire 16KB\nrelease b\nrelease c",
    );
    for (const [capacityA, capacityB, dropped] of [
      [1, 2, "A"],
      [2, 1, "B"],
    ] as const) {
      const a = new Session(program, { capacity: capacityA, memoryBudgetBytes: BIG_BUDGET });
      a.advance(Number.POSITIVE_INFINITY);
      const checkpoints = a.checkpointsBetween(0, a.step).map(({ step }) => step);
      expect(checkpoints.length).toBeGreaterThan(1);
      // Neither run moves: a fork of the one that drops replays the stretch
      // after its last checkpoint before the drop, and B starts there too.
      const seeks: number[] = [];
      const seek = a.seek.bind(a);
      a.seek = (target, maxSteps) => {
        seeks.push(target);
        return seek(target, maxSteps);
      };
      let replayed = 0;
      const advance = Session.prototype.advance;
      Session.prototype.advance = function (this: Session, ...args) {
        const ran = advance.apply(this, args);
        replayed += ran;
        return ran;
      };
      let pair: Comparison;
      try {
        pair = new Comparison(a, capacityB);
      } finally {
        Session.prototype.advance = advance;
      }
      expect(pair.snapshot().divergence).toEqual({
        step: 600_004,
        dropped,
        name: "c",
        sizeClass: 2,
        capacityPerClass: 1,
      });
      expect(a.step).toBe(600_004);
      expect(a.finished).toBe(true);
      expect(seeks).toEqual([]);
      expect(replayed).toBeLessThan(3 * (a.step - checkpoints.at(-1)!));
    }
  });

  it("made late in a long run, starts where the runs are still one and equals a plain run at every step", () => {
    const COUNTS = [
      "capacityPerClass",
      "step",
      "allocations",
      "recycles",
      "misses",
      "recycleRate",
      "free",
      "held",
      "retainedBytes",
    ] as const;
    const counts = (snapshot: Pick<Snapshot, (typeof COUNTS)[number]>) =>
      Object.fromEntries(COUNTS.map((key) => [key, snapshot[key]]));
    const closedLoop =
      "repeat 300000 { a = acquire 4KB; release a }\nb = acquire 16KB\nc = acquire 16KB\nrelease b\nrelease c";
    // A list of three at the start: a run at capacity 2 drops the third.
    const overgrown = "repeat 3 { acquire 4KB }\nrelease all\n" + closedLoop;
    const cases = [
      // [script, capacity A, capacity B, whether B starts after step 0]
      [closedLoop, 1, 2, true],
      [closedLoop, 2, 1, true],
      [overgrown, 4, 2, false],
      [overgrown, 2, 4, false],
      [overgrown, 4, 3, true],
    ] as const;
    const click: Click = { kind: "acquireClass", sizeClass: 0 };
    for (const [script, capacityA, capacityB, startsLate] of cases) {
      const program = compile(script);
      const a = new Session(program, { capacity: capacityA, memoryBudgetBytes: BIG_BUDGET });
      a.advance(1000);
      clickOn(a, click);
      a.advance(Number.POSITIVE_INFINITY);
      const clicks = [{ step: 1001, click }];
      const lastCheckpoint = a.checkpointsBetween(0, a.step).at(-1)!.step;
      expect(a.atCapacity(capacityB).step).toBe(startsLate ? lastCheckpoint : 0);

      const pair = new Comparison(a, capacityB);
      const plainB = plainRunAt(program, capacityB, BIG_BUDGET, clicks, a.step);
      expect(counts(pair.snapshot())).toEqual(counts(plainB.snapshot("paused")));
      const smaller = Math.min(capacityA, capacityB);
      const drop = firstDropped(program, smaller, clicks);
      expect(pair.snapshot().divergence?.step ?? null).toBe(drop?.step ?? null);
      for (const step of [0, 5, 1001, lastCheckpoint - 1, lastCheckpoint + 7, 600_003]) {
        a.seek(step);
        pair.follow();
        const plain = plainRunAt(program, capacityB, BIG_BUDGET, clicks, step);
        expect(counts(pair.snapshot())).toEqual(counts(plain.snapshot("paused")));
      }
    }
  });

  it("looks for the parting a slice at a time, saying how far it has got, and moves neither run", () => {
    const program = compile(
      "repeat 300000 { a = acquire 4KB; release a }\nb = acquire 16KB\nc = acquire 16KB\nrelease b\nrelease c",
    );
    const a = new Session(program, { capacity: 1, memoryBudgetBytes: BIG_BUDGET });
    a.advance(Number.POSITIVE_INFINITY);
    const end = a.step;
    const pair = new Comparison(a, 2, 0);
    const seen: number[] = [];
    while (!pair.follow(10_000)) {
      const { searching, divergence } = pair.snapshot();
      expect(divergence).toBeNull();
      if (searching !== null) {
        expect(searching.of).toBe(end);
        seen.push(searching.step);
      }
      expect(a.step).toBe(end);
    }
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(pair.snapshot()).toMatchObject({
      searching: null,
      divergence: { step: 600_004, dropped: "A", name: "c" },
    });
  });

  it("keeps B at A's step when only A goes over the memory budget, and stops B where only B does", () => {
    // Capacity 1 keeps the 1 MiB buffer; capacity 0 drops it and stays under 3 MiB.
    const program = compile("a = acquire 1MB\nrelease a\nb = acquire 2MB\nc = acquire 4KB");
    const budget = 3 * 1024 * 1024;
    const a = new Session(program, { capacity: 1, memoryBudgetBytes: budget });
    const pair = new Comparison(a, 0);
    a.advance(Number.POSITIVE_INFINITY);
    pair.follow();
    expect(a.error?.kind).toBe("limit");
    expect(pair.snapshot()).toMatchObject({ step: 3, error: null, misses: 2 });

    const a2 = new Session(program, { capacity: 0, memoryBudgetBytes: budget });
    const pair2 = new Comparison(a2, 1);
    a2.advance(Number.POSITIVE_INFINITY);
    pair2.follow();
    expect(a2.finished).toBe(true);
    expect(a2.step).toBe(4);
    expect(pair2.snapshot()).toMatchObject({ step: 3, error: { kind: "limit", line: 4 } });
  });

  it("clears B's error with A's when A seeks to the step where both stopped", () => {
    // Found by the property test above (seed -38926434): B kept the error A's seek cleared.
    const program = compile("acquire 4KB\nrelease all\nacquire 4KB");
    const a = new Session(program, { capacity: 0, memoryBudgetBytes: BIG_BUDGET });
    const pair = new Comparison(a, 0);
    a.advance(1);
    pair.click((run) => run.releaseBuffer(run.snapshot("paused").heldBuffers[0]!.name));
    a.advance(1);
    pair.follow();
    expect(a.error).not.toBeNull();
    expect(pair.snapshot().error).toEqual(a.error);
    a.seek(a.step);
    pair.follow();
    expect(a.error).toBeNull();
    expect(pair.snapshot()).toMatchObject({ step: a.step, error: null });
  });

  it("says which release parts them, even far into a run", () => {
    const program = compile(
      "repeat 5000 { a = acquire 4KB; release a }\nb = acquire 16KB\nc = acquire 16KB\nrelease b\nrelease c",
    );
    const a = new Session(program, { capacity: 1, memoryBudgetBytes: BIG_BUDGET });
    const pair = new Comparison(a, 2);
    a.advance(Number.POSITIVE_INFINITY);
    pair.follow();
    expect(pair.snapshot().divergence).toEqual({
      step: 10_004,
      dropped: "A",
      name: "c",
      sizeClass: 2,
      capacityPerClass: 1,
    });
    expect(a.step).toBe(10_004);
    expect(a.finished).toBe(true);
  });

  it("keeps A's error when it looks back for the parting", () => {
    const program = compile("a = acquire 4KB\nb = acquire 4KB\nrelease a\nrelease b\nrelease a");
    const a = new Session(program, { capacity: 1, memoryBudgetBytes: BIG_BUDGET });
    const pair = new Comparison(a, 4);
    a.advance(Number.POSITIVE_INFINITY);
    expect(a.error?.line).toBe(5);
    pair.follow();
    expect(pair.snapshot().divergence).toMatchObject({ step: 4, dropped: "A", name: "b" });
    expect(a.error?.line).toBe(5);
    expect(a.step).toBe(4);
  });
});

describe("Compare in playback", () => {
  const load: Command = {
    type: "load",
    source: "capacity 1\nrepeat 3 { a = acquire 4KB; b = acquire 4KB; release a; release b }",
    capacity: 4,
    memoryBudgetBytes: BIG_BUDGET,
  };

  it("carries B in the same snapshot as A, across a reload, until turned off", () => {
    const h = harness();
    h.send(load);
    h.send({ type: "compare", capacity: 2 });
    expect(h.last()).toMatchObject({
      type: "snapshot",
      snapshot: { step: 0, compare: { capacityPerClass: 2, step: 0, misses: 0 } },
    });
    h.send({ type: "run", speed: "max" });
    h.elapse(100);
    expect(h.last()).toMatchObject({
      snapshot: {
        status: "done",
        step: 12,
        misses: 4,
        compare: { step: 12, misses: 2, divergence: { step: 4, dropped: "A", name: "b" } },
      },
    });
    h.send({ type: "seek", step: 3 });
    expect(h.last()).toMatchObject({ snapshot: { step: 3, compare: { step: 3, misses: 2 } } });
    h.send({ type: "acquireClass", sizeClass: 0 });
    expect(h.last()).toMatchObject({
      snapshot: {
        step: 4,
        recycles: 1,
        held: [2, 0, 0, 0, 0, 0, 0, 0, 0],
        compare: { step: 4, recycles: 1, held: [2, 0, 0, 0, 0, 0, 0, 0, 0], divergence: null },
      },
    });
    h.send({ type: "reset" });
    expect(h.posted.filter((report) => report.type === "loaded").at(-1)).toMatchObject({
      snapshot: { step: 0, compare: { step: 0, misses: 0 } },
    });
    h.send({ type: "compare", capacity: null });
    const last = h.last();
    expect(last.type === "snapshot" && last.snapshot.compare).toBeUndefined();
  });

  it("turned on late, catches B up a slice at a time: A waits for it, and commands are answered meanwhile", () => {
    const rounds = 100_000;
    const source = `capacity 1\nrepeat ${rounds} { a = acquire 4KB; b = acquire 4KB; release a; release b }`;
    const long: Command = { ...load, source };
    const end = 4 * rounds;
    // Each look at the clock costs 2 ms: a slice of work is a few looks.
    const h = harness(2);
    h.send(long);
    h.send({ type: "run", speed: "max" });
    h.elapse(400);
    h.clearPosted();
    h.send({ type: "compare", capacity: 2 });
    const turnedOn = h.last();
    if (turnedOn.type !== "snapshot") throw new Error(`expected a snapshot, got ${turnedOn.type}`);
    const at = turnedOn.snapshot.step;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(end);
    h.elapse(30);
    // While B is behind, A stays where it was: they never show different steps but while A waits.
    const seen = h.snapshots().map(({ snapshot }) => [snapshot.step, snapshot.compare!.step]);
    expect(seen.filter(([, b]) => b! < at).length).toBeGreaterThan(1);
    for (const [a, b] of seen) if (a !== b) expect(a).toBe(at);
    // Pause is answered at once, and B goes on catching up.
    h.send({ type: "pause" });
    const paused = h.last();
    expect(paused).toMatchObject({ snapshot: { status: "paused" } });
    const pausedAt = paused.type === "snapshot" ? paused.snapshot.step : -1;
    // So is a click: A acquires now, and B makes the same click when it gets there.
    h.send({ type: "acquireClass", sizeClass: 1 });
    const clicked = h.last();
    expect(clicked).toMatchObject({
      snapshot: { step: pausedAt + 1, held: [0, 1, 0, 0, 0, 0, 0, 0, 0] },
    });
    expect(clicked.type === "snapshot" && clicked.snapshot.compare!.step).toBeLessThan(pausedAt);
    h.elapse(100_000);
    const plainB = new Session(compile(source), {
      capacity: 4,
      capacityOverride: 2,
      memoryBudgetBytes: BIG_BUDGET,
    });
    plainB.advance(pausedAt);
    plainB.acquireClass(1);
    const { misses, recycles, free, held } = plainB.snapshot("paused");
    expect(h.last()).toMatchObject({
      snapshot: {
        status: "paused",
        step: pausedAt + 1,
        compare: { step: pausedAt + 1, misses, recycles, free, held },
      },
    });
    expect(h.last()).toMatchObject({
      snapshot: { compare: { divergence: { step: 4, dropped: "A", name: "b" } } },
    });
    // Turned on again while paused at the end: the same B; and off, before it caught up.
    h.send({ type: "run", speed: "max" });
    h.elapse(100_000);
    expect(h.last()).toMatchObject({
      snapshot: { status: "done", step: end + 1, compare: { step: end + 1 } },
    });
    h.send({ type: "compare", capacity: 3 });
    const started = h.last();
    expect(started.type === "snapshot" && started.snapshot.compare!.step).toBeLessThan(end + 1);
    h.send({ type: "compare", capacity: null });
    h.clearPosted();
    h.elapse(100_000);
    expect(h.posted).toEqual([]);
  });
});
