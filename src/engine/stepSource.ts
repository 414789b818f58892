/**
 * Where a run's steps come from. A compiled script (`script/`'s `Program`)
 * is one step source; a trace file (`workload/`) is another. The engine
 * needs nothing else of them, so any workload runs, steps back and scrubs
 * the same way.
 */
import type { StepBatch } from "../script/index.ts";

/** A position in a step source that can be saved and resumed. */
export interface SourceCursor<State> {
  /**
   * Writes the next steps, at most `max`, into `batch` from index 0 and
   * returns how many; 0 at the end. A fill stops before a step that fails
   * (a misused name, a limit): the next call throws that error, with its
   * `line` and `column` (see `ScriptError`).
   */
  fill(batch: StepBatch, max: number): number;
  /** Where the cursor is, structured-cloneable: `StepSource.cursor(state)` resumes it exactly. */
  save(): State;
}

/** A deterministic sequence of pool operations: the same steps every time. */
export interface StepSource<State = unknown> {
  /** capacity_per_class the workload asks for, if it does. */
  readonly capacity: number | undefined;
  /** A cursor at the first step, or resumed where a cursor of this source saved `state`. */
  cursor(state?: State): SourceCursor<State>;
  /** The name of the buffer with this id, as the page shows it. */
  bufferName(id: number): string;
  /** The id of the buffer called `name`, or -1 when the source has none. */
  bufferId(name: string): number;
}
