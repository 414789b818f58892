import { describe, expect, it } from "vitest";
import { emptySnapshot, type RunStatus } from "../worker/protocol.ts";
import { onceAtRest, type Timers } from "./atRest.ts";
import { createPlaygroundStore } from "./store.ts";

/** Timers on a clock the test moves: `advance(ms)` fires what falls due, in order. */
class FakeClock implements Timers {
  now = 0;
  private next = 0;
  private readonly due = new Map<number, { at: number; callback: () => void }>();

  readonly setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, callback });
    return id;
  };

  readonly clearTimeout = (timer: unknown): void => {
    this.due.delete(timer as number);
  };

  /** Timers waiting. */
  get pending(): number {
    return this.due.size;
  }

  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const first = [...this.due].sort(([, a], [, b]) => a.at - b.at)[0];
      if (first === undefined || first[1].at > end) break;
      this.due.delete(first[0]);
      this.now = first[1].at;
      first[1].callback();
    }
    this.now = end;
  }
}

const TIMES = { restMs: 1_000, latestMs: 30_000 };

/** The run status at the given times (ms), from `idle` at 0. */
type Timeline = readonly (readonly [number, RunStatus])[];

/** When the work ran on a store whose status follows `timeline`; null if not by 60 s. */
function workTime(timeline: Timeline): number | null {
  const store = createPlaygroundStore(
    () => {},
    () => "http://example.test/",
  );
  const clock = new FakeClock();
  const ran: number[] = [];
  onceAtRest(store, () => ran.push(clock.now), TIMES, clock);
  for (const [at, status] of timeline) {
    clock.advance(at - clock.now);
    store.setState({ snapshot: emptySnapshot(8, status) });
  }
  clock.advance(60_000 - clock.now);
  expect(ran.length).toBeLessThanOrEqual(1);
  // Once done, it leaves no timer behind.
  expect(clock.pending).toBe(0);
  return ran[0] ?? null;
}

describe("onceAtRest", () => {
  it.each<[string, Timeline, number]>([
    ["an idle page: after the rest time", [], 1_000],
    [
      "a link that runs at load: after the run",
      [
        [50, "running"],
        [4_000, "done"],
      ],
      5_000,
    ],
    [
      "the status stays off running through updates",
      [
        [200, "idle"],
        [900, "paused"],
      ],
      1_000,
    ],
    [
      "a pause shorter than the rest: the wait starts again",
      [
        [10, "running"],
        [2_000, "paused"],
        [2_500, "running"],
        [8_000, "done"],
      ],
      9_000,
    ],
    ["a run that goes on: at the latest time", [[10, "running"]], 30_000],
  ])("%s", (_, timeline, expected) => {
    expect(workTime(timeline)).toBe(expected);
  });

  it("runs the work once even when the page comes to rest again", () => {
    expect(
      workTime([
        [10, "running"],
        [3_000, "done"],
        [20_000, "running"],
        [25_000, "done"],
      ]),
    ).toBe(4_000);
  });

  it("cancelled, it never runs and leaves no timer", () => {
    const store = createPlaygroundStore(
      () => {},
      () => "http://example.test/",
    );
    const clock = new FakeClock();
    let ran = false;
    const cancel = onceAtRest(store, () => (ran = true), TIMES, clock);
    clock.advance(500);
    cancel();
    clock.advance(60_000);
    store.setState({ snapshot: emptySnapshot(8, "done") });
    clock.advance(60_000);
    expect(ran).toBe(false);
    expect(clock.pending).toBe(0);
  });
});
