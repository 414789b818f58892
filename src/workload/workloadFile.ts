/**
 * A workload file of either kind: a trace in one of SPEC §2b's formats, or a
 * script. For the CLI and the engine benchmark, which take either.
 */
import { ScriptError, compile, type Program } from "../script/index.ts";
import { detectFormat } from "./detect.ts";
import { readTrace, type TraceRejection } from "./reader.ts";
import type { Trace } from "./trace.ts";

/** What a workload file turned out to be. */
export type Workload =
  | { readonly kind: "trace"; readonly trace: Trace }
  | { readonly kind: "script"; readonly program: Program }
  /** A trace refused (bad lines, a limit). */
  | { readonly kind: "rejected"; readonly rejection: TraceRejection }
  /** Neither a trace nor a script that compiles: the script's error. */
  | { readonly kind: "script-error"; readonly error: ScriptError };

/**
 * Reads `text` as a trace when its content says it is one, else as a script.
 * A script's first lines may look like a pool trace (`acquire 4KB` is a
 * statement, `acquire h1 8193` an event): a text detected as a pool trace
 * that is refused as one but compiles is a script.
 */
export function readWorkload(text: string, name: string, totalBytes?: number): Workload {
  const format = detectFormat(text, true);
  if (format !== undefined && format !== "undecided") {
    const result = readTrace(text, totalBytes === undefined ? { name } : { name, totalBytes });
    if (result.ok) return { kind: "trace", trace: result.trace };
    if (format !== "pool-trace") return { kind: "rejected", rejection: result.rejection };
    try {
      return { kind: "script", program: compile(text) };
    } catch {
      return { kind: "rejected", rejection: result.rejection };
    }
  }
  try {
    return { kind: "script", program: compile(text) };
  } catch (thrown) {
    if (thrown instanceof ScriptError) return { kind: "script-error", error: thrown };
    throw thrown;
  }
}
