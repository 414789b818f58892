import type { RepeatCount, Script, Statement } from "./ast.ts";
import { Cursor } from "./cursor.ts";
import { compileFill, type CompiledLoop } from "./compiledFill.ts";
import { logTable, tableTotal, weightedTable } from "./draws.ts";
import {
  END,
  Op,
  REPEAT,
  RELEASE_ALL,
  RELEASE_CODES,
  RELEASE_RANDOM,
  RESIZE,
  ACQUIRE,
  ACQUIRE_RANDOM,
  ACQUIRE_TABLE,
  ONCE_RANDOM,
  RELEASE_NAME,
  REPEAT_RANDOM,
  drawsShape,
} from "./ops.ts";
import { parse } from "./parse.ts";
import type { StepBatch } from "./stepBatch.ts";

/** One pool operation, the unit a run advances by. `line` is the statement's line. */
export type Step =
  | { kind: "acquire"; name: string; size: number; line: number }
  | { kind: "release"; name: string; line: number }
  | { kind: "resize"; name: string; length: number; line: number };

/**
 * Where a cursor is, as a plain structured-cloneable object: resuming from it
 * with {@link Program.cursor} yields exactly the steps the saved cursor would have.
 * Only meaningful for the program whose cursor saved it.
 */
export interface CursorState {
  /** Index of the next instruction of the compiled program. */
  readonly position: number;
  /** Iterations left in each enclosing repeat, outermost first, the current one included. */
  readonly loops: readonly number[];
  /** The PRNG's state. */
  readonly rng: number;
  /** How many unnamed buffers were acquired so far (the last one is `#unnamed`). */
  readonly unnamed: number;
  /**
   * Held buffers, oldest first, three numbers each: the buffer's id (see
   * `Program.bufferName`), the line of its acquire, its handle. Numbers, not
   * objects and names, because a long run keeps thousands of saved cursors.
   */
  readonly held: readonly number[];
  /** Script names released at least once, two numbers each: the name's slot, the line of its last release. */
  readonly released: readonly number[];
}

/**
 * An iterator over a program's steps that can be saved and resumed. After a
 * runtime error it stays at the failing statement: `next()` throws it again.
 */
export interface StepCursor extends Iterator<Step, undefined> {
  next(): IteratorResult<Step, undefined>;
  /**
   * Writes the next steps, at most `max` (and the batch's capacity), into
   * `batch` from index 0 and returns how many; 0 at the end. Steps and errors
   * are exactly those `next()` would give: a fill stops before a runtime
   * error, and the next call throws it.
   */
  fill(batch: StepBatch, max?: number): number;
  /** The cursor's position and everything the remaining steps depend on. */
  save(): CursorState;
  /** Names of the buffers held now, oldest first. O(held). */
  held(): readonly string[];
  /** The cursor itself, so it works in `for … of`. */
  [Symbol.iterator](): StepCursor;
}

/** A compiled script: its settings, and its steps, produced lazily. */
export interface Program {
  /** From a `capacity` line, else undefined. */
  readonly capacity: number | undefined;
  /** From a `seed` line, else undefined ({@link DEFAULT_SEED} is used). */
  readonly seed: number | undefined;
  /** The parsed script (for {@link format}). */
  readonly script: Script;
  /** A fresh cursor at the first step; throws ScriptError at a runtime error. */
  steps(): StepCursor;
  /** A fresh cursor, or one resumed from a saved state of this program's cursor. */
  cursor(state?: CursorState): StepCursor;
  /**
   * The name of the buffer with this id, as steps name it. Ids 0…k-1 are the
   * script's k names; id k + j - 1 is the j-th unnamed buffer, `#j`.
   */
  bufferName(id: number): string;
  /** The id of the buffer steps call `name`, or -1 when this program has no such buffer. */
  bufferId(name: string): number;
}

/** Parses and compiles a script; throws a ScriptError on a syntax error or a broken limit. */
export function compile(source: string): Program {
  return new CompiledProgram(parse(source));
}

/** A program compiled into instructions (`ops.ts`), run by {@link Cursor}s. */
export class CompiledProgram implements Program {
  readonly capacity: number | undefined;
  readonly seed: number | undefined;
  readonly ops: Op[] = [];
  /** Names by slot, and slots by name. */
  readonly names: string[] = [];
  readonly slots = new Map<string, number>();
  /** Whether any instruction picks a held buffer by a rank above 0 (`random`): its cursors keep a Fenwick tree. */
  readonly ranks: boolean;
  /**
   * At the END of a loop whose body draws no random number, a round of it
   * may be written again from a record (see `rounds.ts`): 2 when the body's
   * last instruction is a step, so a cursor that stops after a round's last
   * step stops on this END; 1 when not (an inner loop's END, or `release
   * all`, comes after it); 0 elsewhere.
   */
  readonly replayable: Uint8Array;
  private compiled: CompiledLoop | null | undefined;

  constructor(readonly script: Script) {
    for (const statement of script.statements) {
      if (statement.kind === "capacity") this.capacity = statement.value;
      if (statement.kind === "seed") this.seed = statement.value;
    }
    this.emit(script.statements, 0);
    this.ranks = this.ops.some((op) => op.code === RELEASE_RANDOM);
    this.replayable = Uint8Array.from(this.ops, (op, end) => {
      if (op.code !== END) return 0;
      const body = this.ops.slice(op.jump, end);
      if (body.some((inner) => drawsShape(inner.code))) return 0;
      const last = body[body.length - 1]!.code;
      return last === END || last === RELEASE_ALL ? 1 : 2;
    });
  }

  steps(): StepCursor {
    return this.cursor();
  }

  /** The program's loop compiled for its cursors, made on first use (see `compiledFill.ts`); null: interpret. */
  compiledFill(): CompiledLoop | null {
    if (this.compiled === undefined) {
      this.compiled = compileFill(this.ops, this.replayable, this.names.length);
    }
    return this.compiled;
  }

  cursor(state?: CursorState): StepCursor {
    return new Cursor(this, state);
  }

  bufferName(id: number): string {
    return id < this.names.length ? this.names[id]! : `#${id - this.names.length + 1}`;
  }

  bufferId(name: string): number {
    const slot = this.slots.get(name);
    if (slot !== undefined) return slot;
    if (!/^#[1-9][0-9]*$/.test(name)) return -1;
    const unnamed = Number(name.slice(1));
    return Number.isSafeInteger(unnamed) ? this.names.length + unnamed - 1 : -1;
  }

  private emit(statements: readonly Statement[], depth: number): void {
    const ops = this.ops;
    for (const statement of statements) {
      switch (statement.kind) {
        case "capacity":
        case "seed":
          break;
        case "acquire": {
          const slot = statement.name === undefined ? -1 : this.slot(statement.name);
          const { size } = statement;
          if (size.kind === "fixed") {
            ops.push(new Op(ACQUIRE, statement, depth, slot, size.bytes));
          } else if (size.kind === "random") {
            ops.push(new Op(ACQUIRE_RANDOM, statement, depth, slot, size.min, size.max));
          } else {
            const table =
              size.kind === "weighted" ? weightedTable(size.choices) : logTable(size.min, size.max);
            ops.push(new Op(ACQUIRE_TABLE, statement, depth, slot, tableTotal(table), 0, 0, table));
          }
          break;
        }
        case "release": {
          const { target } = statement;
          ops.push(
            target.kind === "name"
              ? new Op(RELEASE_NAME, statement, depth, this.slot(target.name))
              : new Op(RELEASE_CODES[target.pick], statement, depth),
          );
          break;
        }
        case "resize":
          ops.push(new Op(RESIZE, statement, depth, this.slot(statement.name), statement.length));
          break;
        case "repeat": {
          const { count } = statement;
          const fixed = fixedCount(count);
          if (fixed === 0) break;
          const head = ops.length;
          // A body whose only steps are `release all`s is run once: more
          // rounds change nothing, and a cursor must never spin through
          // millions of empty rounds between two steps. A drawn count is
          // still drawn, and a 0 still skips the body.
          if (onlyReleasesAll(statement.body)) {
            if (fixed === undefined) ops.push(new Op(ONCE_RANDOM, statement, depth));
            this.emit(statement.body, depth);
            if (count.kind === "random" && fixed === undefined) {
              ops[head] = new Op(
                ONCE_RANDOM,
                statement,
                depth,
                -1,
                count.min,
                count.max,
                ops.length,
              );
            }
            break;
          }
          ops.push(new Op(REPEAT, statement, depth));
          this.emit(statement.body, depth + 1);
          ops.push(new Op(END, statement, depth + 1, -1, 0, 0, head + 1));
          ops[head] =
            count.kind === "random" && fixed === undefined
              ? new Op(REPEAT_RANDOM, statement, depth, -1, count.min, count.max, ops.length)
              : new Op(REPEAT, statement, depth, -1, fixed);
          break;
        }
      }
    }
  }

  private slot(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.names.push(name) - 1;
      this.slots.set(name, slot);
    }
    return slot;
  }
}

/**
 * The count of a repeat that draws none: a fixed count, or a `random N..N`
 * range of one count (it is `repeat N`); undefined when the count is drawn.
 */
export function fixedCount(count: RepeatCount): number | undefined {
  if (count.kind === "fixed") return count.value;
  return count.min === count.max ? count.min : undefined;
}

/**
 * Whether every step these statements can yield is a `release all`'s, so a
 * second round in a row yields nothing (the body of a repeat that is run once).
 */
export function onlyReleasesAll(statements: readonly Statement[]): boolean {
  return statements.every(
    (statement) =>
      statement.kind === "capacity" ||
      statement.kind === "seed" ||
      (statement.kind === "release" &&
        statement.target.kind === "pick" &&
        statement.target.pick === "all") ||
      (statement.kind === "repeat" &&
        (fixedCount(statement.count) === 0 || onlyReleasesAll(statement.body))),
  );
}
