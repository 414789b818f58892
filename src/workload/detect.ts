/** Tells a trace's format from its first lines (SPEC §2b). */
import Papa from "papaparse";
import type { TraceFormat } from "./limits.ts";

const POOL_TRACE_OPS = new Set(["capacity", "acquire", "release", "resize"]);
const NUMBER_LINE = /^\s*[0-9]+\s*$/;

/**
 * The format of a file that starts with `head`, judged by its first line that
 * is neither blank nor a `#` comment: `{` starts JSON Lines, a pool-trace op
 * a pool trace, a plain number a malloc-lab header, and a row naming op, id
 * and size a CSV header. Undefined when it is none of these; "undecided" when
 * `head` has no complete such line yet and more of the file follows
 * (`complete` false).
 */
export function detectFormat(
  head: string,
  complete: boolean,
): TraceFormat | undefined | "undecided" {
  let from = 0;
  for (;;) {
    const end = head.indexOf("\n", from);
    if (end < 0 && !complete) return "undecided";
    const line = (end < 0 ? head.slice(from) : head.slice(from, end)).trim();
    if (line !== "" && !line.startsWith("#")) return formatOf(line);
    if (end < 0) return undefined;
    from = end + 1;
  }
}

function formatOf(line: string): TraceFormat | undefined {
  if (line.startsWith("{")) return "jsonl";
  if (NUMBER_LINE.test(line)) return "malloc-lab";
  const first = line.split(/[\t\f\r ]/, 1)[0]!;
  if (POOL_TRACE_OPS.has(first)) return "pool-trace";
  const header = Papa.parse<string[]>(line, { delimiter: "," }).data[0] ?? [];
  const names = new Set(header.map((name) => name.trim().toLowerCase()));
  return names.has("op") && names.has("id") && names.has("size") ? "csv" : undefined;
}
