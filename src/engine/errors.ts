/**
 * Why a run stops, in words. A message says what went wrong; where (`line`,
 * `column`) travels beside it in the {@link RunError}, and the page and the
 * CLI put the two together.
 */
import type { PooledBuffer } from "../pool/index.ts";
import { ScriptError, StepKind, type StepBatch } from "../script/index.ts";
import { bytesTaken, slotForSize } from "./slots.ts";
import type { RunError } from "./types.ts";

/** Why the ledger refused a step. */
export type Refusal =
  /** An acquire into a handle that still holds a buffer. */
  | "held"
  /** A release or resize of a handle that holds none (a click released it). */
  | "not-held"
  /** The step would take live + pooled bytes over the memory budget. */
  | "budget";

/**
 * Why the ledger refused step `k` of `batch`, whose handle holds `buffer`
 * (null: none), with `heldBytes` held and `retainedBytes` pooled; for the
 * budget, also the live + pooled bytes the step would have made.
 */
export function whyRefused(
  batch: StepBatch,
  k: number,
  buffer: PooledBuffer | null,
  heldBytes: number,
  retainedBytes: number,
): { refusal: Refusal; totalBytes: number } {
  const size = batch.amounts[k]!;
  if (batch.kinds[k] === StepKind.Acquire) {
    if (buffer !== null) return { refusal: "held", totalBytes: 0 };
    const classSize = bytesTaken(size, slotForSize(size));
    return { refusal: "budget", totalBytes: heldBytes + retainedBytes + classSize };
  }
  if (buffer === null) return { refusal: "not-held", totalBytes: 0 };
  // A resize: it grows to twice its capacity, or to the length asked if more.
  const capacity = buffer.capacity;
  const grown = Math.max(2 * capacity, size) - capacity;
  return { refusal: "budget", totalBytes: heldBytes + retainedBytes + grown };
}

/** An error a run raises: a misuse of a buffer or a limit. */
export class RunStop extends Error {
  constructor(readonly error: RunError) {
    super(error.message);
  }
}

/** What the session knows of a step the ledger refused. */
export interface RefusedStep {
  readonly kind: StepKind;
  readonly name: string;
  /** The step's line, 0 for a click. */
  readonly line: number;
  /** Whether a click released this buffer earlier. */
  readonly releasedByClick: boolean;
  /** For the budget: the live + pooled bytes the step would have made, and the budget. */
  readonly totalBytes: number;
  readonly budgetBytes: number;
}

const VERBS = ["acquire", "release", "resize"] as const;

/** The error for a step the ledger refused. */
export function refusalError(refusal: Refusal, step: RefusedStep): RunStop {
  const { name, line } = step;
  const what = `${VERBS[step.kind]} ${name}`;
  switch (refusal) {
    case "held":
      return new RunStop({
        kind: "runtime",
        message: `${what} — ${name} still holds a buffer; release it first`,
        line,
        column: 0,
      });
    case "not-held":
      return new RunStop({
        kind: "runtime",
        message: `${what} — ${
          step.releasedByClick
            ? `${name} was already released by a click on the page`
            : `no buffer named ${name} is held`
        }`,
        line,
        column: 0,
      });
    case "budget":
      return new RunStop({
        kind: "limit",
        message:
          `${what} would bring live + pooled memory to ${formatMiB(step.totalBytes)}, ` +
          `over the memory budget of ${formatMiB(step.budgetBytes)} — raise the budget or release buffers`,
        line,
        column: 0,
      });
  }
}

/** Turns anything a run throws into the error the page shows. */
export function toRunError(thrown: unknown): RunError {
  if (thrown instanceof RunStop) return thrown.error;
  if (thrown instanceof ScriptError) {
    return {
      kind: thrown.phase === "parse" ? "syntax" : "runtime",
      message: thrown.reason,
      line: thrown.line,
      column: thrown.column,
    };
  }
  if (thrown instanceof RangeError) {
    return { kind: "limit", message: thrown.message, line: 0, column: 0 };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { kind: "crash", message, line: 0, column: 0 };
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MiB`;
}
