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

  constructor(
    readonly code: number,
    statement: Statement,
    /** How many repeats are running when this instruction runs (its own included, for END). */
    readonly depth: number,
    /** The named buffer's slot, or -1. */
    readonly slot = -1,
    /** The size, smallest random size, length or repeat count. */
    readonly a = 0,
    /** The largest random size. */
    readonly b = 0,
    /** END: the index of the loop body's first instruction. */
    readonly jump = 0,
  ) {
    this.line = statement.start.line;
    this.column = statement.start.column;
    this.text = formatStatement(statement);
  }
}
