import { describe, expect, it } from "vitest";
import { parseOptions, UsageError } from "./options.ts";

describe("bench:engine options", () => {
  it("runs the whole suite by default", () => {
    expect(parseOptions([])).toEqual({ json: false, script: null, steps: null, parts: false });
  });

  it("reads --json, --script, --steps and --parts", () => {
    expect(
      parseOptions(["--json", "--script", "w.txt", "--steps", "100_000_000", "--parts"]),
    ).toEqual({
      json: true,
      script: "w.txt",
      steps: 100_000_000,
      parts: true,
    });
    expect(parseOptions(["--steps=5"]).steps).toBe(5);
  });

  it.each([
    [["--fast"]],
    [["extra"]],
    [["--script"]],
    [["--steps"]],
    [["--steps", "0"]],
    [["--steps", "1e8"]],
    [["--steps", "-3"]],
    [["--steps", "2.5"]],
    [["--json=yes"]],
    [["--parts=no"]],
  ])("refuses %j", (args) => {
    expect(() => parseOptions(args)).toThrow(UsageError);
  });
});
