// Every oracle trace in src/testing/traces replayed through the TypeScript pool:
// each op must print what the Rust oracle printed (see the oracle's README).
// Add a fixture pair (NAME.txt + NAME.expected.jsonl), not a test.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRecords, parseTrace, replayTrace } from "../testing/traces/trace.ts";
import { BufferPool } from "./index.ts";

const folder = new URL("../testing/traces/", import.meta.url);
const read = (file: string) => readFileSync(new URL(file, folder), "utf8");
const fixtures = readdirSync(folder)
  .filter((file) => file.endsWith(".expected.jsonl"))
  .map((file) => file.slice(0, -".expected.jsonl".length))
  .sort();

describe("oracle traces", () => {
  it("are there", () => {
    expect(fixtures).toEqual(expect.arrayContaining(["quirks", "seed_tests", "t1", "t2"]));
  });

  it.each(fixtures)("%s replays like the oracle", (name) => {
    const trace = read(`${name}.txt`);
    const expected = parseRecords(read(`${name}.expected.jsonl`));
    const ops = parseTrace(trace);
    const actual = replayTrace(trace, (capacity) => new BufferPool(capacity));
    expect(actual).toHaveLength(expected.length);
    actual.forEach((record, k) => {
      const op = ops[k]!;
      expect(record, `${name}.txt line ${op.line}: ${op.text}`).toEqual(expected[k]);
    });
  });
});

describe("parseTrace", () => {
  it("keeps ops with their source line, skips blanks and comments, splits on ASCII whitespace", () => {
    const text = "# header\ncapacity 4\n\n  # note\nacquire\ta  4096 \r\nresize a 10\nrelease a";
    expect(parseTrace(text)).toEqual([
      { kind: "capacity", line: 2, text: "capacity 4", capacity: 4 },
      { kind: "acquire", line: 5, text: "acquire a 4096", id: "a", size: 4096 },
      { kind: "resize", line: 6, text: "resize a 10", id: "a", len: 10 },
      { kind: "release", line: 7, text: "release a", id: "a" },
    ]);
  });

  it.each([
    ["aquire a 1", "unknown op 'aquire'"],
    ["constructor x", "unknown op 'constructor'"],
    ["acquire a", "malformed: expected 'acquire ID SIZE'"],
    ["release a b", "malformed: expected 'release ID'"],
    ["capacity -1", "malformed N: '-1' is not a non-negative decimal integer"],
    ["resize a 1e3", "malformed LEN: '1e3' is not a non-negative decimal integer"],
    ["acquire a 9007199254740993", "malformed SIZE: '9007199254740993' is not a safe integer"],
  ])("keeps the malformed line %j as invalid", (text, reason) => {
    expect(parseTrace(`\n${text}`)).toEqual([{ kind: "invalid", line: 2, text, reason }]);
  });

  it("reads numbers as written, leading zeros included, and keeps the tokens in text", () => {
    expect(parseTrace("acquire h 007")).toEqual([
      { kind: "acquire", line: 1, text: "acquire h 007", id: "h", size: 7 },
    ]);
  });
});
