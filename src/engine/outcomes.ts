/**
 * What a step did, as one byte (its **code**): the step's kind, its outcome
 * and the per-class index of its buffer. The ledger writes codes; the event
 * feed and the predict mode read them.
 */
import type { StepKind } from "../script/index.ts";

/** Outcome numbers; what they mean depends on the step's kind. */
export const Outcome = {
  /** An acquire served from the free list. */
  Recycle: 0,
  /** An acquire that allocated a fresh buffer. */
  Miss: 1,
  /** A release that put the buffer on its free list. */
  Pooled: 0,
  /** A release that dropped the buffer: its free list was full. */
  DroppedFull: 1,
  /** A release that dropped an oversized buffer. */
  DroppedOversized: 2,
  /** A resize within the buffer's capacity. */
  Fits: 0,
  /** A resize that grew the buffer's capacity. */
  Grown: 1,
} as const;

/** A step's code: kind (2 bits), outcome (2 bits), per-class index 0…9 (4 bits). */
export function stepCode(kind: StepKind, outcome: number, slot: number): number {
  // 32-bit: three small fields packed into one byte
  return kind | (outcome << 2) | (slot << 4);
}

/** The kind of a step's code. */
export function kindOf(code: number): StepKind {
  return (code & 3) as StepKind;
}

/** The outcome of a step's code. */
export function outcomeOf(code: number): number {
  return (code >> 2) & 3;
}

/** The per-class index (0…8, 9 oversized) of a step's code. */
export function slotOfCode(code: number): number {
  return code >> 4;
}

/** Per step of a `StepBatch`, at the same index: what the ledger noted. */
export class StepOutcomes {
  /** The step's code. */
  readonly codes: Uint8Array;
  /** The buffer's capacity after the step (a release: the capacity it gave back). */
  readonly capacities: Float64Array;
  /** A resize's capacity before it. */
  readonly previous: Float64Array;

  constructor(capacity: number) {
    this.codes = new Uint8Array(capacity);
    this.capacities = new Float64Array(capacity);
    this.previous = new Float64Array(capacity);
  }
}
