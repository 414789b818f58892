/**
 * Two cursors of one program taking the same steps, for tests that hold a
 * fast way of writing steps equal to plain interpreting: every column of
 * every step, the error a fill throws, and the saved cursor after each of
 * the fast cursor's fills.
 */
import { expect } from "vitest";
import { Cursor } from "../script/cursor.ts";
import { END } from "../script/ops.ts";
import { compile, type CompiledProgram, type CursorState } from "../script/program.ts";
import { ScriptError } from "../script/scriptError.ts";
import { StepBatch } from "../script/stepBatch.ts";

/** What a fill wrote (every column of its steps) or threw, and the cursor's saved state after it. */
interface Taken {
  readonly steps?: number[][];
  readonly error?: string;
  readonly line?: number;
  readonly column?: number;
  readonly saved: CursorState;
}

/** Every column of a batch's first `count` steps, and the cursor's saved state after them. */
function take(cursor: Cursor, batch: StepBatch, max: number): Taken {
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
 * turn, and expects the same steps, the same errors, and the same saved
 * cursor after each of the fast cursor's fills; how many steps it took.
 *
 * Where a fill ends is not compared, only what is written up to it. A fill
 * that writes rounds from a record may end a batch short, where a block of
 * rounds would not fit (`Cursor.nextRound`), and whether a block fits
 * depends on the records a cursor holds, which depend on where its earlier
 * batches ended (a round recorded up to a batch's end is dropped). So the
 * slow cursor is asked for as many steps as the fast one wrote, in as many
 * fills as it takes, and a fast fill that ends short must end on an END,
 * or where the program stops (a copy of the slow cursor, asked for the
 * rest, then takes no step and stops where the fast one did).
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
    const count = stepsIn(got);
    if (count === 0) {
      expect(got).toEqual(take(slow, b, size));
      break;
    }
    const want = takeAll(slow, b, count);
    if (count === size) {
      expect(got).toEqual(want);
    } else {
      const copy = new Cursor(program, slow.save(), false, false);
      const rest = take(copy, new StepBatch(size), size - count);
      const stops = stepsIn(rest) === 0;
      expect(got).toEqual(stops ? { ...want, saved: rest.saved } : want);
      if (!stops) expect(program.ops[got.saved.position]?.code).toBe(END);
    }
    taken += count;
  }
  return taken;
}

/** Steps a fill wrote: 0 where it threw or the program had ended. */
function stepsIn(taken: Taken): number {
  return taken.steps?.[0]?.length ?? 0;
}

/** `count` steps from `cursor`, in as many fills as it takes (fewer where one throws or the program ends). */
function takeAll(cursor: Cursor, batch: StepBatch, count: number): Taken {
  const steps: number[][] = [];
  for (let left = count; left > 0;) {
    const part = take(cursor, batch, left);
    if (part.steps === undefined) return steps.length === 0 ? part : { ...part, steps };
    const taken = stepsIn(part);
    if (taken === 0) break;
    part.steps.forEach((column, i) => (steps[i] ??= []).push(...column));
    left -= taken;
  }
  return { steps, saved: cursor.save() };
}
