import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cli, type CliIo } from "./cli.ts";

/** A world for the CLI: files by name, captured output, a clock that moves `tickMs` per look. */
function world(files: Record<string, string>, options: { tty?: boolean; tickMs?: number } = {}) {
  const out = { stdout: "", stderr: "", written: {} as Record<string, string> };
  let clock = 0;
  const io: CliIo = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    readText: (file) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error("nope"), { code: "ENOENT" });
      return text;
    },
    openOutput: (file) => {
      out.written[file] = "";
      return { write: (text) => void (out.written[file] += text), close: () => {} };
    },
    stderrIsTTY: options.tty ?? false,
    now: () => (clock += options.tickMs ?? 0),
  };
  return { io, out };
}

const FILES = {
  "ok.pool": "capacity 2\nrepeat 3 {\n  a = acquire 4KB\n  release a\n}\n",
  "-": "a = acquire 8KB\nrelease a\n",
  "twice.pool": "a = acquire 4KB\n\nrelease a\nrelease a\n",
  "typo.pool": "a = acquire 4KB\naquire 8KB\n",
  "long.pool": "repeat 100000 { a = acquire 4KB; release a }",
};

describe("the CLI's exit codes (SPEC §7, §8)", () => {
  it.each<[string, string[], number, RegExp]>([
    ["a run", ["run", "ok.pool"], 0, /^ok\.pool: 6 steps at capacity 2/],
    ["standard input", ["run", "-", "--json"], 0, /^\{"steps":2,"capacity":4,/],
    [
      "a sweep",
      ["sweep", "ok.pool", "--capacities", "0,1", "--json"],
      0,
      /"recommendation":\{"capacity":1,/,
    ],
    ["an export", ["export", "ok.pool", "--events", "out.csv"], 0, /^$/],
    ["help", ["--help"], 0, /^usage: npm run cli -- run FILE/],
  ])("%s exits 0", (_, argv, code, stdout) => {
    const { io, out } = world(FILES);
    expect(cli(argv, io)).toBe(code);
    expect(out.stdout).toMatch(stdout);
    expect(out.stderr).toBe("");
  });

  it.each<[string, string[], RegExp]>([
    [
      "a double release",
      ["run", "twice.pool"],
      /^pool: twice\.pool: line 4, col 1: release a — a was already released at line 3\n$/,
    ],
    [
      "a syntax error",
      ["run", "typo.pool", "--json"],
      /^pool: typo\.pool: line 2, col 1: unknown statement 'aquire'/,
    ],
    [
      "an error in a sweep",
      ["sweep", "twice.pool"],
      /^pool: twice\.pool at capacity 0: line 4, col 1: release a/,
    ],
    [
      "an error in an export",
      ["export", "twice.pool", "--events", "e.csv"],
      /wrote the 2 events before the error to e\.csv\npool: twice\.pool: line 4, col 1:/,
    ],
  ])("%s exits 1 and names the line", (_, argv, stderr) => {
    const { io, out } = world(FILES);
    expect(cli(argv, io)).toBe(1);
    expect(out.stderr).toMatch(stderr);
    expect(out.stdout).toBe("");
  });

  it.each<[string, string[], RegExp]>([
    ["no command", [], /say what to do/],
    ["an unknown command", ["walk", "ok.pool"], /unknown command 'walk'/],
    ["a bad flag", ["run", "ok.pool", "--capacty", "3"], /Unknown option '--capacty'/],
    [
      "a flag of another command",
      ["run", "ok.pool", "--target", "0.5"],
      /Unknown option '--target'/,
    ],
    ["a missing file", ["run", "missing.pool"], /cannot read missing\.pool: no such file/],
    ["no FILE", ["run", "--json"], /run needs a FILE/],
    ["two FILEs", ["run", "ok.pool", "ok.pool"], /run takes one FILE/],
    [
      "a capacity that is not a number",
      ["run", "ok.pool", "--capacity", "four"],
      /--capacity 'four' is not a whole number/,
    ],
    [
      "a capacity over the limit",
      ["run", "ok.pool", "--capacity", "1000001"],
      /is too large: capacity is at most 1000000/,
    ],
    ["a reversed range", ["sweep", "ok.pool", "--capacities", "9..2"], /reversed range/],
    [
      "a target over 1",
      ["sweep", "ok.pool", "--target", "1.5"],
      /--target '1\.5' is not a share from 0 to 1/,
    ],
    ["an export without --events", ["export", "ok.pool"], /export needs --events/],
    ["a missing value", ["export", "ok.pool", "--events"], /argument missing/],
  ])("%s exits 2 with a usage line", (_, argv, stderr) => {
    const { io, out } = world(FILES);
    expect(cli(argv, io)).toBe(2);
    expect(out.stderr).toMatch(stderr);
    expect(out.stderr).toMatch(/\nusage: npm run cli -- run FILE/);
    expect(out.stdout).toBe("");
  });
});

describe("the CLI's capacity", () => {
  it("runs a workload without a capacity line at --capacity, and one with its own at its own", () => {
    const a = world(FILES);
    cli(["run", "-", "--json", "--capacity", "0"], a.io);
    expect(JSON.parse(a.out.stdout)).toMatchObject({ capacity: 0, recycles: 0 });
    const b = world(FILES);
    cli(["run", "ok.pool", "--json", "--capacity", "0"], b.io);
    expect(JSON.parse(b.out.stdout)).toMatchObject({ capacity: 2, recycles: 2 });
  });
});

describe("the progress line", () => {
  it("is shown on a terminal once a run has taken a second, and wiped at the end", () => {
    const { io, out } = world(FILES, { tty: true, tickMs: 600 });
    expect(cli(["run", "long.pool", "--json"], io)).toBe(0);
    expect(out.stderr.startsWith("\r\x1b[Kstep 131,072")).toBe(true);
    expect(out.stderr.endsWith("\r\x1b[K")).toBe(true);
    expect(JSON.parse(out.stdout).steps).toBe(200_000);
  });

  it.each([
    ["not on a terminal", { tty: false, tickMs: 600 }],
    ["not for a quick run", { tty: true, tickMs: 0 }],
  ])("is not shown %s", (_, options) => {
    const { io, out } = world(FILES, options);
    expect(cli(["run", "long.pool"], io)).toBe(0);
    expect(out.stderr).toBe("");
  });
});

describe("the CLI on trace files (SPEC §2b)", () => {
  const fixture = (name: string) =>
    readFileSync(new URL(`../workload/fixtures/formats/${name}`, import.meta.url), "utf8");

  it.each(["rep", "csv", "jsonl"])(
    "runs the oracle's seed_tests as .%s to the same summary as the pool trace",
    (extension) => {
      const files = {
        "t.txt": fixture("seed_tests.txt"),
        [`t.${extension}`]: fixture(`seed_tests.${extension}`),
      };
      const reference = world(files);
      expect(cli(["run", "t.txt", "--json"], reference.io)).toBe(0);
      const capacity = String(JSON.parse(reference.out.stdout).capacity);
      const converted = world(files);
      expect(cli(["run", `t.${extension}`, "--json", "--capacity", capacity], converted.io)).toBe(
        0,
      );
      expect(converted.out.stdout).toBe(reference.out.stdout);
    },
  );

  it("refuses a trace with bad lines, listing each with its line number, and exits 1", () => {
    const { io, out } = world({ "bad.csv": "op,id,size\nmalloc,1,100\nfree,2,\nbogus,3,4\n" });
    expect(cli(["run", "bad.csv", "--json"], io)).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr).toMatch(/^pool: bad\.csv: 2 bad lines in bad\.csv; nothing runs/);
    expect(out.stderr).toContain("\n  line 3: '2' is not held");
    expect(out.stderr).toContain("\n  line 4: unknown op 'bogus'");
  });
});

describe("sweep on the oracle's traces (issue 12: the recommendation against separate oracle runs)", () => {
  const TRACES = new URL("../testing/traces/", import.meta.url);
  const oracle = JSON.parse(readFileSync(new URL("sweeps.expected.json", TRACES), "utf8")) as {
    traces: Record<string, { capacity: number; recycles: number }[]>;
  };
  it.each(Object.keys(oracle.traces).flatMap((name) => [0.95, 0.8, 0.5].map((t) => [name, t])))(
    "%s at target %s recommends what the oracle's separate runs give",
    (name, target) => {
      const runs = oracle.traces[name as string]!;
      const atLargest = runs.at(-1)!.recycles;
      const expected = runs.find((run) => run.recycles >= (target as number) * atLargest)!;
      const file = `${name}.txt`;
      const { io, out } = world({ [file]: readFileSync(new URL(file, TRACES), "utf8") });
      const argv = ["sweep", file, "--capacities", `0..${runs.at(-1)!.capacity}`];
      expect(cli([...argv, "--target", String(target), "--json"], io)).toBe(0);
      const printed = JSON.parse(out.stdout) as { recommendation: { capacity: number } };
      expect(printed.recommendation.capacity).toBe(expected.capacity);
    },
    60_000,
  );
});
