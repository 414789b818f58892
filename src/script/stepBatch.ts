/**
 * What a step source writes and the engine reads: steps as columns of typed
 * arrays, so a run takes steps without allocating. The one encoding of a
 * step's kind, from the cursor to the engine's outcome code.
 */

/** A step's kind. */
export const StepKind = {
  /** `amounts` holds the size asked for. */
  Acquire: 0,
  Release: 1,
  /** `amounts` holds the new length. */
  Resize: 2,
} as const;

/** One of {@link StepKind}'s values. */
export type StepKind = (typeof StepKind)[keyof typeof StepKind];

/** The most stretches of repeated blocks a batch notes (see {@link StepBatch.repeats}). */
export const MAX_REPEATS = 64;

/**
 * Caller-owned arrays a cursor writes steps into (see `StepCursor.fill`),
 * index k holding the k-th step written.
 *
 * A buffer has two numbers here. Its **id** names it for people (see
 * `Program.bufferName`) and never changes. Its **handle** is a small number
 * the source gives it while it is held and hands out again once it is
 * released, so whoever keeps the buffers can keep them in a plain array
 * indexed by handle: handles stay below the most buffers ever held at once.
 */
export class StepBatch {
  /** {@link StepKind} of each step. */
  readonly kinds: Uint8Array;
  /** An acquire's size or a resize's length, in bytes; 0 for a release. */
  readonly amounts: Float64Array;
  /** The buffer's id. */
  readonly buffers: Float64Array;
  /** The buffer's handle. */
  readonly handles: Int32Array; // 32-bit: below the most buffers held at once (see above)
  /** The statement's line (a trace's line number for a trace). */
  readonly lines: Int32Array; // 32-bit: a script has < 2^20 lines, a trace (≤ 1 GiB) < 2^30

  /**
   * Stretches of the batch that repeat one block of steps exactly (the same
   * kinds, amounts and handles; only unnamed ids move on): `repeats` of
   * them, the r-th starting at `repeatStarts[r]`, `repeatCounts[r]` blocks of
   * `repeatLengths[r]` steps. A cursor notes the rounds it writes from a
   * record (see `rounds.ts`), at most {@link MAX_REPEATS} a batch; a fill
   * starts with none. The engine may run such blocks without redoing its
   * bookkeeping for each (`engine/blocks.ts`).
   */
  repeats = 0;
  readonly repeatStarts = new Int32Array(MAX_REPEATS); // 32-bit: batch indices
  readonly repeatLengths = new Int32Array(MAX_REPEATS); // 32-bit: batch indices
  readonly repeatCounts = new Int32Array(MAX_REPEATS); // 32-bit: batch indices

  constructor(
    /** The most steps one fill writes. */
    readonly capacity: number,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.amounts = new Float64Array(capacity);
    this.buffers = new Float64Array(capacity);
    this.handles = new Int32Array(capacity); // 32-bit: handles, as above
    this.lines = new Int32Array(capacity); // 32-bit: lines, as above
  }

  /** Notes that `count` blocks of `length` steps from `start` repeat one block (see {@link repeats}). */
  addRepeat(start: number, length: number, count: number): void {
    if (this.repeats === MAX_REPEATS) return;
    const r = this.repeats++;
    this.repeatStarts[r] = start;
    this.repeatLengths[r] = length;
    this.repeatCounts[r] = count;
  }
}

/**
 * Writes `total` values into `into` from `at`: `round` over and over, copied
 * once and then doubled by `copyWithin`, so many short blocks cost a few
 * copies. A column of recorded rounds (`rounds.ts`) and of replayed outcomes
 * (`engine/blocks.ts`) are written so.
 */
export function repeatInto<T extends Uint8Array | Int32Array | Float64Array>( // 32-bit: a type, no arithmetic
  into: T,
  round: T,
  at: number,
  total: number,
): void {
  into.set(round, at);
  for (let written = round.length; written < total; written *= 2) {
    into.copyWithin(at + written, at, at + Math.min(written, total - written));
  }
}
