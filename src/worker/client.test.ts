import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeWorkers } from "../testing/fakeWorker.ts";
import { PoolClient, type WorkerUpdate } from "./client.ts";
import { emptySnapshot, type ToWorker } from "./protocol.ts";

const LOAD: ToWorker = {
  type: "load",
  source: "a = acquire 1",
  capacity: 4,
  memoryBudgetBytes: 64,
};

function clientWithFakes() {
  const { workers, createWorker } = fakeWorkers();
  const updates: WorkerUpdate[] = [];
  const crashes: string[] = [];
  const frames: (() => void)[] = [];
  const client = new PoolClient({
    onUpdate: (update) => updates.push(update),
    onCrash: (reason) => crashes.push(reason),
    createWorker,
    frame: (callback) => frames.push(callback),
  });
  const nextFrame = () => frames.splice(0).forEach((callback) => callback());
  return { client, workers, updates, crashes, nextFrame };
}

describe("PoolClient", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("posts each command as it is", () => {
    const { client, workers } = clientWithFakes();
    const commands: ToWorker[] = [
      LOAD,
      { type: "run", speed: "max", untilStep: 7 },
      { type: "seek", step: 3 },
    ];
    for (const command of commands) client.send(command);
    expect(workers[0]!.posted).toEqual(commands);
    client.terminate();
  });

  it("after a crash starts a new worker, sends it the last load, and says so", () => {
    const { client, workers, crashes } = clientWithFakes();
    client.send(LOAD);
    client.send({ type: "run", speed: 4 });
    workers[0]!.crash("out of memory");
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.posted).toEqual([LOAD]);
    expect(crashes).toEqual([
      "The pool worker crashed (out of memory) and was restarted. Your script is safe.",
    ]);
    client.terminate();
  });

  it("after a crash compares again with the last capacity B", () => {
    const { client, workers } = clientWithFakes();
    client.send(LOAD);
    client.send({ type: "compare", capacity: 3 });
    client.send({ type: "compare", capacity: 9 });
    workers[0]!.crash("gone");
    expect(workers[1]!.posted).toEqual([LOAD, { type: "compare", capacity: 9 }]);
    client.terminate();
  });

  it("replaces a worker that does not answer Reset in time, and keeps one that does", () => {
    const { client, workers, crashes } = clientWithFakes();
    client.send({ type: "reset" });
    workers[0]!.report({ type: "snapshot", snapshot: emptySnapshot(4) });
    vi.advanceTimersByTime(1000);
    expect(workers).toHaveLength(1);

    client.send({ type: "reset" });
    vi.advanceTimersByTime(1000);
    expect(workers).toHaveLength(2);
    expect(crashes).toEqual([
      "The pool worker did not answer Reset in time, so it was restarted. Your script is safe.",
    ]);
    client.terminate();
  });

  it("does not take a pong for an answer to Reset: the worker that stops at the Reset is replaced", () => {
    const { client, workers, crashes } = clientWithFakes();
    vi.advanceTimersByTime(500);
    expect(workers[0]!.posted).toEqual([{ type: "ping" }]);
    client.send({ type: "reset" });
    // The ping's answer was already on its way when the worker stopped at the Reset.
    workers[0]!.report({ type: "pong" });
    vi.advanceTimersByTime(1000);
    expect(workers).toHaveLength(2);
    expect(crashes).toEqual([
      "The pool worker did not answer Reset in time, so it was restarted. Your script is safe.",
    ]);
    client.terminate();
  });

  it("pings, and replaces a worker that stops answering", () => {
    const { client, workers } = clientWithFakes();
    vi.advanceTimersByTime(500);
    expect(workers[0]!.posted).toEqual([{ type: "ping" }]);
    workers[0]!.report({ type: "pong" });
    vi.advanceTimersByTime(500);
    expect(workers[0]!.posted).toEqual([{ type: "ping" }, { type: "ping" }]);
    vi.advanceTimersByTime(3000);
    expect(workers).toHaveLength(2);
    client.terminate();
  });

  it("does not judge the worker on a check that runs after the page itself was busy", () => {
    const { client, workers } = clientWithFakes();
    vi.advanceTimersByTime(500);
    expect(workers[0]!.posted).toEqual([{ type: "ping" }]);
    // The page's main thread is busy for 3 s: the worker's pong waits in the page's queue,
    // and the heartbeat's next look comes only afterwards, before the pong is read.
    vi.setSystemTime(Date.now() + 3000);
    vi.advanceTimersByTime(500);
    expect(workers).toHaveLength(1);
    workers[0]!.report({ type: "pong" });
    vi.advanceTimersByTime(500);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted).toEqual([{ type: "ping" }, { type: "ping" }]);
    client.terminate();
  });

  it("hands on what arrived within a frame as one update while a run goes on", () => {
    const { client, workers, updates, nextFrame } = clientWithFakes();
    const worker = workers[0]!;
    const series = [{ step: 1, recycleRate: 0, misses: 1 }];
    worker.report({ type: "snapshot", snapshot: { ...emptySnapshot(8, "running"), step: 1 } });
    worker.report({
      type: "snapshot",
      snapshot: { ...emptySnapshot(8, "running"), step: 2 },
      series,
    });
    worker.report({ type: "snapshot", snapshot: { ...emptySnapshot(8, "running"), step: 3 } });
    expect(updates).toEqual([]);
    nextFrame();
    expect(updates).toEqual([{ snapshot: { ...emptySnapshot(8, "running"), step: 3 }, series }]);
    client.terminate();
  });

  it("hands on a report that settles the run at once, with what waited for the frame", () => {
    const { client, workers, updates, nextFrame } = clientWithFakes();
    const worker = workers[0]!;
    const series = [{ step: 1, recycleRate: 0, misses: 1 }];
    worker.report({ type: "snapshot", snapshot: emptySnapshot(8, "running"), series });
    worker.report({ type: "snapshot", snapshot: emptySnapshot(8, "paused") });
    expect(updates).toEqual([{ snapshot: emptySnapshot(8, "paused"), series }]);
    const error = { kind: "runtime", message: "release a", line: 2, column: 1 } as const;
    worker.report({ type: "error", error, snapshot: emptySnapshot(4, "error") });
    worker.report({ type: "loaded", capacity: 8, snapshot: emptySnapshot(8) });
    expect(updates.slice(1)).toEqual([
      { snapshot: emptySnapshot(4, "error"), error },
      { snapshot: emptySnapshot(8), capacity: 8, error: null, trace: null },
    ]);
    // The frame that was asked for finds nothing left to hand on.
    nextFrame();
    expect(updates).toHaveLength(3);
    client.terminate();
  });

  describe("a trace file", () => {
    const file = new Blob(["op,id,size\nmalloc,a,10\n"]);
    const LOAD_TRACE: ToWorker = {
      type: "loadTrace",
      name: "t.csv",
      source: file,
      capacity: 4,
      memoryBudgetBytes: 64,
    };
    const info = { name: "t.csv", format: "csv", events: 1, capacity: undefined } as const;

    it("once loaded, is what a restarted worker is sent, with the kept Blob", () => {
      const { client, workers, updates, nextFrame } = clientWithFakes();
      client.send(LOAD);
      client.send(LOAD_TRACE);
      workers[0]!.report({ type: "loaded", capacity: 4, snapshot: emptySnapshot(4), trace: info });
      nextFrame();
      expect(updates.at(-1)!.trace).toEqual(info);
      workers[0]!.crash("gone");
      expect(workers[1]!.posted).toEqual([LOAD_TRACE]);
      expect((workers[1]!.posted[0] as { source: Blob }).source).toBe(file);
      client.terminate();
    });

    it("while still being read, is read again after the workload before it", () => {
      const { client, workers } = clientWithFakes();
      client.send(LOAD);
      client.send(LOAD_TRACE);
      workers[0]!.crash("gone");
      expect(workers[1]!.posted).toEqual([LOAD, LOAD_TRACE]);
      client.terminate();
    });

    it("refused or cancelled, leaves the workload before it to be restored, and is handed on", () => {
      const { workers, createWorker } = fakeWorkers();
      const heard: string[] = [];
      const client = new PoolClient({
        onUpdate: () => undefined,
        onCrash: () => undefined,
        createWorker,
        frame: () => undefined,
        onTrace: (report) => heard.push(report.type),
      });
      client.send(LOAD);
      client.send(LOAD_TRACE);
      const rejection = { name: "t.csv", message: "bad", errors: [], more: 0 };
      workers[0]!.report({ type: "rejected", ...rejection });
      workers[0]!.crash("gone");
      expect(workers[1]!.posted).toEqual([LOAD]);
      client.send(LOAD_TRACE);
      workers[1]!.report({ type: "loadCancelled", name: "t.csv" });
      workers[1]!.crash("gone");
      expect(workers[2]!.posted).toEqual([LOAD]);
      expect(heard).toEqual(["rejected", "loadCancelled"]);
      client.terminate();
    });
  });
});
