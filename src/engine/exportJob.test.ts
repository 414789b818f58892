import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it, vi } from "vitest";
import { compile } from "../script/index.ts";
import { harness } from "../testing/playbackHarness.ts";
import { eventsCsv } from "./eventsCsv.ts";
import { runToEnd } from "./headless.ts";
import { Session } from "./session.ts";
import { runJson, runSummary } from "./summary.ts";
import type { Command, ExportKind, Report } from "./types.ts";

const BUDGET = 1 << 29;
const load = (source: string, capacity = 4): Command => ({
  type: "load",
  source,
  capacity,
  memoryBudgetBytes: BUDGET,
});

/** A script of mixed sizes, 40,000 steps: long enough for several chunks. */
const LONG = `seed 7
repeat 10000 {
  a = acquire random 1KB..64KB
  b = acquire 4KB:80, 16KB:15, 64KB:5
  release a
  release b
}`;

/** Runs an export to its end on the fake clock; returns the reports it made. */
function exportOf(h: ReturnType<typeof harness>, kind: ExportKind): Report[] {
  h.clearPosted();
  h.send({ type: "export", kind });
  h.elapse(600_000);
  return h.posted.filter((m) => m.type.startsWith("export"));
}

const textOf = (reports: Report[]) =>
  reports.map((m) => (m.type === "exportChunk" ? m.text : "")).join("");

describe("exports in the worker", () => {
  it.each([0, 2, 9])(
    "pool-run.json is the CLI's text of a headless run at capacity %i, whatever step is shown",
    (capacity) => {
      const h = harness();
      h.send(load(LONG, capacity));
      h.send({ type: "seek", step: 0 });
      h.send({ type: "step" });
      const reports = exportOf(h, "run");
      const expected = runJson(
        runSummary(runToEnd(compile(LONG), { capacity, memoryBudgetBytes: BUDGET })),
      );
      expect(textOf(reports)).toBe(expected);
      expect(reports.at(-1)).toEqual({
        type: "exportDone",
        kind: "run",
        fileName: "pool-run.json",
      });
    },
    30_000,
  );

  it("pool-events.csv is eventsCsv joined, in several chunks, with progress", () => {
    // Each look at the clock costs 5 ms: a slice writes two chunks, then says how far it is.
    const h = harness(5);
    h.send(load(LONG, 3));
    const reports = exportOf(h, "events");
    const expected = [...eventsCsv(compile(LONG), { capacity: 3, memoryBudgetBytes: BUDGET })]
      .map((chunk) => chunk.text)
      .join("");
    expect(reports.filter((m) => m.type === "exportChunk").length).toBeGreaterThan(1);
    expect(textOf(reports)).toBe(expected);
    const progress = reports.filter((m) => m.type === "exportProgress");
    expect(progress.length).toBeGreaterThan(1);
    expect(reports.at(-1)).toEqual({
      type: "exportDone",
      kind: "events",
      fileName: "pool-events.csv",
    });
  }, 30_000);

  it("cancel stops an export: no more chunks, and no file", () => {
    const h = harness(5);
    h.send(load(LONG));
    h.clearPosted();
    h.send({ type: "export", kind: "events" });
    h.elapse(5);
    expect(h.posted.some((m) => m.type === "exportChunk")).toBe(true);
    const atCancel = h.posted.length;
    h.send({ type: "cancelExport" });
    h.elapse(600_000);
    const after = h.posted.slice(atCancel);
    expect(after[0]).toMatchObject({ type: "exportFailed", kind: "events", cancelled: true });
    expect(after.slice(1).filter((m) => m.type.startsWith("export"))).toEqual([]);
    expect(h.posted.some((m) => m.type === "exportDone")).toBe(false);
  });

  it("the sweep export says why it cannot run before a sweep, and writes the points after one", () => {
    const h = harness();
    h.send(load("a = acquire 4KB\nrelease a"));
    const before = exportOf(h, "sweep");
    expect(before).toEqual([
      {
        type: "exportFailed",
        kind: "sweep",
        message: "No sweep has run yet: run a sweep first.",
        cancelled: false,
      },
    ]);
    h.send({ type: "sweep", capacities: [0, 1, 2], maxSteps: 100 });
    h.elapse(1000);
    const text = textOf(exportOf(h, "sweep"));
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(4);
  });

  it("pool-classes.csv holds the metrics at the shown step", () => {
    const h = harness();
    h.send(load("a = acquire 4KB\nrelease a\nb = acquire 5KB"));
    h.send({ type: "run", speed: "max" });
    h.elapse(1000);
    h.send({ type: "seek", step: 1 });
    const lines = textOf(exportOf(h, "classes")).split("\r\n");
    expect(lines[1]).toBe('"4KiB",4096,1,0,1,0,1,0,0,0');
    expect(lines[2]).toBe('"8KiB",8192,0,0,0,0,0,0,0,0');
  });
});

describe("names that hold markup, quotes or emoji (SPEC §7)", () => {
  it("the events CSV of a trace quotes them, and they parse back intact", async () => {
    const names = ['<img src=x onerror="alert(1)">', '"a,b"', "🐟 fish\u200dy", "a\nb"];
    const rows = ["op,id,size"];
    for (const name of names) rows.push(`malloc,${quoted(name)},5000`);
    for (const name of names) rows.push(`free,${quoted(name)},`);
    const h = harness();
    h.send({
      type: "loadTrace",
      name: "names.csv",
      source: rows.join("\n") + "\n",
      capacity: 2,
      memoryBudgetBytes: BUDGET,
    });
    await vi.waitFor(() => {
      h.elapse(100);
      expect(h.posted.some((m) => m.type === "loaded")).toBe(true);
    });
    const text = textOf(exportOf(h, "events"));
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((row) => row["name"])).toEqual([...names, ...names]);
    expect(parsed.data.map((row) => row["op"])).toEqual([
      ...names.map(() => "acquire"),
      ...names.map(() => "release"),
    ]);
  });
});

/** A CSV field in quotes, its quotes doubled. */
const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

const SIZES = ["1KB", "4KB", "5KB", "64KB", "200KB", "1MB", "3MB", "random 1KB..2MB log"];

describe("per-class metrics under seek", () => {
  it("the metrics at any step, reached by seeking back and forth, equal a fresh run to that step", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.constantFrom(...SIZES), keep: fc.boolean() }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 60 }),
        fc.nat(),
        (ops, capacity, rounds, pick) => {
          const body = ops
            .map((op, k) => `b${k} = acquire ${op.size}${op.keep ? "" : `\nrelease b${k}`}`)
            .join("\n");
          const held = ops.flatMap((op, k) => (op.keep ? [`release b${k}`] : []));
          const script = `seed ${pick % 1000}\nrepeat ${rounds} {\n${body}\n${held.join("\n")}\n}`;
          const options = { capacity, memoryBudgetBytes: 1 << 30 };
          const session = new Session(compile(script), options);
          session.advance(Number.POSITIVE_INFINITY);
          const total = session.recordedSteps;
          const step = pick % (total + 1);
          session.seek(step);
          session.seek(Math.max(0, step - 1));
          session.seek(step);
          const fresh = new Session(compile(script), options);
          fresh.advance(step);
          expect(session.snapshot("paused").classes).toEqual(fresh.classMetrics());
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
