import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { compile } from "../script/index.ts";
import { poolScriptArb } from "../testing/poolScripts.ts";
import { traceToScript } from "../testing/traces/toScript.ts";
import { parseRecords, type TraceState } from "../testing/traces/trace.ts";
import { EVENT_COLUMNS, eventsCsv } from "./eventsCsv.ts";
import { runToEnd } from "./headless.ts";
import { recommend } from "./recommend.ts";
import { Session } from "./session.ts";
import type { StepSource } from "./stepSource.ts";
import { classesCsv, runJson, runSummary, sweepCsv, sweepJson } from "./summary.ts";
import { runSweep } from "./sweep.ts";
import type { PoolEvent } from "./types.ts";

const OPTIONS = { capacity: 4, memoryBudgetBytes: 1 << 30 };
const TRACES = join(import.meta.dirname, "../testing/traces");
const traceNames = readdirSync(TRACES)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => file.slice(0, -4));

function parseCsv(text: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe("run --json", () => {
  it("is one line of JSON with SPEC §8's keys in order", () => {
    const text = runJson(runSummary(runToEnd(compile("a = acquire 3MB\nacquire 5000"), OPTIONS)));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.indexOf("\n")).toBe(text.length - 1);
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual([
      "steps",
      "capacity",
      "allocations",
      "recycles",
      "misses",
      "recycleRate",
      "retainedBytes",
      "heldBytes",
      "classes",
    ]);
    expect(json.classes).toHaveLength(10);
    for (const c of json.classes) {
      expect(Object.keys(c)).toEqual([
        "size",
        "requests",
        "recycles",
        "misses",
        "peakHeld",
        "peakFree",
        "wasteBytes",
        "retainedBytes",
      ]);
    }
    expect(json.classes[9]).toMatchObject({ size: null, requests: 1, peakHeld: 1, wasteBytes: 0 });
    expect(json.classes[1]).toMatchObject({ size: 8192, requests: 1, wasteBytes: 8192 - 5000 });
    expect(json.heldBytes).toBe(3 * 1024 * 1024 + 8192);
  });

  it.each(traceNames)("gives the oracle's counters for %s", (name) => {
    const script = traceToScript(readFileSync(join(TRACES, `${name}.txt`), "utf8"));
    const records = parseRecords(readFileSync(join(TRACES, `${name}.expected.jsonl`), "utf8"));
    const last = records.filter((r): r is TraceState => "allocations" in r).at(-1)!;
    const json = JSON.parse(runJson(runSummary(runToEnd(compile(script.source), OPTIONS))));
    expect(json).toMatchObject({
      steps: script.recordIndex.length,
      capacity: script.capacity,
      allocations: last.allocations,
      recycles: last.recycles,
      misses: last.misses,
    });
    expect(json.recycleRate).toBeCloseTo(last.recycle_rate, 12);
    const classes = json.classes as { requests: number; peakFree: number }[];
    expect(classes.reduce((sum, c) => sum + c.requests, 0)).toBe(last.allocations);
    last.free.forEach((free, k) => expect(classes[k]!.peakFree).toBeGreaterThanOrEqual(free));
  });
});

describe("the CSV exports", () => {
  it("per-class metrics parse back to the session's numbers", () => {
    const session = runToEnd(compile("a = acquire 1000\nb = acquire 3MB\nrelease a"), OPTIONS);
    const rows = parseCsv(classesCsv(session.classMetrics()));
    expect(rows.map((row) => row.class)).toEqual([
      "4KiB",
      "8KiB",
      "16KiB",
      "32KiB",
      "64KiB",
      "128KiB",
      "256KiB",
      "512KiB",
      "1MiB",
      "oversized",
    ]);
    expect(rows[0]).toEqual({
      class: "4KiB",
      size: "4096",
      requests: "1",
      recycles: "0",
      misses: "1",
      hitRate: "0",
      peakHeld: "1",
      peakFree: "1",
      wasteBytes: "3096",
      retainedBytes: "4096",
    });
    expect(rows[9]).toMatchObject({ size: "", requests: "1", peakHeld: "1" });
  });

  it("the sweep parses back to its points, and its JSON has SPEC §8's keys", () => {
    const points = runSweep(compile("repeat 3 { a = acquire 4KB; b = acquire 4KB; release all }"), {
      capacities: [0, 1, 2],
      maxSteps: Number.POSITIVE_INFINITY,
      memoryBudgetBytes: 1 << 30,
    });
    const rows = parseCsv(sweepCsv(points));
    expect(rows.map((row) => [row.capacity, row.misses, row.misses_4KiB, row.complete])).toEqual([
      ["0", "6", "6", "1"],
      ["1", "4", "4", "1"],
      ["2", "2", "2", "1"],
    ]);
    const json = JSON.parse(sweepJson(points, recommend(points)));
    expect(Object.keys(json)).toEqual(["points", "recommendation"]);
    expect(Object.keys(json.points[0])).toEqual([
      "capacity",
      "allocations",
      "recycles",
      "misses",
      "retainedBytes",
      "peakRetainedBytes",
    ]);
    expect(json.recommendation).toEqual({
      capacity: 2,
      target: 0.95,
      peakRetainedBytes: 8192,
      perClass: [2, 0, 0, 0, 0, 0, 0, 0, 0],
    });
  });
});

/** A script's steps under other names: names a trace may have (SPEC §7). */
function renamed(source: string, names: readonly string[]): StepSource {
  const program = compile(source);
  return {
    capacity: program.capacity,
    cursor: (state) => program.cursor(state as never),
    bufferName: (id) => `${names[id % names.length]}${id}`,
    bufferId: () => -1,
  };
}

const HOSTILE = ["<img src=x onerror=alert(1)>", '"a,b"', "🧪,x", "=1+1", "line\nbreak", "plain"];

/** What a CSV line says of a step, as the page's event says it. */
function expectedRow(event: PoolEvent, snapshot: ReturnType<Session["snapshot"]>) {
  return {
    step: String(event.step),
    line: String(event.line),
    op: event.op,
    name: event.name,
    size:
      event.op === "acquire"
        ? String(event.size)
        : event.op === "resize"
          ? String(event.length)
          : "",
    class: event.sizeClass < 0 ? "oversized" : String(4096 * 2 ** event.sizeClass),
    outcome:
      event.op === "resize"
        ? event.capacity !== event.previousCapacity
          ? "grown"
          : "fits"
        : event.outcome,
    capacity: String(event.capacity),
    allocations: String(snapshot.allocations),
    recycles: String(snapshot.recycles),
    misses: String(snapshot.misses),
    retainedBytes: String(snapshot.retainedBytes),
    heldBytes: String(snapshot.heldBytes),
  };
}

describe("the events CSV", () => {
  it("parses back to the steps a session takes, whatever the names hold", () => {
    fc.assert(
      fc.property(poolScriptArb, fc.constantFrom(1, 5, 8192), (source, stepsPerChunk) => {
        const chunks = [...eventsCsv(renamed(source, HOSTILE), OPTIONS, stepsPerChunk)];
        const text = chunks.map((chunk) => chunk.text).join("");
        const rows = parseCsv(text);
        const session = new Session(renamed(source, HOSTILE), OPTIONS);
        const expected = [];
        while (session.advance(1) === 1) {
          const snapshot = session.snapshot("paused");
          expected.push(expectedRow(snapshot.lastEvent!, snapshot));
        }
        expect(rows).toEqual(expected);
        expect(chunks.at(-1)?.steps ?? 0).toBe(expected.length);
        expect(text.startsWith(`${EVENT_COLUMNS.map((c) => `"${c}"`).join(",")}\r\n`)).toBe(true);
        if (rows.length > 0) expect(text).toContain('"<img src=x onerror=alert(1)>0"');
      }),
      { numRuns: 40 },
    );
  });

  it("returns the error that stopped the run, after the steps before it", () => {
    const chunks = eventsCsv(compile("a = acquire 4KB\nrelease a\nrelease a"), OPTIONS);
    let text = "";
    let next = chunks.next();
    for (; !next.done; next = chunks.next()) text += next.value.text;
    expect(parseCsv(text).map((row) => row.op)).toEqual(["acquire", "release"]);
    expect(next.value).toMatchObject({ line: 3, kind: "runtime" });
  });
});
