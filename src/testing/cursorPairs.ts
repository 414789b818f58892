/**
 * Two cursors of one program taking the same fills, for tests that hold a
 * fast way of writing steps equal to plain interpreting: every column of
 * every batch, the error a fill throws, and the saved cursor after each.
 */
import { expect } from "vitest";
import { Cursor } from "../script/cursor.ts";
import { END } from "../script/ops.ts";
import { compile, type CompiledProgram } from "../script/program.ts";
import { ScriptError } from "../script/scriptError.ts";
import { StepBatch } from "../script/stepBatch.ts";

/** Every column of a batch's first `count` steps, and the cursor's saved state after them. */
function take(cursor: Cursor, batch: StepBatch, max: number) {
  let count: number;
  try {
    count = cursor.fill(batch, max);
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    return { error: error.message, line: error.line, column: error.column, saved: cursor.save() };
  }
  const columns = [batch.kinds, batch.amounts, batch.buffers, batch.handles, batch.lines];
  return {
    steps: columns.map((column) => Array.from(column.subarray(0, count))),
    saved: cursor.save(),
  };
}

/** How each of the two cursors is made from the program. */
export type CursorPair = (program: CompiledProgram) => readonly [fast: Cursor, slow: Cursor];

/** Rounds written from a record against rounds interpreted one by one. */
export const REPLAYING: CursorPair = (program) => [
  new Cursor(program),
  new Cursor(program, undefined, false),
];

/** The program's compiled loop against the interpreter's (both writing rounds from records). */
export const COMPILED: CursorPair = (program) => [
  new Cursor(program),
  new Cursor(program, undefined, true, false),
];

/**
 * Takes every step (up to `stepLimit`) both ways, in batches of `sizes` in
 * turn, and expects each fill the same; how many steps it took. A fill
 * that writes rounds from a record may end a batch short, where a block of
 * rounds would not fit (`Cursor.nextRound`): the other cursor is then asked
 * for as many steps, so each batch and the cursor saved after it are
 * compared at the same step.
 */
export function sameBothWays(
  pair: CursorPair,
  source: string,
  sizes: readonly number[],
  stepLimit = 20_000,
): number {
  const program = compile(source) as CompiledProgram;
  const [fast, slow] = pair(program);
  const a = new StepBatch(Math.max(...sizes));
  const b = new StepBatch(Math.max(...sizes));
  let taken = 0;
  for (let turn = 0; taken < stepLimit; turn++) {
    const size = sizes[turn % sizes.length]!;
    const got = take(fast, a, size);
    const count = got.steps?.[0]?.length ?? 0;
    if (count === 0 || count === size) {
      expect(got).toEqual(take(slow, b, size));
    } else {
      // Short: before the program's end or a failing statement (then a copy
      // of the other, asked for the rest, takes no step and stops where this
      // one did), or where a block of rounds would not fit.
      const want = take(slow, b, count);
      const copy = new Cursor(program, slow.save(), false, false);
      const rest = take(copy, new StepBatch(size), size - count);
      const stops = (rest.steps?.[0]?.length ?? 0) === 0;
      expect(got).toEqual(stops ? { ...want, saved: rest.saved } : want);
      if (!stops) expect(program.ops[got.saved.position]?.code).toBe(END);
    }
    if (count === 0) break;
    taken += count;
  }
  return taken;
}
