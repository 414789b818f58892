import type { Step } from "./program.ts";
import { ScriptError } from "./scriptError.ts";

/**
 * Steps written down one per line, as the tests compare them:
 * `acquire a 4096 @1`, `release a @2`, `resize a 100 @3` (`@` the line).
 */
export function stepLine(step: Step): string {
  switch (step.kind) {
    case "acquire":
      return `acquire ${step.name} ${step.size} @${step.line}`;
    case "release":
      return `release ${step.name} @${step.line}`;
    case "resize":
      return `resize ${step.name} ${step.length} @${step.line}`;
  }
}

/**
 * Up to `stepLimit` steps of a cursor as lines; then `...` if steps remain, or
 * `error LINE:COLUMN REASON` if it stopped at a ScriptError (other errors propagate).
 */
export function cursorLines(cursor: Iterator<Step, undefined>, stepLimit: number): string[] {
  const lines: string[] = [];
  try {
    for (;;) {
      const result = cursor.next();
      if (result.done) return lines;
      if (lines.length === stepLimit) return [...lines, "..."];
      lines.push(stepLine(result.value));
    }
  } catch (error) {
    return [...lines, errorLine(error)];
  }
}

/** A ScriptError as `error LINE:COLUMN REASON`; anything else is rethrown. */
export function errorLine(error: unknown): string {
  if (!(error instanceof ScriptError)) throw error;
  return `error ${error.line}:${error.column} ${error.reason}`;
}
