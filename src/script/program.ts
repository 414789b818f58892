import { RELEASE_PICKS, type Script, type Statement } from "./ast.ts";
import { formatStatement } from "./format.ts";
import { HeldBuffers, type HeldAtLine, type NameAtLine } from "./heldBuffers.ts";
import { DEFAULT_SEED, LIMITS } from "./limits.ts";
import { parse } from "./parse.ts";
import { Mulberry32 } from "./prng.ts";
import { ScriptError } from "./scriptError.ts";
import { StepBatch, StepKind } from "./stepBatch.ts";
import { closest } from "./suggest.ts";

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
  /** Held buffers, oldest first, with the line of their acquire and their handle. */
  readonly held: readonly HeldAtLine[];
  /** Script names released at least once, with the line of the last release. */
  readonly released: readonly NameAtLine[];
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

const ACQUIRE = 0;
const ACQUIRE_RANDOM = 1;
const RELEASE_NAME = 2;
const RELEASE_NEWEST = 3;
const RELEASE_OLDEST = 4;
const RELEASE_RANDOM = 5;
const RELEASE_ALL = 6;
const RESIZE = 7;
const REPEAT = 8;
const END = 9;

const RELEASE_CODES = {
  newest: RELEASE_NEWEST,
  oldest: RELEASE_OLDEST,
  random: RELEASE_RANDOM,
  all: RELEASE_ALL,
} as const;

/** One instruction of a compiled program; all share this shape so the step loop stays monomorphic. */
class Op {
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

class CompiledProgram implements Program {
  readonly capacity: number | undefined;
  readonly seed: number | undefined;
  readonly ops: Op[] = [];
  /** Names by slot, and slots by name. */
  readonly names: string[] = [];
  readonly slots = new Map<string, number>();
  /** Whether any instruction picks a held buffer by age (`oldest`, `random`, `all`). */
  readonly ranks: boolean;

  constructor(readonly script: Script) {
    for (const statement of script.statements) {
      if (statement.kind === "capacity") this.capacity = statement.value;
      if (statement.kind === "seed") this.seed = statement.value;
    }
    this.emit(script.statements, 0);
    this.ranks = this.ops.some(
      (op) => op.code === RELEASE_OLDEST || op.code === RELEASE_RANDOM || op.code === RELEASE_ALL,
    );
  }

  steps(): StepCursor {
    return this.cursor();
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
          ops.push(
            size.kind === "fixed"
              ? new Op(ACQUIRE, statement, depth, slot, size.bytes)
              : new Op(ACQUIRE_RANDOM, statement, depth, slot, size.min, size.max),
          );
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
          if (statement.count === 0) break;
          // A body that may yield no step in a round (only `release all`) is
          // run once: more rounds change nothing, and a cursor must never spin
          // through millions of empty rounds between two steps.
          if (!alwaysSteps(statement.body)) {
            this.emit(statement.body, depth);
            break;
          }
          const head = ops.length;
          ops.push(new Op(REPEAT, statement, depth, -1, statement.count));
          this.emit(statement.body, depth + 1);
          ops.push(new Op(END, statement, depth + 1, -1, 0, 0, head + 1));
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

/** Whether running these statements always yields at least one step (or throws). */
function alwaysSteps(statements: readonly Statement[]): boolean {
  return statements.some(
    (statement) =>
      statement.kind === "acquire" ||
      statement.kind === "resize" ||
      (statement.kind === "release" &&
        (statement.target.kind === "name" || statement.target.pick !== "all")) ||
      (statement.kind === "repeat" && statement.count > 0 && alwaysSteps(statement.body)),
  );
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The interpreter: a state machine over the program's instructions with an
 * explicit stack of loop counters, so it runs in constant memory however many
 * rounds a repeat has. `next()` and `fill()` share one step function that
 * leaves the step in plain fields; `next()` wraps it in a fresh object of one
 * shape per kind, `fill()` copies it into the caller's arrays.
 */
class Cursor implements StepCursor {
  private position = 0;
  private depth = 0;
  // 32-bit: a repeat's rounds left, at most LIMITS.maxRepeatCount (10^9 < 2^31)
  private readonly loops = new Int32Array(LIMITS.maxRepeatDepth);
  private readonly rng: Mulberry32;
  private unnamed = 0;
  private readonly buffers: HeldBuffers;
  /** Per slot, the line where the name was last released (0: never). */
  private readonly releasedAt: Int32Array; // 32-bit: a script line, below 2^20
  private readonly ops: readonly Op[];
  private readonly names: readonly string[];
  /** Where {@link next} takes its one step. */
  private readonly single = new StepBatch(1);

  constructor(
    private readonly program: CompiledProgram,
    state?: CursorState,
  ) {
    this.ops = program.ops;
    this.names = program.names;
    this.buffers = new HeldBuffers(program.names.length, program.ranks);
    this.releasedAt = new Int32Array(program.names.length); // 32-bit: script lines, below 2^20
    this.rng = new Mulberry32(program.seed ?? DEFAULT_SEED);
    if (state !== undefined) this.restore(state);
  }

  [Symbol.iterator](): StepCursor {
    return this;
  }

  next(): IteratorResult<Step, undefined> {
    const single = this.single;
    if (this.fill(single, 1) === 0) return DONE;
    const name = this.program.bufferName(single.buffers[0]!);
    const line = single.lines[0]!;
    const amount = single.amounts[0]!;
    switch (single.kinds[0]) {
      case StepKind.Acquire:
        return { done: false, value: { kind: "acquire", name, size: amount, line } };
      case StepKind.Release:
        return { done: false, value: { kind: "release", name, line } };
      default:
        return { done: false, value: { kind: "resize", name, length: amount, line } };
    }
  }

  /**
   * The interpreter's loop: runs instructions until `max` steps are written
   * into `batch`, the program ends, or a statement fails. Position and loop
   * depth live in locals while it runs and are written back when it stops,
   * so a failing statement leaves the cursor on it.
   */
  fill(batch: StepBatch, max = batch.capacity): number {
    const { kinds, amounts, buffers: ids, handles, lines } = batch;
    const limit = Math.min(max, batch.capacity);
    const { ops, loops, rng } = this;
    const held = this.buffers;
    const firstUnnamed = this.names.length;
    let position = this.position;
    let depth = this.depth;
    let count = 0;
    try {
      while (count < limit) {
        const op = ops[position];
        if (op === undefined) break;
        switch (op.code) {
          case ACQUIRE:
          case ACQUIRE_RANDOM: {
            const slot = op.slot;
            if (slot >= 0 && held.positionOf(slot) >= 0) throw this.stillHeld(op);
            const size = op.code === ACQUIRE ? op.a : op.a + rng.below(op.b - op.a + 1);
            const id = slot >= 0 ? slot : firstUnnamed + this.unnamed++;
            handles[count] = held.add(id, slot, op.line);
            kinds[count] = StepKind.Acquire;
            amounts[count] = size;
            ids[count] = id;
            lines[count] = op.line;
            count++;
            position++;
            break;
          }
          case RELEASE_NAME: {
            const at = held.positionOf(op.slot);
            if (at < 0) throw this.notHeld(op);
            this.release(batch, count++, at, op);
            position++;
            break;
          }
          case RELEASE_NEWEST:
            if (held.count === 0) throw this.nothingHeld(op);
            this.release(batch, count++, held.newestPosition(), op);
            position++;
            break;
          case RELEASE_OLDEST:
            if (held.count === 0) throw this.nothingHeld(op);
            this.release(batch, count++, held.positionAt(0), op);
            position++;
            break;
          case RELEASE_RANDOM:
            if (held.count === 0) throw this.nothingHeld(op);
            this.release(batch, count++, held.positionAt(rng.below(held.count)), op);
            position++;
            break;
          case RELEASE_ALL:
            // Stays on its instruction until nothing is held.
            if (held.count > 0) this.release(batch, count++, held.positionAt(0), op);
            else position++;
            break;
          case RESIZE: {
            const at = held.positionOf(op.slot);
            if (at < 0) throw this.notHeld(op);
            kinds[count] = StepKind.Resize;
            amounts[count] = op.a;
            ids[count] = op.slot;
            handles[count] = held.handleAt(at);
            lines[count] = op.line;
            count++;
            position++;
            break;
          }
          case REPEAT:
            loops[depth++] = op.a;
            position++;
            break;
          case END:
            if (--loops[depth - 1]! > 0) {
              position = op.jump;
            } else {
              depth--;
              position++;
            }
            break;
        }
      }
    } catch (error) {
      // The cursor stays at the failing statement, so the next fill throws it.
      if (count === 0) throw error;
    } finally {
      this.position = position;
      this.depth = depth;
    }
    return count;
  }

  save(): CursorState {
    const released: NameAtLine[] = [];
    this.releasedAt.forEach((line, slot) => {
      if (line > 0) released.push({ name: this.names[slot]!, line });
    });
    return {
      position: this.position,
      loops: Array.from(this.loops.subarray(0, this.depth)),
      rng: this.rng.state,
      unnamed: this.unnamed,
      held: this.heldEntries(),
      released,
    };
  }

  held(): readonly string[] {
    return this.heldEntries().map((entry) => entry.name);
  }

  private heldEntries(): HeldAtLine[] {
    return this.buffers
      .entries()
      .map(({ id, line, handle }) => ({ name: this.program.bufferName(id), line, handle }));
  }

  /** Writes the release of the held buffer at `position` as step `k` of `batch`. */
  private release(batch: StepBatch, k: number, position: number, op: Op): void {
    const held = this.buffers;
    const slot = held.slotAt(position);
    batch.kinds[k] = StepKind.Release;
    batch.amounts[k] = 0;
    batch.buffers[k] = held.idAt(position);
    batch.handles[k] = held.handleAt(position);
    batch.lines[k] = op.line;
    if (slot >= 0) this.releasedAt[slot] = op.line;
    held.removeAt(position);
  }

  private restore(state: CursorState): void {
    const op = this.ops[state.position];
    const depth = op === undefined ? 0 : op.depth;
    if (
      !Number.isInteger(state.position) ||
      state.position < 0 ||
      state.position > this.ops.length ||
      state.loops.length !== depth
    ) {
      throw new RangeError("this cursor state was not saved by a cursor of this program");
    }
    this.position = state.position;
    this.depth = depth;
    this.loops.set(state.loops);
    this.rng.state = state.rng >>> 0; // 32-bit: the generator's state is a uint32
    this.unnamed = state.unnamed;
    for (const { name, line, handle } of state.held) {
      if (!(Number.isSafeInteger(handle) && handle >= 0)) {
        throw new RangeError(`this cursor state gives '${name}' the handle ${handle}`);
      }
      if (name.startsWith("#")) {
        const id = this.program.bufferId(name);
        if (id < 0) throw new RangeError(`this cursor state names '${name}', which no buffer has`);
        this.buffers.addWithHandle(id, -1, line, handle);
      } else {
        const slot = this.knownSlot(name);
        this.buffers.addWithHandle(slot, slot, line, handle);
      }
    }
    this.buffers.freeUnusedHandles();
    for (const { name, line } of state.released) this.releasedAt[this.knownSlot(name)] = line;
  }

  private knownSlot(name: string): number {
    const slot = this.program.slots.get(name);
    if (slot === undefined) {
      throw new RangeError(`this cursor state names '${name}', which this program never uses`);
    }
    return slot;
  }

  private stillHeld(op: Op): ScriptError {
    const name = this.names[op.slot]!;
    const line = this.buffers.lineAt(this.buffers.positionOf(op.slot));
    return this.error(
      op,
      `${name} still holds the buffer acquired at line ${line}; release it first or use another name`,
    );
  }

  private notHeld(op: Op): ScriptError {
    const name = this.names[op.slot]!;
    const releasedAt = this.releasedAt[op.slot]!;
    if (releasedAt > 0) {
      return this.error(
        op,
        op.code === RESIZE
          ? `${name} was released at line ${releasedAt}; acquire it again before resizing`
          : `${name} was already released at line ${releasedAt}`,
      );
    }
    const candidates = op.code === RESIZE ? this.names : [...this.names, ...RELEASE_PICKS];
    const typo = closest(name, candidates);
    return this.error(
      op,
      typo === undefined
        ? `no buffer is named ${name}; a name is given by '${name} = acquire SIZE'`
        : `no buffer is named ${name}; did you mean '${typo}'?`,
    );
  }

  private nothingHeld(op: Op): ScriptError {
    return this.error(op, "no buffer is held, so there is nothing to release");
  }

  private error(op: Op, reason: string): ScriptError {
    return new ScriptError(`${op.text} — ${reason}`, op.line, op.column, "run");
  }
}
