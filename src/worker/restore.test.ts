/**
 * After a worker crash the run comes back to the step it was at (SPEC §7):
 * the bridge drives the real engine in Node (`EngineWorker`), a worker is
 * crashed in the middle of a run, and the new one must end in the very
 * snapshot the old one showed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { engineWorkers } from "../testing/engineWorker.ts";
import { PoolClient, type WorkerUpdate } from "./client.ts";
import type { ToWorker } from "./protocol.ts";

const SCRIPT = `repeat 10 {
  a = acquire 4KB
  b = acquire 8KB
  release a
  release b
}
`;

function load(source: string): ToWorker {
  return { type: "load", source, capacity: 4, memoryBudgetBytes: 64 * 1024 * 1024 };
}

function page() {
  const { workers, createWorker } = engineWorkers();
  const crashes: string[] = [];
  const updates: WorkerUpdate[] = [];
  const client = new PoolClient({
    onUpdate: (update) => updates.push(update),
    onCrash: (reason) => crashes.push(reason),
    createWorker,
    frame: (callback) => callback(),
  });
  const worker = () => workers.at(-1)!;
  return {
    client,
    workers,
    crashes,
    /** What the bridge handed on to the page, in order. */
    updates,
    /** Sends commands one at a time, each handled to the end, as a user clicks. */
    act(...commands: ToWorker[]) {
      for (const command of commands) {
        client.send(command);
        worker().settle();
      }
    },
    /** What the page shows now. */
    shown: () => worker().lastSnapshot(),
    /** Crashes the worker and lets the new one do all it is sent. */
    crash(message = "boom") {
      worker().crash(message);
      worker().settle();
    },
  };
}

let pages: ReturnType<typeof page>[] = [];
function open() {
  const opened = page();
  pages.push(opened);
  return opened;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  pages.forEach(({ client }) => client.terminate());
  pages = [];
  vi.useRealTimers();
});

describe("after a crash the run is restored", () => {
  it.each<[string, ToWorker[], number]>([
    ["paused mid-run", [{ type: "run", speed: "max", untilStep: 7 }], 7],
    ["done at the end", [{ type: "run", speed: "max" }], 40],
    ["stepped", [{ type: "step" }, { type: "step" }, { type: "step" }], 3],
    [
      "after clicks on the page",
      [
        { type: "run", speed: "max", untilStep: 6 },
        { type: "acquireClass", sizeClass: 2 },
        { type: "step" },
        { type: "acquireClass", sizeClass: 0 },
        { type: "releaseBuffer", name: "@1" },
        { type: "step" },
      ],
      11,
    ],
    [
      "scrubbed back, with the steps ahead still recorded",
      [
        { type: "run", speed: "max", untilStep: 5 },
        { type: "acquireClass", sizeClass: 8 },
        { type: "run", speed: "max", untilStep: 30 },
        { type: "seek", step: 3 },
      ],
      3,
    ],
    [
      "clicks made after stepping back past others, which the history forgot",
      [
        { type: "run", speed: "max", untilStep: 8 },
        { type: "acquireClass", sizeClass: 0 },
        { type: "acquireClass", sizeClass: 1 },
        { type: "seek", step: 7 },
        { type: "acquireClass", sizeClass: 2 },
        { type: "acquireClass", sizeClass: 3 },
        { type: "releaseBuffer", name: "@3" },
        { type: "step" },
      ],
      11,
    ],
    [
      "a click that replaced the steps ahead",
      [
        { type: "run", speed: "max", untilStep: 12 },
        { type: "seek", step: 4 },
        { type: "acquireClass", sizeClass: 3 },
        { type: "step" },
      ],
      6,
    ],
  ])("%s", (_, commands, step) => {
    const p = open();
    p.act(load(SCRIPT), ...commands);
    const before = p.shown();
    expect(before?.step).toBe(step);

    p.crash();
    expect(p.workers).toHaveLength(2);
    expect(p.crashes).toEqual([
      `The pool worker crashed (boom) and was restarted and restored to step ${step}. Your script is safe.`,
    ]);
    expect(p.shown()).toEqual(before);

    // The restored run goes on as the old one would have.
    p.act({ type: "run", speed: "max" });
    expect(p.shown()).toMatchObject({ status: "done" });
  });

  it.each<[string, string, ToWorker[]]>([
    ["done at the end", SCRIPT, [{ type: "run", speed: "max" }]],
    ["paused mid-run", SCRIPT, [{ type: "run", speed: "max", untilStep: 23 }]],
    [
      "scrubbed back",
      SCRIPT,
      [
        { type: "run", speed: "max", untilStep: 30 },
        { type: "seek", step: 9 },
      ],
    ],
    [
      "stopped by an error",
      "a = acquire 4KB\nrelease a\nrelease a\n",
      [{ type: "run", speed: "max" }],
    ],
  ])(
    "%s: the page shows where the run was, never a step on the way back",
    (_, source, commands) => {
      const p = open();
      p.act(load(source), ...commands);
      const before = p.shown();
      const shownBefore = p.updates.length;
      p.crash();
      const during = p.updates.slice(shownBefore);
      // One update, when the run is back: the new worker's load and replay in between are not shown.
      expect(during).toHaveLength(1);
      expect(during[0]!.snapshot).toEqual(before);
    },
  );

  it("stops at the same error in the script", () => {
    const p = open();
    p.act(load("a = acquire 4KB\nrelease a\nrelease a\n"), { type: "run", speed: "max" });
    const stopped = p.workers[0]!.reports.at(-1);
    expect(stopped).toMatchObject({ type: "error", snapshot: { step: 2 } });
    p.crash();
    expect(p.workers[1]!.reports.at(-1)).toEqual(stopped);
    expect(p.crashes[0]).toMatch(/restored to step 2\./);
  });

  it("has nothing to restore before the first step, or after a syntax error", () => {
    for (const source of [SCRIPT, "aquire 4KB\n"]) {
      const p = open();
      p.act(load(source));
      const before = p.shown();
      p.crash();
      expect(p.crashes).toEqual([
        "The pool worker crashed (boom) and was restarted. Your script is safe.",
      ]);
      expect(p.shown()).toEqual(before);
    }
  });

  it("starts over after a new load or a reset", () => {
    const p = open();
    p.act(load(SCRIPT), { type: "run", speed: "max", untilStep: 9 }, { type: "reset" });
    p.crash();
    expect(p.crashes[0]).not.toMatch(/restored/);
    expect(p.shown()).toMatchObject({ status: "idle", step: 0, recordedSteps: 0 });
  });

  it("gives up when the new worker fails too while being restored", () => {
    const p = open();
    p.act(load(SCRIPT), { type: "run", speed: "max", untilStep: 9 });
    p.workers[0]!.crash("first");
    p.workers[1]!.crash("second");
    p.workers[2]!.settle();
    expect(p.crashes).toEqual([
      "The pool worker crashed (first) and was restarted and restored to step 9. Your script is safe.",
      "The pool worker crashed (second) and was restarted. It failed again while the run was being restored, so the run starts over. Your script is safe.",
    ]);
    expect(p.shown()).toMatchObject({ status: "idle", step: 0 });
    // And a later crash restores again.
    p.act({ type: "run", speed: "max", untilStep: 4 });
    p.crash("third");
    expect(p.crashes[2]).toMatch(/restored to step 4\./);
    expect(p.shown()).toMatchObject({ status: "paused", step: 4 });
  });

  it("holds what the page sends meanwhile till the run is back, then sends it", () => {
    const p = open();
    p.act(
      load(SCRIPT),
      { type: "run", speed: "max", untilStep: 6 },
      { type: "acquireClass", sizeClass: 2 },
      { type: "step" },
    );
    expect(p.shown()).toMatchObject({ status: "paused", step: 8 });
    p.workers[0]!.crash("boom");
    // The page still shows step 8, and its user runs on from there at Max.
    p.client.send({ type: "speed", speed: "max" });
    p.client.send({ type: "run", speed: "max" });
    p.workers[1]!.settle();
    // The 40 steps of the script and the click.
    expect(p.shown()).toMatchObject({ status: "done", step: 41 });
  });

  it("drops what the page sent meanwhile when the restore fails too", () => {
    const p = open();
    p.act(load(SCRIPT), { type: "run", speed: "max", untilStep: 9 });
    p.workers[0]!.crash("first");
    p.client.send({ type: "run", speed: "max" });
    p.workers[1]!.crash("second");
    p.workers[2]!.settle();
    expect(p.shown()).toMatchObject({ status: "idle", step: 0 });
  });

  it("leaves off restoring when the page starts a new run meanwhile", () => {
    const p = open();
    p.act(load(SCRIPT), { type: "run", speed: "max", untilStep: 30 });
    p.workers[0]!.crash("boom");
    p.client.send({ type: "reset" });
    p.workers[1]!.settle();
    expect(p.shown()).toMatchObject({ status: "idle", step: 0 });
  });
});
