/**
 * Opening a workload: the one place that turns a file's text into a step
 * source, for the worker, the CLI and the tests alike. Today every text is a
 * script; the trace formats of SPEC §2b come in here too: detect the format,
 * then parse a trace or compile a script.
 */
import { compile } from "../script/index.ts";
import type { StepSource } from "./stepSource.ts";

/** The formats of SPEC §5's `data-format`. */
export type WorkloadFormat = "script" | "pool-trace" | "malloc-lab" | "csv" | "jsonl";

/** A workload ready to run. */
export interface Workload {
  /** What the user calls it: the file's name, or "-" for standard input. */
  readonly name: string;
  readonly format: WorkloadFormat;
  /** Its steps; a session or a replay runs it. */
  readonly source: StepSource;
}

/** The format of a workload's text. Every text is a script until trace formats are detected. */
export function detectFormat(_text: string): WorkloadFormat {
  return "script";
}

/**
 * Opens a workload from its text. Throws `ScriptError` (with `line` and
 * `column`) when the text is not a valid workload of its format.
 */
export function openWorkload(text: string, name: string): Workload {
  const format = detectFormat(text);
  return { name, format, source: compile(text) };
}
