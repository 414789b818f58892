import { describe, expect, it } from "vitest";
import type { Command } from "./types.ts";
import { FRAME_MS, SERIES_EVERY_MS } from "./playback.ts";
import { harness } from "../testing/playbackHarness.ts";

const load = (source: string): Command => ({
  type: "load",
  source,
  capacity: 4,
  memoryBudgetBytes: 1 << 29,
});

describe("runner", () => {
  it("reports a syntax error on load with its line and column", () => {
    const h = harness();
    h.send(load("a = acquire 4KB\naquire 1"));
    const message = h.last();
    expect(message.type).toBe("error");
    if (message.type !== "error") return;
    expect(message.error).toMatchObject({ kind: "syntax", line: 2, column: 1 });
    expect(message.snapshot.status).toBe("error");
  });

  it("runs one step a second at speed 1", () => {
    const h = harness();
    h.send(load("repeat 10 { a = acquire 4KB; release a }"));
    h.send({ type: "run", speed: 1 });
    h.elapse(3500);
    const last = h.last();
    expect(last.type === "snapshot" && last.snapshot.step).toBe(4);
    h.send({ type: "pause" });
    h.elapse(5000);
    expect(h.last().type === "snapshot" && h.last()).toMatchObject({
      snapshot: { status: "paused", step: 4 },
    });
  });

  it("at full speed posts at most one snapshot per frame and pauses at once", () => {
    const h = harness(1);
    h.send(load("repeat 1000000000 { a = acquire 4KB; release a }"));
    h.clearPosted();
    h.send({ type: "run", speed: "max" });
    h.elapse(1000);
    const running = h.snapshots();
    expect(running.length).toBeGreaterThan(10);
    expect(running.length).toBeLessThanOrEqual(1000 / FRAME_MS + 2);
    h.send({ type: "pause" });
    const paused = h.last();
    expect(paused).toMatchObject({ type: "snapshot", snapshot: { status: "paused" } });
    const step = paused.type === "snapshot" ? paused.snapshot.step : -1;
    h.elapse(1000);
    expect(h.last()).toMatchObject({ snapshot: { step } });
  });

  it("at full speed sends the chart series at most every SERIES_EVERY_MS, and all of it when done", () => {
    const h = harness(1);
    h.send(load("repeat 3000000 { a = acquire 4KB; release a }"));
    h.clearPosted();
    h.send({ type: "run", speed: "max" });
    h.elapse(60_000);
    const seriesAt = h.posted.flatMap((m, i) => (m.type === "snapshot" && m.series ? [i] : []));
    const done = h.last();
    expect(done).toMatchObject({ type: "snapshot", snapshot: { status: "done", step: 6_000_000 } });
    // Every series while running came SERIES_EVERY_MS after the one before (the last one is the settled state's).
    const times = seriesAt.slice(0, -1).map((i) => h.postedAt[i]!);
    expect(times.length).toBeGreaterThan(5);
    for (let k = 1; k < times.length; k++) {
      expect(times[k]! - times[k - 1]!).toBeGreaterThanOrEqual(SERIES_EVERY_MS);
    }
    // The series samples every stride-th step, and a stride is at most 1/256 of the steps.
    const lastSeries = h.posted[seriesAt.at(-1)!]!;
    expect(lastSeries.type === "snapshot" && lastSeries.series?.at(-1)?.step).toBeGreaterThan(
      6_000_000 * (1 - 1 / 256),
    );
    // Six million real steps: seconds on a busy two-core machine, and not a measure of speed.
  }, 60_000);

  it("stops at untilStep, then runs to the end as done", () => {
    const h = harness();
    h.send(load("repeat 50 { a = acquire 4KB; release a }"));
    h.send({ type: "run", speed: "max", untilStep: 37 });
    h.elapse(100);
    expect(h.last()).toMatchObject({ snapshot: { status: "paused", step: 37 } });
    h.send({ type: "run", speed: "max" });
    h.elapse(100);
    expect(h.last()).toMatchObject({ snapshot: { status: "done", step: 100 } });
  });

  it("steps, steps back and resets", () => {
    const h = harness();
    h.send(load("a = acquire 4KB\nrelease a\nb = acquire 4KB"));
    h.send({ type: "step" });
    h.send({ type: "step" });
    expect(h.last()).toMatchObject({ snapshot: { status: "paused", step: 2, line: 2 } });
    h.send({ type: "seek", step: 1 });
    expect(h.last()).toMatchObject({ snapshot: { step: 1, held: [1, 0, 0, 0, 0, 0, 0, 0, 0] } });
    h.send({ type: "reset" });
    expect(h.posted.filter((m) => m.type === "loaded").length).toBe(2);
    expect(h.last()).toMatchObject({ snapshot: { status: "idle", step: 0 } });
  });

  it("stops at a runtime error with the state before it", () => {
    const h = harness();
    h.send(load("a = acquire 4KB\nrelease a\nrelease a"));
    h.send({ type: "run", speed: "max" });
    h.elapse(100);
    expect(h.last()).toMatchObject({
      type: "error",
      error: { kind: "runtime", line: 3 },
      snapshot: { status: "error", step: 2 },
    });
  });

  it("sweeps capacities in slices, reporting progress, and a new load cancels it", () => {
    const h = harness(1);
    h.send(load("repeat 20000 { acquire 4KB; acquire 4KB; release all }"));
    h.send({ type: "sweep", capacities: [0, 1, 2, 3], maxSteps: 1_000_000 });
    h.elapse(10_000);
    const sweeps = h.posted.flatMap((m) => (m.type === "sweep" ? [m.progress] : []));
    expect(sweeps.length).toBeGreaterThan(2);
    expect(sweeps.at(-1)).toMatchObject({ running: false, done: 4, total: 4 });
    expect(sweeps.at(-1)?.points.map((p) => p.misses)).toEqual([40_000, 20_001, 2, 2]);

    h.send({ type: "sweep", capacities: [0, 1, 2, 3], maxSteps: 1_000_000 });
    h.send(load("a = acquire 1"));
    h.elapse(10_000);
    const last = h.posted.filter((m) => m.type === "sweep").at(-1);
    expect(last).toMatchObject({ type: "sweep", progress: { running: false, done: 0 } });
  });
});
