/**
 * What a running script did wrong, in words: the errors the interpreter
 * (`cursor.ts`) throws at a statement, each naming the statement and saying
 * what to do about it.
 */
import { RELEASE_PICKS } from "./ast.ts";
import { RESIZE, type Op } from "./ops.ts";
import { ScriptError } from "./scriptError.ts";
import { closest } from "./suggest.ts";

/** `name = acquire …` while `name` still holds the buffer acquired at `heldSince`. */
export function stillHeld(op: Op, name: string, heldSince: number): ScriptError {
  return runError(
    op,
    `${name} still holds the buffer acquired at line ${heldSince}; release it first or use another name`,
  );
}

/**
 * A release or resize of `name`, which holds nothing: released at line
 * `releasedAt` (0: never), or a name no acquire gives, perhaps a typo of one
 * of `names`.
 */
export function notHeld(
  op: Op,
  name: string,
  releasedAt: number,
  names: readonly string[],
): ScriptError {
  if (releasedAt > 0) {
    return runError(
      op,
      op.code === RESIZE
        ? `${name} was released at line ${releasedAt}; acquire it again before resizing`
        : `${name} was already released at line ${releasedAt}`,
    );
  }
  const typo = closest(name, op.code === RESIZE ? names : [...names, ...RELEASE_PICKS]);
  return runError(
    op,
    typo === undefined
      ? `no buffer is named ${name}; a name is given by '${name} = acquire SIZE'`
      : `no buffer is named ${name}; did you mean '${typo}'?`,
  );
}

/** `release newest`, `oldest` or `random` with no buffer held. */
export function nothingHeld(op: Op): ScriptError {
  return runError(op, "no buffer is held, so there is nothing to release");
}

function runError(op: Op, reason: string): ScriptError {
  return new ScriptError(`${op.text} — ${reason}`, op.line, op.column, "run");
}
