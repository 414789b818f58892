import { describe, expect, it } from "vitest";
import type { RunError } from "../../worker/protocol.ts";
import { SHOWN_NAME_CHARS, formatRunError, shownName } from "./format.ts";

describe("formatRunError", () => {
  it.each<[RunError, string]>([
    [
      {
        kind: "syntax",
        message: "unknown statement 'aquire' — did you mean 'acquire'?",
        line: 3,
        column: 5,
      },
      "Line 3, col 5: unknown statement 'aquire' — did you mean 'acquire'?",
    ],
    [
      {
        kind: "runtime",
        message: "release b — b was already released at line 4",
        line: 7,
        column: 0,
      },
      "Line 7: release b — b was already released at line 4",
    ],
    [
      { kind: "runtime", message: "release x — no buffer is named x", line: 2, column: 1 },
      "Line 2, col 1: release x — no buffer is named x",
    ],
    [
      { kind: "crash", message: "the pool worker ran out of memory", line: 0, column: 0 },
      "the pool worker ran out of memory",
    ],
    // The reason is shown as it is, even when it reads like a place: nothing is taken apart.
    [
      { kind: "limit", message: "line 12 is over 1 MiB", line: 0, column: 0 },
      "line 12 is over 1 MiB",
    ],
    [
      { kind: "runtime", message: "line 9: a quoted line", line: 9, column: 0 },
      "Line 9: line 9: a quoted line",
    ],
  ])("%j", (error, expected) => {
    expect(formatRunError(error)).toBe(expected);
  });
});

describe("shownName", () => {
  it.each([
    ["a", "a"],
    ["x".repeat(SHOWN_NAME_CHARS), "x".repeat(SHOWN_NAME_CHARS)],
    [`start${"x".repeat(10_000)}the_end!`, `startxxxxxxxxxxxxxxxxx…the_end!`],
    // 32 emoji are 64 UTF-16 units but 32 characters: shown whole.
    ["🦀".repeat(SHOWN_NAME_CHARS), "🦀".repeat(SHOWN_NAME_CHARS)],
    ["🦀".repeat(40), `${"🦀".repeat(22)}…${"🦀".repeat(8)}`],
  ])("%s", (name, shown) => {
    expect(shownName(name)).toBe(shown);
    expect(Array.from(shownName(name)).length).toBeLessThanOrEqual(SHOWN_NAME_CHARS);
  });
});
