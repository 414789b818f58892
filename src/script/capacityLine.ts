/**
 * The script's own `capacity N` line, rewritten. A `capacity` line wins over
 * the page's setting (SPEC §5), so "Use capacity N" must change the line, or
 * the setting would change and the run would not.
 */
import type { Script } from "./ast.ts";
import { parse } from "./parse.ts";

/** `capacity`, the blanks after it, and the number as written (up to a blank or a comment). */
const CAPACITY_LINE = /^capacity([ \t]+)([^\s#]+)/;

/**
 * `source` with its `capacity` line set to `capacity`, everything else kept
 * byte for byte; `source` itself when it has no such line or does not parse
 * (a script that does not parse does not run, so its line decides nothing).
 */
export function withCapacity(source: string, capacity: number): string {
  let script: Script;
  try {
    script = parse(source);
  } catch {
    return source;
  }
  // A `capacity` line is only ever at the top level (the parser refuses it in a block).
  const line = script.statements.find((statement) => statement.kind === "capacity");
  if (line === undefined) return source;
  const at = line.start.offset;
  const match = CAPACITY_LINE.exec(source.slice(at));
  if (match === null) return source;
  return `${source.slice(0, at)}capacity${match[1]}${capacity}${source.slice(at + match[0].length)}`;
}
