/**
 * The real CLI, spawned as `npm run cli` runs it (tsx), on a few fixtures:
 * the rest of its logic is tested in-process (`cli.test.ts`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { runToEnd } from "../engine/headless.ts";
import { runJson, runSummary } from "../engine/summary.ts";
import { compile } from "../script/index.ts";
import { traceToScript } from "../testing/traces/toScript.ts";
import { parseRecords, type TraceState } from "../testing/traces/trace.ts";

const ROOT = join(import.meta.dirname, "../..");
const TRACES = join(ROOT, "src/testing/traces");
const dir = mkdtempSync(join(tmpdir(), "pool-cli-"));

function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input: input ?? "",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function traceScript(name: string): { file: string; source: string } {
  const { source } = traceToScript(readFileSync(join(TRACES, `${name}.txt`), "utf8"));
  const file = join(dir, `${name}.pool`);
  writeFileSync(file, source);
  return { file, source };
}

describe("the CLI, spawned", { timeout: 120_000 }, () => {
  it("run --json gives the oracle's counters, the very bytes of the engine's summary", () => {
    const { file, source } = traceScript("t3");
    const last = parseRecords(readFileSync(join(TRACES, "t3.expected.jsonl"), "utf8"))
      .filter((r): r is TraceState => "allocations" in r)
      .at(-1)!;
    const { code, stdout, stderr } = cli(["run", file, "--json"]);
    expect([code, stderr]).toEqual([0, ""]);
    const options = { capacity: 4, memoryBudgetBytes: 512 * 1024 * 1024 };
    expect(stdout).toBe(runJson(runSummary(runToEnd(compile(source), options))));
    expect(JSON.parse(stdout)).toMatchObject({
      allocations: last.allocations,
      recycles: last.recycles,
      misses: last.misses,
    });
  });

  it("sweep --json recommends what separate runs at each capacity give", () => {
    const { file, source } = traceScript("t2");
    const capacities = [0, 1, 4];
    const { code, stdout } = cli(["sweep", file, "--capacities", capacities.join(","), "--json"]);
    expect(code).toBe(0);
    const runs = capacities.map((capacity) =>
      runToEnd(compile(`capacity ${capacity}\n${source.replace(/^capacity \d+\n/, "")}`), {
        capacity,
        memoryBudgetBytes: 512 * 1024 * 1024,
      }).snapshot("done"),
    );
    const atLargest = runs.at(-1)!.recycles;
    const capacity = capacities[runs.findIndex((run) => run.recycles >= 0.95 * atLargest)];
    const json = JSON.parse(stdout);
    expect(json.points.map((p: { misses: number }) => p.misses)).toEqual(runs.map((r) => r.misses));
    expect(json.recommendation).toMatchObject({ capacity, target: 0.95 });
  });

  it("export --events from standard input writes a CSV that parses back", () => {
    const out = join(dir, "events.csv");
    const { code } = cli(
      ["export", "-", "--events", out],
      "a = acquire 4KB\nrelease a\nb = acquire 3MB\n",
    );
    expect(code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(readFileSync(out, "utf8"), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((row) => [row.step, row.op, row.name, row.class, row.outcome])).toEqual([
      ["1", "acquire", "a", "4096", "miss"],
      ["2", "release", "a", "4096", "pooled"],
      ["3", "acquire", "b", "oversized", "miss"],
    ]);
  });

  it.each<[number, string[], string, RegExp]>([
    [
      1,
      ["run", "-"],
      "a = acquire 4KB\nrelease a\nrelease a\n",
      /line 3, col 1: release a — a was already released at line 2/,
    ],
    [2, ["run", "-", "--frobnicate"], "", /Unknown option '--frobnicate'[\s\S]*\nusage: /],
    [2, ["run", join(dir, "absent.pool")], "", /no such file[\s\S]*\nusage: /],
  ])("exits %i: %j", (code, args, input, stderr) => {
    const result = cli(args, input);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(stderr);
    expect(result.stdout).toBe("");
  });
});
