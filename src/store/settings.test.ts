/**
 * One limit per setting, and the same words whatever sets it. Capacity's
 * limit and words are the script language's: the page must say exactly what
 * a `capacity` line says, so this test reads both.
 */
import { describe, expect, it } from "vitest";
import { ScriptError, compile } from "../script/index.ts";
import { LIMITS } from "../worker/protocol.ts";
import { SETTING_LIMITS, isSpeed, isWithinLimit, readSetting } from "./settings.ts";

/** What a `capacity N` line says about N, without its location; null when it is taken. */
function capacityLineSays(text: string): string | null {
  try {
    compile(`capacity ${text}\nacquire 4KB\n`);
    return null;
  } catch (thrown) {
    if (!(thrown instanceof ScriptError)) throw thrown;
    return thrown.reason;
  }
}

describe("settings", () => {
  it("capacity's limit is the script language's", () => {
    expect(SETTING_LIMITS.capacity.max).toBe(LIMITS.maxCapacity);
  });

  it.each([
    "0",
    "4",
    String(LIMITS.maxCapacity),
    String(LIMITS.maxCapacity + 1),
    "9999999999",
    "99999999999999999999",
    "-1",
    "1.5",
  ])("capacity %s: the page says what a capacity line says", (text) => {
    const read = readSetting("capacity", text);
    expect("problem" in read ? read.problem : null).toBe(capacityLineSays(text));
  });

  it.each<[Parameters<typeof readSetting>, ReturnType<typeof readSetting>]>([
    [["capacity", " 12 "], { value: 12 }],
    [["capacity", ""], { problem: "enter a whole number from 0 to 1000000" }],
    [["capacity", "1e3"], { problem: "'1e3' is not a whole number" }],
    [["memoryBudgetMiB", "1"], { value: 1 }],
    [["memoryBudgetMiB", "16384"], { value: 16384 }],
    [
      ["memoryBudgetMiB", "16385"],
      { problem: "'16385' is too large: the memory budget is at most 16384 MiB (16 GiB)" },
    ],
    [
      ["memoryBudgetMiB", "0"],
      { problem: "'0' is too small: the memory budget is at least 1 MiB" },
    ],
    [["memoryBudgetMiB", "-4"], { problem: "the memory budget can't be negative" }],
  ])("reads %j", (args, expected) => {
    expect(readSetting(...args)).toEqual(expected);
  });

  it.each<[unknown, boolean]>([
    ["max", true],
    [1, true],
    [1000, true],
    [1001, false],
    [0, false],
    [0.5, false],
    ["4", false],
    [null, false],
  ])("speed %j is one the page runs at: %s", (value, expected) => {
    expect(isSpeed(value)).toBe(expected);
  });

  it("checks a stored value against the same limit", () => {
    expect(isWithinLimit("capacity", LIMITS.maxCapacity)).toBe(true);
    expect(isWithinLimit("capacity", LIMITS.maxCapacity + 1)).toBe(false);
    expect(isWithinLimit("capacity", "4")).toBe(false);
    expect(isWithinLimit("memoryBudgetMiB", 0)).toBe(false);
  });
});
