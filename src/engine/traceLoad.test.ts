// Loading a trace file into playback, as the worker does: read streaming
// with progress, then played like a script; refused or cancelled, the
// workload before it stays.
import { describe, expect, it, vi } from "vitest";
import { Playback, type PlaybackHost } from "./playback.ts";
import { PROGRESS_EVERY_MS } from "./traceLoad.ts";
import type { Command, Report } from "./types.ts";

const BUDGET = 512 * 1024 * 1024;

/** A playback whose clock moves `msPerLook` at every look, and whose tasks run on a timer. */
function playback(msPerLook = 1) {
  const reports: Report[] = [];
  let now = 0;
  const host: PlaybackHost = {
    post: (report) => reports.push(report),
    now: () => (now += msPerLook),
    schedule: (task) => setTimeout(task, 0),
  };
  const runner = new Playback(host);
  const send = (command: Command) => runner.handle(command);
  const last = <T extends Report["type"]>(type: T) =>
    reports.filter((report): report is Extract<Report, { type: T }> => report.type === type).at(-1);
  return { reports, send, last };
}

const loadTrace = (name: string, source: Blob | string): Command => ({
  type: "loadTrace",
  name,
  source,
  capacity: 2,
  memoryBudgetBytes: BUDGET,
});

/** A CSV trace of `pairs` malloc/free pairs of one 4 KiB buffer. */
function csvPairs(pairs: number): string {
  const rows = ["op,id,size"];
  for (let k = 0; k < pairs; k++)
    rows.push(`malloc,"<b>${k % 3}</b>",4096`, `free,"<b>${k % 3}</b>",`);
  return rows.join("\n") + "\n";
}

describe("loadTrace", () => {
  it("reads a file, reports it loaded, and plays it like a script", async () => {
    const { reports, send, last } = playback();
    send(loadTrace("pairs.csv", new Blob([csvPairs(1000)])));
    await vi.waitFor(() => expect(last("loaded")).toBeDefined());
    expect(last("loaded")!.trace).toEqual({
      name: "pairs.csv",
      format: "csv",
      events: 2000,
      capacity: undefined,
    });
    expect(last("loaded")!.capacity).toBe(2);
    const progress = reports.filter((report) => report.type === "loadProgress");
    expect(progress.at(-1)).toEqual({
      type: "loadProgress",
      name: "pairs.csv",
      bytesRead: new Blob([csvPairs(1000)]).size,
      totalBytes: new Blob([csvPairs(1000)]).size,
    });

    send({ type: "step" });
    expect(last("snapshot")!.snapshot.lastEvent).toMatchObject({ name: "<b>0</b>", line: 2 });
    send({ type: "run", speed: "max" });
    await vi.waitFor(() => expect(last("snapshot")!.snapshot.status).toBe("done"));
    expect(last("snapshot")!.snapshot).toMatchObject({ step: 2000, allocations: 1000, misses: 1 });
    send({ type: "seek", step: 3 });
    expect(last("snapshot")!.snapshot).toMatchObject({ step: 3, allocations: 2, recycles: 1 });
    send({ type: "reset" });
    expect(last("loaded")!.trace?.name).toBe("pairs.csv");
  });

  it("takes pasted text too, and its own capacity line wins", async () => {
    const { send, last } = playback();
    send(loadTrace("pasted", "capacity 7\nacquire a 1\nrelease a\n"));
    await vi.waitFor(() => expect(last("loaded")).toBeDefined());
    expect(last("loaded")!.trace).toMatchObject({ format: "pool-trace", events: 2, capacity: 7 });
    expect(last("loaded")!.capacity).toBe(7);
  });

  it("reports progress at most every PROGRESS_EVERY_MS while reading", async () => {
    const msPerLook = 7;
    const { reports, send, last } = playback(msPerLook);
    const bytes = new TextEncoder().encode(csvPairs(20_000));
    const chunks = Math.ceil(bytes.length / 1024);
    // A file that streams in 1 KiB chunks, as a slow disk might.
    const file = {
      size: bytes.length,
      stream: () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < bytes.length; at += 1024)
              controller.enqueue(bytes.subarray(at, at + 1024));
            controller.close();
          },
        }),
    } as unknown as Blob;
    send(loadTrace("big.csv", file));
    await vi.waitFor(() => expect(last("loaded")).toBeDefined(), { timeout: 20_000 });
    const progress = reports.flatMap((report) =>
      report.type === "loadProgress" ? [report.bytesRead] : [],
    );
    expect(progress.length).toBeGreaterThan(2);
    // Reads only grow; between the first and the last, reports are PROGRESS_EVERY_MS apart.
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.length).toBeLessThanOrEqual(
      2 + Math.ceil((chunks * msPerLook) / PROGRESS_EVERY_MS),
    );
  });

  it("a refused trace is reported with its bad lines, and the script before it stays", async () => {
    const { send, last, reports } = playback();
    send({
      type: "load",
      source: "repeat 5 { a = acquire 1\nrelease a }",
      capacity: 4,
      memoryBudgetBytes: BUDGET,
    });
    send({ type: "step" });
    send(loadTrace("bad.rep", "2\n3\na 0 10\nf 1\nq\n"));
    await vi.waitFor(() => expect(last("rejected")).toBeDefined());
    expect(last("rejected")).toEqual({
      type: "rejected",
      name: "bad.rep",
      message: "2 bad lines in bad.rep; nothing runs until they are fixed",
      errors: [
        { line: 4, message: "'1' is not held, so it can't be released" },
        { line: 5, message: "unknown op 'q'; a malloc-lab trace has a, f and r" },
      ],
      more: 0,
    });
    expect(reports.filter((report) => report.type === "loaded")).toHaveLength(1);
    send({ type: "step" });
    expect(last("snapshot")!.snapshot).toMatchObject({ step: 2, line: 2 });
  });

  it("a file in no known format or over the size limit is refused with a message", async () => {
    const { send, last } = playback();
    send(loadTrace("photo.jpg", "\u00ff\u00d8\u00ff\u00e0 JFIF"));
    await vi.waitFor(() => expect(last("rejected")).toBeDefined());
    expect(last("rejected")!.message).toMatch(/photo.jpg is in no known trace format/);
    const huge = { size: 2 ** 30 + 1, stream: () => new Blob([]).stream() } as unknown as Blob;
    send(loadTrace("huge.csv", huge));
    await vi.waitFor(() => expect(last("rejected")!.name).toBe("huge.csv"));
    expect(last("rejected")!.message).toBe(
      "huge.csv is 1,073,741,825 bytes (1 GiB); a trace file is at most 1 GiB",
    );
  });

  it("cancelLoad stops the read; nothing is loaded", async () => {
    const { send, last, reports } = playback();
    send(loadTrace("pairs.csv", new Blob([csvPairs(50_000)])));
    send({ type: "cancelLoad" });
    expect(last("loadCancelled")).toEqual({ type: "loadCancelled", name: "pairs.csv" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reports.filter((report) => report.type === "loaded")).toHaveLength(0);
    send({ type: "cancelLoad" });
    expect(reports.filter((report) => report.type === "loadCancelled")).toHaveLength(1);
  });

  it("a script loaded while a trace is read wins", async () => {
    const { send, last, reports } = playback();
    send(loadTrace("pairs.csv", new Blob([csvPairs(20_000)])));
    send({ type: "load", source: "acquire 1", capacity: 4, memoryBudgetBytes: BUDGET });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const loaded = reports.filter((report) => report.type === "loaded");
    expect(loaded).toHaveLength(1);
    expect(last("loaded")!.trace).toBeUndefined();
  });

  it("a trace read while the run seeks replaces the run once the seek is done", async () => {
    // Every look at the clock takes 4 ms, so a seek over thousands of steps takes many slices.
    const { send, last, reports } = playback(4);
    send({
      type: "load",
      source: "repeat 600 { a = acquire 4KB; release a }",
      capacity: 4,
      memoryBudgetBytes: BUDGET,
    });
    send({ type: "run", speed: "max" });
    await vi.waitFor(() => expect(last("snapshot")!.snapshot.status).toBe("done"), {
      timeout: 20_000,
    });
    reports.length = 0;
    send(loadTrace("pasted", "acquire a 1\nrelease a\n"));
    send({ type: "seek", step: 1000 });
    expect(last("snapshot")).toBeUndefined();
    await vi.waitFor(() => expect(last("loaded")).toBeDefined(), { timeout: 20_000 });
    const settled = reports.findIndex((r) => r.type === "snapshot" && r.snapshot.step === 1000);
    expect(settled).toBeGreaterThanOrEqual(0);
    expect(settled).toBeLessThan(reports.findIndex((r) => r.type === "loaded"));
    expect(last("loaded")!.trace?.name).toBe("pasted");
  });

  it("convertToScript answers with the loaded trace as a script, or refuses one too big", async () => {
    const { send, last } = playback();
    send({ type: "convertToScript" });
    expect(last("converted")).toBeUndefined();
    send(loadTrace("pasted", "capacity 7\nacquire a 1\nrelease a\n"));
    await vi.waitFor(() => expect(last("loaded")).toBeDefined());
    send({ type: "convertToScript" });
    expect(last("converted")).toEqual({
      type: "converted",
      name: "pasted",
      script:
        "# converted from a pool-trace trace of 2 events\ncapacity 7\na = acquire 1\nrelease a\n",
    });

    send(loadTrace("pairs.csv", new Blob([csvPairs(6000)])));
    await vi.waitFor(() => expect(last("loaded")!.trace?.name).toBe("pairs.csv"));
    send({ type: "convertToScript" });
    expect(last("rejected")).toMatchObject({ name: "pairs.csv", errors: [], more: 0 });
    expect(last("rejected")!.message).toContain("at most 10000 events");
  });
});
