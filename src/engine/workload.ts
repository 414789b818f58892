/**
 * Opening a workload: the one place that turns a file's text into a step
 * source, for the worker, the CLI and the tests alike. The format is found
 * from the content (SPEC §2b): a trace in one of four formats, or a script.
 */
import { readWorkload, type TraceFormat, type TraceRejection } from "../workload/index.ts";
import type { StepSource } from "./stepSource.ts";

/** The formats of SPEC §5's `data-format`. */
export type WorkloadFormat = "script" | TraceFormat;

/** A workload ready to run. */
export interface Workload {
  /** What the user calls it: the file's name, or "-" for standard input. */
  readonly name: string;
  readonly format: WorkloadFormat;
  /** Its steps; a session or a replay runs it. */
  readonly source: StepSource;
  /** Steps in a trace file (its events); undefined for a script, which may never end. */
  readonly events: number | undefined;
}

/** A trace file refused: its bad lines (with line numbers) or the limit it is over. Nothing runs. */
export class WorkloadRejected extends Error {
  constructor(readonly rejection: TraceRejection) {
    super(rejection.message);
    this.name = "WorkloadRejected";
  }
}

/**
 * Opens a workload from its text.
 *
 * @throws ScriptError (with `line` and `column`) when the text is a script that does not compile.
 * @throws WorkloadRejected when it is a trace with bad lines, or over a limit.
 */
export function openWorkload(text: string, name: string, totalBytes?: number): Workload {
  const workload = readWorkload(text, name, totalBytes);
  switch (workload.kind) {
    case "trace": {
      const { trace } = workload;
      return { name, format: trace.format, source: trace, events: trace.events };
    }
    case "script":
      return { name, format: "script", source: workload.program, events: undefined };
    case "rejected":
      throw new WorkloadRejected(workload.rejection);
    case "script-error":
      throw workload.error;
  }
}
