/**
 * Nowhere in the code may a 32-bit operator (`>>>`, `| 0`, `<<`, `Int32Array`)
 * touch a step number or a byte count unless a comment says why the value
 * fits: a run goes past 2^32 steps, and memory past 2^31 bytes. A reader
 * cannot tell a step count from a class index by its operator, so every use
 * is marked: `// 32-bit: why it fits`, on the same line, the line above, or
 * atop the `//` comment right above it.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The operators and arrays that keep only 32 bits of a number. */
const THIRTY_TWO_BIT = [/>>>/, /<</, /(?<!\|)\|(?!\|)\s*0(?![\w.])/, /\bInt32Array\b/];

/** A comment that says why the value fits: `// 32-bit:` and at least a word. */
const MARK = /\/\/\s*32-bit:\s*\S/;

/** A line of code where a 32-bit operator is used without a mark. */
export interface Unmarked {
  readonly line: number;
  readonly text: string;
}

/** The code of a line: without a trailing `//` comment; nothing for a comment line. */
function codeOf(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*")) return "";
  const comment = line.indexOf("//");
  return comment < 0 ? line : line.slice(0, comment);
}

/** Whether line `index` is marked: on itself, on the line above, or in the `//` comment right above. */
function isMarked(lines: readonly string[], index: number): boolean {
  if (MARK.test(lines[index]!) || MARK.test(lines[index - 1] ?? "")) return true;
  for (let above = index - 1; above >= 0 && lines[above]!.trim().startsWith("//"); above--) {
    if (MARK.test(lines[above]!)) return true;
  }
  return false;
}

/** The lines of `source` that use a 32-bit operator without a mark. */
export function unmarked32BitUses(source: string): Unmarked[] {
  const lines = source.split("\n");
  return lines.flatMap((text, index) => {
    const code = codeOf(text);
    if (!THIRTY_TWO_BIT.some((operator) => operator.test(code))) return [];
    if (isMarked(lines, index)) return [];
    return [{ line: index + 1, text: text.trim() }];
  });
}

const SRC = fileURLToPath(new URL(".", import.meta.url));

/** Every source file under src/, tests and benchmarks left out. */
function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    if (!/\.tsx?$/.test(entry.name) || /\.(test|bench)\.ts$/.test(entry.name)) return [];
    return [path];
  });
}

describe("the scanner", () => {
  it.each<[string, string, number[]]>([
    ["an unsigned shift", "const x = seed >>> 0;", [1]],
    ["a left shift", "const size = 4096 << k;", [1]],
    ["a shift-assign", "bits <<= 2;", [1]],
    ["`| 0`", "const n = steps | 0;", [1]],
    ["`|0`", "const n = bytes|0;", [1]],
    ["an Int32Array", "const lines = new Int32Array(n);", [1]],
    ["an Int32Array type", "readonly handles: Int32Array;", [1]],
    ["a mark on the same line", "const x = seed >>> 0; // 32-bit: a seed is a uint32", []],
    [
      "a mark on the line above",
      "// 32-bit: class sizes are at most 2^20\nconst s = 4096 << k;",
      [],
    ],
    ["a mark two lines above", "// 32-bit: fits\n\nconst s = 4096 << k;", [3]],
    [
      "a mark atop the comment above",
      "// 32-bit: fits, because\n// of this\nconst s = 1 << k;",
      [],
    ],
    ["a mark above another line", "// 32-bit: fits\nconst a = 1;\nconst s = 1 << k;", [3]],
    ["a mark that says nothing", "const n = steps | 0; // 32-bit:", [1]],
    ["a mark for the line above only", "// 32-bit: fits\na >>> 0;\nb >>> 0;", [3]],
    ["logical or", "const step = saved || 0;", []],
    ["an or with another number", "const t = x | 0x10;", []],
    ["a Float64Array", "const amounts = new Float64Array(n);", []],
    ["a doc comment", "/** uses >>> on purpose */\n * and << too", []],
    ["a trailing comment", "const a = b; // not b >>> 0", []],
    ["a comparison", "if (a < b && c > d) return;", []],
  ])("%s", (_, source, lines) => {
    expect(unmarked32BitUses(source).map((use) => use.line)).toEqual(lines);
  });

  it("finds a planted unmarked use among marked ones", () => {
    const planted = [
      "// 32-bit: the state is a uint32 by design",
      "this.state = state >>> 0;",
      "const step = this.step | 0;",
    ].join("\n");
    expect(unmarked32BitUses(planted)).toEqual([{ line: 3, text: "const step = this.step | 0;" }]);
  });
});

describe("the code under src/", () => {
  it("marks every 32-bit operator with why the value fits", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) =>
      unmarked32BitUses(readFileSync(file, "utf8")).map(
        (use) => `${relative(SRC, file)}:${use.line}: ${use.text}`,
      ),
    );
    expect(found).toEqual([]);
  });
});
