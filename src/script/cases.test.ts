import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile, format, LIMITS } from "./index.ts";
import { cursorLines, errorLine } from "./stepLines.ts";

/**
 * Runs every case in `cases/*.txt`. A case is a `# name` line, the script,
 * then `==>` and the expected result, one line each:
 *
 *     capacity 4 / seed 42          the program's settings, when the script has them
 *     acquire a 4096 @1             a step: kind, buffer name, size or length, @line
 *     error 3:5 unknown statement   a ScriptError: line:column, then its reason
 *     ...                           (last) only the steps listed are taken
 *
 * or `==> format` and the exact output of `format`. The next `# name` line
 * starts the next case; script lines may be `#` comments, expected lines never are.
 */
const CASES = fileURLToPath(new URL("./cases/", import.meta.url));
const MAX_STEPS = 10_000;

interface Case {
  readonly name: string;
  readonly source: string;
  readonly mode: "steps" | "format";
  readonly expected: readonly string[];
}

for (const file of readdirSync(CASES).filter((name) => name.endsWith(".txt"))) {
  describe(file, () => {
    for (const testCase of readCases(readFileSync(CASES + file, "utf8"))) {
      it(testCase.name, () => check(testCase));
    }
  });
}

describe("cases too big or too odd for a text file", () => {
  const nearlyFull = "acquire 4KB\n" + "#".repeat(LIMITS.maxScriptChars - 12);
  const generated: Case[] = [
    {
      name: "a script of exactly 1 MiB of text is accepted",
      source: nearlyFull,
      mode: "steps",
      expected: ["acquire #1 4096 @1"],
    },
    {
      name: "one character more is refused where it goes over",
      source: nearlyFull + "#",
      mode: "steps",
      expected: [
        `error 2:${LIMITS.maxScriptChars - 11} the script is too long: 1048577 characters, ` +
          "and the limit is 1048576 (1 MiB of text); this is where it goes over",
      ],
    },
    {
      name: "Windows line ends count as line ends",
      source: "a = acquire 4KB\r\n\r\nrelease a\r\nrelease a\r\n",
      mode: "steps",
      expected: [
        "acquire a 4096 @1",
        "release a @3",
        "error 4:1 release a — a was already released at line 3",
      ],
    },
  ];
  for (const testCase of generated) it(testCase.name, () => check(testCase));
});

function check({ source, mode, expected }: Case): void {
  if (mode === "format") {
    expect(format(source)).toBe(expected.map((line) => `${line}\n`).join(""));
    return;
  }
  const stepLimit = expected.at(-1) === "..." ? expected.filter(isStepLine).length : MAX_STEPS;
  expect(run(source, stepLimit)).toEqual(expected);
  // Every script that compiles runs the same after a trip through `format`
  // (lines move, so only the steps' other fields are compared).
  if (!expected[0]?.startsWith("error")) {
    const tidy = run(format(source), stepLimit).map(withoutPlace);
    expect(tidy, `after format:\n${format(source)}`).toEqual(expected.map(withoutPlace));
  }
}

function run(source: string, stepLimit: number): string[] {
  let program;
  try {
    program = compile(source);
  } catch (error) {
    return [errorLine(error)];
  }
  return [
    ...(program.capacity === undefined ? [] : [`capacity ${program.capacity}`]),
    ...(program.seed === undefined ? [] : [`seed ${program.seed}`]),
    ...cursorLines(program.steps(), stepLimit),
  ];
}

function isStepLine(line: string): boolean {
  return /^(acquire|release|resize) /.test(line);
}

/** A result line without source positions, which `format` moves. */
function withoutPlace(line: string): string {
  return line.replace(/ @\d+$/, "").replace(/^error \d+:\d+ .*/, "error");
}

function readCases(text: string): Case[] {
  const lines = text.split("\n");
  const cases: Case[] = [];
  let i = 0;
  const trimmed = (block: string[]) => {
    while (block.length > 0 && block.at(-1)!.trim() === "") block.pop();
    return block;
  };
  while (i < lines.length) {
    if (lines[i]!.trim() === "") {
      i++;
      continue;
    }
    const name = /^# (.+)$/.exec(lines[i]!)?.[1];
    if (name === undefined) throw new Error(`line ${i + 1}: a case starts with '# name'`);
    const script: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith("==>"); i++) script.push(lines[i]!);
    const arrow = lines[i]?.trim();
    if (arrow !== "==>" && arrow !== "==> format") {
      throw new Error(`case '${name}': expected '==>' or '==> format' after the script`);
    }
    const mode = arrow === "==>" ? "steps" : "format";
    const expected: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith("#"); i++) {
      if (mode === "format" || lines[i]!.trim() !== "") expected.push(lines[i]!);
    }
    cases.push({ name, source: trimmed(script).join("\n"), mode, expected: trimmed(expected) });
  }
  return cases;
}
