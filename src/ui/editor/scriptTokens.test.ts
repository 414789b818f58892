import { describe, expect, it } from "vitest";
import { tokenizeLine } from "./scriptTokens.ts";

/** A line, then its tokens written as `kind:text`. */
const cases: [string, string[]][] = [
  ["capacity 4            # per class", ["keyword:capacity", "number:4", "comment:# per class"]],
  ["a = acquire 1_000", ["name:a", "operator:=", "keyword:acquire", "number:1_000"]],
  [
    "acquire random 1..2MB",
    ["keyword:acquire", "keyword:random", "number:1", "operator:..", "number:2MB"],
  ],
  ["repeat 8 {", ["keyword:repeat", "number:8", "brace:{"]],
  ["  release newest; }", ["keyword:release", "keyword:newest", "operator:;", "brace:}"]],
  ["resize buf 64KiB", ["keyword:resize", "name:buf", "number:64KiB"]],
  ["acquire 12x", ["keyword:acquire", "name:x"]],
  [
    "a = acquire 4KB:80, 1MB:20",
    [
      "name:a",
      "operator:=",
      "keyword:acquire",
      "number:4KB",
      "operator::",
      "number:80",
      "operator:,",
      "number:1MB",
      "operator::",
      "number:20",
    ],
  ],
  [
    "acquire random 1KB..2MB log",
    ["keyword:acquire", "keyword:random", "number:1KB", "operator:..", "number:2MB", "keyword:log"],
  ],
  [
    "log = acquire 1; release log",
    [
      "name:log",
      "operator:=",
      "keyword:acquire",
      "number:1",
      "operator:;",
      "keyword:release",
      "name:log",
    ],
  ],
  [
    "repeat random 1..8 {",
    ["keyword:repeat", "keyword:random", "number:1", "operator:..", "number:8", "brace:{"],
  ],
  ["", []],
];

describe("tokenizeLine", () => {
  it.each(cases)("%s", (line, expected) => {
    const tokens = tokenizeLine(line).map((t) => `${t.kind}:${line.slice(t.from, t.to)}`);
    expect(tokens).toEqual(expected);
  });
});
