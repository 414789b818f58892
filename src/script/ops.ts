/**
 * The compiled form of a script: a flat list of instructions, one per
 * statement, with repeats as a REPEAT … END pair. The compiler writes it and
 * the cursor runs it.
 */
import type { Statement } from "./ast.ts";
import { formatStatement } from "./format.ts";

export const ACQUIRE = 0;
export const ACQUIRE_RANDOM = 1;
export const RELEASE_NAME = 2;
export const RELEASE_NEWEST = 3;
export const RELEASE_OLDEST = 4;
export const RELEASE_RANDOM = 5;
export const RELEASE_ALL = 6;
export const RESIZE = 7;
export const REPEAT = 8;
export const END = 9;
/** An acquire whose size is drawn from `table` (weighted choice, log-uniform range); `a` is its total weight. */
export const ACQUIRE_TABLE = 10;
/** `repeat random a..b`: draws the count; on 0 it jumps past its END. */
export const REPEAT_RANDOM = 11;
/**
 * `repeat random a..b` around a body that may yield no step (only `release
 * all`): draws the count like REPEAT_RANDOM, then runs the body once, or, on
 * 0, jumps past it. More rounds would change nothing (see `program.ts`).
 */
export const ONCE_RANDOM = 12;

/**
 * Whether an instruction draws from the PRNG to decide which steps come
 * (which buffer is released, how many rounds run), so the rounds around it
 * are never written from a record. An acquire that draws only its size
 * ({@link drawsSize}) leaves the steps' shape alone: a recorded round
 * draws those sizes again as it is written.
 */
export function drawsShape(code: number): boolean {
  return code === RELEASE_RANDOM || code === REPEAT_RANDOM || code === ONCE_RANDOM;
}

/** Whether an acquire draws its size from the PRNG. */
export function drawsSize(code: number): boolean {
  return code === ACQUIRE_RANDOM || code === ACQUIRE_TABLE;
}

const NO_TABLE: Float64Array = new Float64Array(0);

export const RELEASE_CODES = {
  newest: RELEASE_NEWEST,
  oldest: RELEASE_OLDEST,
  random: RELEASE_RANDOM,
  all: RELEASE_ALL,
} as const;

/** One instruction of a compiled program; all share this shape so the step loop stays monomorphic. */
export class Op {
  readonly line: number;
  readonly column: number;
  /** The statement as written tidily, for messages. */
  readonly text: string;
  /** 1 / how many values the instruction draws from (its sizes, counts or total weight); 0 if it draws none. See `Mulberry32.below`. */
  readonly inverse: number;

  constructor(
    readonly code: number,
    statement: Statement,
    /** How many repeats are running when this instruction runs (its own included, for END). */
    readonly depth: number,
    /** The named buffer's slot, or -1. */
    readonly slot = -1,
    /** The size, smallest random size, length, repeat count, smallest random count or total weight. */
    readonly a = 0,
    /** The largest random size or count. */
    readonly b = 0,
    /** END: the index of the loop body's first instruction; REPEAT_RANDOM, ONCE_RANDOM: where a count of 0 goes. */
    readonly jump = 0,
    /** ACQUIRE_TABLE: the sizes to draw from (see `draws.ts`). */
    readonly table: Float64Array = NO_TABLE,
  ) {
    this.line = statement.start.line;
    this.column = statement.start.column;
    this.text = formatStatement(statement);
    this.inverse =
      code === ACQUIRE_TABLE
        ? 1 / a
        : code === ACQUIRE_RANDOM || code === REPEAT_RANDOM || code === ONCE_RANDOM
          ? 1 / (b - a + 1)
          : 0;
  }
}
