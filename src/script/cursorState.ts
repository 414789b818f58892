/**
 * Checks a saved cursor (`CursorState`) against the program it is to
 * resume, before a cursor takes it in: a state from another program, or
 * one edited by hand, is refused with what is wrong in it.
 */
import type { Op } from "./ops.ts";
import type { CursorState } from "./program.ts";

/** The loop depth at the state's position; throws a RangeError saying what does not fit the program. */
export function checkedDepth(state: CursorState, ops: readonly Op[], named: number): number {
  const op = ops[state.position];
  const depth = op === undefined ? 0 : op.depth;
  const { held, released } = state;
  if (
    !Number.isInteger(state.position) ||
    state.position < 0 ||
    state.position > ops.length ||
    state.loops.length !== depth ||
    held.length % 3 !== 0 ||
    released.length % 2 !== 0
  ) {
    throw new RangeError("this cursor state was not saved by a cursor of this program");
  }
  for (let i = 0; i < held.length; i += 3) {
    const id = held[i]!;
    const handle = held[i + 2]!;
    if (!(Number.isSafeInteger(handle) && handle >= 0)) {
      throw new RangeError(`this cursor state gives buffer ${id} the handle ${handle}`);
    }
    if (!(Number.isSafeInteger(id) && id >= 0 && id < named + state.unnamed)) {
      throw new RangeError(
        `this cursor state holds buffer ${id}, which no buffer of this program is`,
      );
    }
  }
  for (let i = 0; i < released.length; i += 2) {
    const slot = released[i]!;
    if (!(Number.isSafeInteger(slot) && slot >= 0 && slot < named)) {
      throw new RangeError(
        `this cursor state releases name ${slot}, which this program does not have`,
      );
    }
  }
  return depth;
}
