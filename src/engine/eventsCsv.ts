/**
 * `pool-events.csv` and `cli export --events`: every step of a run, one line
 * each, written from a fresh {@link Replay} of the workload in chunks, so a
 * run of 10⁶ steps is never held twice (nor once: only a chunk of text is).
 *
 * Columns, after a heading line:
 * - `step`: the step's number, from 1;
 * - `line`: the workload's line it came from;
 * - `op`: `acquire`, `release` or `resize`;
 * - `name`: the buffer's name (quoted, as every text field);
 * - `size`: bytes asked for (an acquire) or the new length (a resize); empty for a release;
 * - `class`: the class size in bytes, or `oversized`;
 * - `outcome`: `recycle` | `miss` (acquire), `pooled` | `dropped-full` |
 *   `dropped-oversized` (release), `fits` | `grown` (resize);
 * - `capacity`: the buffer's capacity after the step (a release: the capacity given back);
 * - `allocations`, `recycles`, `misses`, `retainedBytes`, `heldBytes`: the
 *   pool's counters and bytes after the step.
 */
import { SIZE_CLASSES } from "../pool/index.ts";
import { StepKind } from "../script/index.ts";
import { csvLines, type CsvField } from "./csv.ts";
import { OVERSIZED_SLOT } from "./slots.ts";
import { Outcome, kindOf, outcomeOf, slotOfCode } from "./outcomes.ts";
import { Replay, retainedChange } from "./replay.ts";
import type { SessionOptions } from "./session.ts";
import type { StepSource } from "./stepSource.ts";
import type { RunError } from "./types.ts";

/** The heading of the events CSV. */
export const EVENT_COLUMNS = [
  "step",
  "line",
  "op",
  "name",
  "size",
  "class",
  "outcome",
  "capacity",
  "allocations",
  "recycles",
  "misses",
  "retainedBytes",
  "heldBytes",
] as const;

const OUTCOMES: Record<StepKind, readonly string[]> = {
  [StepKind.Acquire]: ["recycle", "miss"],
  [StepKind.Release]: ["pooled", "dropped-full", "dropped-oversized"],
  [StepKind.Resize]: ["fits", "grown"],
};
const OPS: Record<StepKind, string> = {
  [StepKind.Acquire]: "acquire",
  [StepKind.Release]: "release",
  [StepKind.Resize]: "resize",
};

/** A piece of the events CSV. */
export interface EventsChunk {
  /** CSV lines, each ending in CRLF. */
  readonly text: string;
  /** Steps written so far, this chunk's included (for progress). */
  readonly steps: number;
}

/**
 * The events CSV of `source` run from its start, in chunks of about
 * `stepsPerChunk` lines (the heading comes with the first). Joined, the
 * chunks' texts are the whole file. The generator returns why the run stopped
 * early, or null when it ran to its end.
 */
export function* eventsCsv(
  source: StepSource,
  options: SessionOptions,
  stepsPerChunk = 8192,
): Generator<EventsChunk, RunError | null, void> {
  const run = new Replay(source, options);
  const { batch, outcomes } = run;
  let rows: CsvField[][] = [[...EVENT_COLUMNS]];
  let step = 0;
  let recycles = 0;
  let misses = 0;
  let retained = 0;
  let held = 0;
  for (let count = run.next(); count > 0; count = run.next()) {
    for (let k = 0; k < count; k++) {
      const code = outcomes.codes[k]!;
      const capacity = outcomes.capacities[k]!;
      const kind = kindOf(code);
      const outcome = outcomeOf(code);
      const slot = slotOfCode(code);
      retained += retainedChange(code, capacity);
      if (kind === StepKind.Acquire) {
        if (outcome === Outcome.Recycle) recycles++;
        else misses++;
        held += capacity;
      } else if (kind === StepKind.Release) {
        held -= capacity;
      } else {
        held += capacity - outcomes.previous[k]!;
      }
      rows.push([
        ++step,
        batch.lines[k]!,
        OPS[kind],
        source.bufferName(batch.buffers[k]!),
        kind === StepKind.Release ? null : batch.amounts[k]!,
        slot === OVERSIZED_SLOT ? "oversized" : SIZE_CLASSES[slot]!,
        OUTCOMES[kind][outcome]!,
        capacity,
        recycles + misses,
        recycles,
        misses,
        retained,
        held,
      ]);
    }
    if (rows.length >= stepsPerChunk) {
      yield { text: csvLines(rows), steps: step };
      rows = [];
    }
  }
  if (rows.length > 0) yield { text: csvLines(rows), steps: step };
  return run.error;
}
