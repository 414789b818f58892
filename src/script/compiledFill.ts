/**
 * A program's interpreter loop written out as JavaScript of its own: the
 * loop of `Cursor.fill` with a case per instruction of this program, each
 * with its sizes, counts, lines, slots and jumps as constants. V8 then
 * optimizes one small function per program, with feedback from that
 * program alone, instead of one large loop whose every case and field load
 * serves all programs (docs/performance-history.md, session 25).
 *
 * The text is made from numbers only (the instructions' fields), never from
 * the script's own text, so nothing a user writes is ever evaluated. A
 * property test (`compiledFill.test.ts`) holds every compiled program equal
 * to the interpreter, step for step, errors and saved cursors included.
 */
import type { Cursor } from "./cursor.ts";
import { drawFromTable, tableSegments } from "./draws.ts";
import {
  ACQUIRE,
  ACQUIRE_RANDOM,
  ACQUIRE_TABLE,
  END,
  ONCE_RANDOM,
  RELEASE_ALL,
  RELEASE_NAME,
  RELEASE_NEWEST,
  RELEASE_OLDEST,
  RELEASE_RANDOM,
  REPEAT,
  REPEAT_RANDOM,
  RESIZE,
  type Op,
} from "./ops.ts";
import { MULBERRY32_STEP, inverseOf, remainder, type Mulberry32 } from "./prng.ts";
import { nothingHeld } from "./runErrors.ts";
import type { SizeDraws } from "./rounds.ts";
import { StepKind, type StepBatch } from "./stepBatch.ts";

/** One program's code. */
export interface CompiledLoop {
  /** `Cursor.fill`: writes up to `max` steps into `batch` and returns how many. */
  readonly fill: (cursor: Cursor, batch: StepBatch, max: number) => number;
  /** Draws the sizes of rounds written from a record (see `SizeDraws`), with the cursor's `rng`. */
  readonly drawSizes: (rng: Mulberry32, ...draws: Parameters<SizeDraws>) => void;
}

/**
 * The most characters of cases a compiled loop has; a program whose cases
 * are longer is interpreted. A longer loop is slower than the interpreter,
 * and far slower once V8 no longer optimizes it at all. Measured in Node 20
 * (session 25, the cursor alone): a loop of named random acquires and their
 * releases ran at 12–17 ns a step with 28–32 instructions (16,000–18,500
 * characters) against the interpreter's 19, at 22 ns with 36 (21,000), and at
 * 160–200 ns from 75 instructions on.
 */
const COMPILED_TEXT_LIMIT = 16_000;
/** Programs of more instructions than this are interpreted without writing their cases: always too long. */
const COMPILED_OPS_LIMIT = 64;

/** What the compiled loop calls, by the names its text uses. */
const HELPERS = { drawFromTable, inverseOf, nothingHeld, remainder };

/** A number as a literal in the text: refuses anything that is not a finite number. */
function literal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return `(${String(value)})`;
}

/**
 * The compiled loop of a program's instructions (`replayable` and
 * `firstUnnamed` as the program has them), or null when it would be too long
 * ({@link COMPILED_TEXT_LIMIT}), or
 * when the page forbids making code (a Content Security Policy without
 * `unsafe-eval`): then the cursor interprets.
 */
export function compileFill(
  ops: readonly Op[],
  replayable: Uint8Array,
  firstUnnamed: number,
): CompiledLoop | null {
  if (ops.length > COMPILED_OPS_LIMIT) return null;
  const tables = ops.flatMap((op, p) =>
    op.code === ACQUIRE_TABLE ? [`const table${p} = ops[${p}].table;`] : [],
  );
  const cases = ops.map(
    (op, p) => `case ${p}: {\n${caseOf(op, p, replayable[p]!, firstUnnamed)}\n}`,
  );
  if (cases.reduce((length, text) => length + text.length, 0) > COMPILED_TEXT_LIMIT) return null;
  const sizes = ops.flatMap((op, p) =>
    op.code === ACQUIRE_RANDOM || op.code === ACQUIRE_TABLE
      ? [`case ${p}: {\n${sizeOf(op, p)}\namounts[base + steps[d]] = size;\ncontinue;\n}`]
      : [],
  );
  const source = `"use strict";
const { drawFromTable, inverseOf, nothingHeld, remainder } = helpers;
${tables.join("\n")}
function drawSizes(rng, amounts, at, blocks, length, steps, positions) {
  for (let block = 0; block < blocks; block++) {
    const base = at + block * length;
    for (let d = 0; d < steps.length; d++) {
      switch (positions[d]) {
${sizes.join("\n")}
        default:
          throw new RangeError("instruction " + positions[d] + " draws no size");
      }
    }
  }
}
function fill(c, batch, max) {
  const kinds = batch.kinds, amounts = batch.amounts, ids = batch.buffers;
  const handles = batch.handles, lines = batch.lines;
  let limit = Math.min(max, batch.capacity);
  const loops = c.loops, rng = c.rng, held = c.buffers, releasedAt = c.releasedAt;
  if (c.drawnBy.length < batch.capacity) c.drawnBy = new Int32Array(batch.capacity); // 32-bit: instruction indices
  const drawnBy = c.drawnBy;
  let position = c.position;
  let depth = c.depth;
  let count = 0;
  batch.repeats = 0;
  try {
    run: while (count < limit) {
      switch (position) {
${cases.join("\n")}
        default:
          break run;
      }
    }
  } catch (error) {
    if (count === 0) throw error;
  } finally {
    c.position = position;
    c.depth = depth;
    c.recording = null;
  }
  return count;
}
return { fill, drawSizes };`;
  try {
    // The one place code is made: from the numbers above, see the module's comment.
    return new Function("ops", "helpers", source)(ops, HELPERS) as CompiledLoop;
  } catch (error) {
    if (error instanceof EvalError) return null;
    throw error;
  }
}

/**
 * Statements that draw a number uniform in [0, n) into `into`, as
 * `Mulberry32.below` does: V8 does not inline `below` into a loop that also
 * takes in the held list's methods. `nextUint32` is written out as well
 * (called, the cursor of long random took 23 ns a step against 20);
 * `remainder` is called (V8 may leave it out of line, at no measurable cost,
 * session 25). `n` is a number known when the program is compiled, or an
 * expression, as `inverse` is; a refused draw goes on in `belowAgain`. A
 * known power of two up to 2^31 divides 2^32: `below`'s remainder is then
 * the draw's low bits, and no draw is refused, so the draw is a mask.
 */
function draw(into: string, n: number | string, inverse: string): string {
  const pick =
    typeof n === "number" && isMaskable(n)
      ? `${into} = dx & ${literal(n - 1)}; // 32-bit: x mod n, n a power of two (above)`
      : `${into} = remainder(dx, ${expression(n)}, ${inverse});
  if (dx - ${into} > ${2 ** 32} - ${expression(n)}) ${into} = rng.belowAgain(${expression(n)}, ${inverse});`;
  return `let ${into};
{
  // 32-bit: mulberry32's uint32 arithmetic (see \`Mulberry32.nextUint32\`): random bits
  const ds = (rng.bits = (rng.bits + ${MULBERRY32_STEP}) | 0);
  let dt = Math.imul(ds ^ (ds >>> 15), ds | 1); // 32-bit: as above
  dt ^= dt + Math.imul(dt ^ (dt >>> 7), dt | 61); // 32-bit: as above
  const dx = (dt ^ (dt >>> 14)) >>> 0; // 32-bit: as above
  ${pick}
}`;
}

/** A number as a literal, or an expression as it is. */
function expression(value: number | string): string {
  return typeof value === "number" ? literal(value) : value;
}

/** Whether {@link draw} below `n` is a mask: `n` a power of two, at most 2^31. */
function isMaskable(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 2 ** 31 && 2 ** Math.round(Math.log2(n)) === n;
}

/** {@link draw} of a number below `op.b - op.a + 1`, the range of a random size or count. */
function drawOf(op: Op, into: string): string {
  return draw(into, op.b - op.a + 1, literal(op.inverse));
}

/** The most segments of a table whose draw is written out (see {@link sizeOf}). */
const TABLE_WRITTEN = 8;

/**
 * Statements that draw the size of a random or table acquire into `size`,
 * as `Cursor.drawSize` does. A table of a few segments, whose total weight
 * one draw covers, is written out as a chain of comparisons with its
 * weights and sizes as constants: the first segment whose end passes the
 * draw, as `drawFromTable`'s bisection finds it.
 */
function sizeOf(op: Op, p: number): string {
  if (op.code === ACQUIRE_RANDOM)
    return `${drawOf(op, "drawn")}\nconst size = ${literal(op.a)} + drawn;`;
  const segments = tableSegments(op.table);
  if (segments.length > TABLE_WRITTEN || op.a > 2 ** 32) {
    return `const size = drawFromTable(rng, table${p}, ${literal(op.a)}, ${literal(op.inverse)});`;
  }
  const sizes = segments.map(({ before, end, start, unit }) =>
    // A segment of one size: the division gives 0 for every draw in it.
    end - before === unit
      ? literal(start)
      : `${literal(start)} + Math.floor((r - ${literal(before)}) / ${literal(unit)})`,
  );
  const chain = sizes
    .map((size, k) =>
      k === sizes.length - 1 ? size : `r < ${literal(segments[k]!.end)} ? ${size} : `,
    )
    .join("");
  return `${draw("r", op.a, literal(op.inverse))}\nconst size = ${chain};`;
}

/** Writes the release of the held buffer at position `at` (an expression) as the next step. */
function releaseAt(at: string, line: string, next: number): string {
  return `const at = ${at};
const slot = held.slotAt(at);
kinds[count] = ${StepKind.Release};
amounts[count] = 0;
ids[count] = held.idAt(at);
handles[count] = held.handleAt(at);
lines[count] = ${line};
if (slot >= 0) releasedAt[slot] = ${line};
held.removeAt(at);
count++;
position = ${next};
break;`;
}

/** One instruction's case, doing what `Cursor.fill`'s case for its code does. */
function caseOf(op: Op, p: number, replayable: number, firstUnnamed: number): string {
  const line = literal(op.line);
  const slot = literal(op.slot);
  const next = p + 1;
  const here = `ops[${p}]`;
  switch (op.code) {
    case ACQUIRE:
    case ACQUIRE_RANDOM:
    case ACQUIRE_TABLE: {
      const size = op.code === ACQUIRE ? `const size = ${literal(op.a)};` : sizeOf(op, p);
      const check =
        op.slot >= 0 ? `if (held.positionOf(${slot}) >= 0) throw c.stillHeld(${here});\n` : "";
      return `${check}${size}
drawnBy[count] = ${op.code === ACQUIRE ? -1 : p};
const id = ${op.slot >= 0 ? slot : `${literal(firstUnnamed)} + c.unnamed++`};
handles[count] = held.add(id, ${slot}, ${line});
kinds[count] = ${StepKind.Acquire};
amounts[count] = size;
ids[count] = id;
lines[count] = ${line};
count++;
position = ${next};
break;`;
    }
    case RELEASE_NAME:
      return `const found = held.positionOf(${slot});
if (found < 0) throw c.notHeld(${here});
${releaseAt("found", line, next)}`;
    case RELEASE_NEWEST:
    case RELEASE_OLDEST:
      return `if (held.count === 0) throw nothingHeld(${here});
${releaseAt(op.code === RELEASE_NEWEST ? "held.newestPosition()" : "held.oldestPosition()", line, next)}`;
    case RELEASE_RANDOM:
      return `const n = held.count;
if (n === 0) throw nothingHeld(${here});
const inverse = inverseOf(n);
${draw("rank", "n", "inverse")}
${releaseAt("held.positionAt(rank | 0)", line, next)}`; // 32-bit: a rank among held buffers
    case RELEASE_ALL:
      return `if (held.count <= limit - count) {
  const end = count + held.removeAll(ids, handles, count);
  for (; count < end; count++) {
    kinds[count] = ${StepKind.Release};
    amounts[count] = 0;
    lines[count] = ${line};
    const id = ids[count];
    if (id < ${literal(firstUnnamed)}) releasedAt[id] = ${line};
  }
  position = ${next};
  break;
}
while (held.count > 0 && count < limit) c.release(batch, count++, held.oldestPosition(), ${here});
if (held.count === 0) position = ${next};
break;`;
    case RESIZE:
      return `const at = held.positionOf(${slot});
if (at < 0) throw c.notHeld(${here});
kinds[count] = ${StepKind.Resize};
amounts[count] = ${literal(op.a)};
ids[count] = ${slot};
handles[count] = held.handleAt(at);
lines[count] = ${line};
count++;
position = ${next};
break;`;
    case REPEAT:
      return `loops[depth++] = ${literal(op.a)};
position = ${next};
break;`;
    case REPEAT_RANDOM:
      return `${drawOf(op, "drawn")}
const rounds = ${literal(op.a)} + drawn;
if (rounds === 0) {
  position = ${literal(op.jump)};
} else {
  loops[depth++] = rounds;
  position = ${next};
}
break;`;
    case ONCE_RANDOM:
      return `${drawOf(op, "drawn")}
position = ${literal(op.a)} + drawn === 0 ? ${literal(op.jump)} : ${next};
break;`;
    case END:
      // Only a replayable loop's END records rounds or writes them from a record (see `Cursor.nextRound`).
      return replayable === 0
        ? `position = --loops[depth - 1] === 0 ? (depth--, ${next}) : ${literal(op.jump)};
break;`
        : `if (--loops[depth - 1] === 0) {
  depth--;
  position = ${next};
  if (c.recording !== null && c.recording.end === ${p}) {
    c.recording = null;
    c.notRepeating[${p}] = 1;
  }
} else if (c.replayRounds && c.notRepeating[${p}] === 0) {
  c.position = ${p};
  c.depth = depth;
  count = c.nextRound(batch, count, limit);
  position = c.position;
  depth = c.depth;
  if (c.endsBatch) {
    c.endsBatch = false;
    limit = count;
  }
} else {
  position = ${literal(op.jump)};
}
break;`;
    default:
      throw new RangeError(`no instruction has the code ${op.code}`);
  }
}
