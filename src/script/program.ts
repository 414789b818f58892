import { RELEASE_PICKS, type Script, type Statement } from "./ast.ts";
import { formatStatement } from "./format.ts";
import { HeldBuffers, type NameAtLine } from "./heldBuffers.ts";
import { DEFAULT_SEED, LIMITS } from "./limits.ts";
import { parse } from "./parse.ts";
import { Mulberry32 } from "./prng.ts";
import { ScriptError } from "./scriptError.ts";
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
  /** Held buffers, oldest first, with the line of their acquire. */
  readonly held: readonly NameAtLine[];
  /** Script names released at least once, with the line of the last release. */
  readonly released: readonly NameAtLine[];
}

/**
 * An iterator over a program's steps that can be saved and resumed. After a
 * runtime error it stays at the failing statement: `next()` throws it again.
 */
export interface StepCursor extends Iterator<Step, undefined> {
  next(): IteratorResult<Step, undefined>;
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

  constructor(readonly script: Script) {
    for (const statement of script.statements) {
      if (statement.kind === "capacity") this.capacity = statement.value;
      if (statement.kind === "seed") this.seed = statement.value;
    }
    this.emit(script.statements, 0);
  }

  steps(): StepCursor {
    return this.cursor();
  }

  cursor(state?: CursorState): StepCursor {
    return new Cursor(this, state);
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
 * rounds a repeat has. Each step is a fresh plain object of one shape per kind.
 */
class Cursor implements StepCursor {
  private position = 0;
  private depth = 0;
  private readonly loops = new Int32Array(LIMITS.maxRepeatDepth);
  private readonly rng: Mulberry32;
  private unnamed = 0;
  private readonly buffers: HeldBuffers;
  /** Per slot, the line where the name was last released (0: never). */
  private readonly releasedAt: Int32Array;
  private readonly ops: readonly Op[];
  private readonly names: readonly string[];

  constructor(
    private readonly program: CompiledProgram,
    state?: CursorState,
  ) {
    this.ops = program.ops;
    this.names = program.names;
    this.buffers = new HeldBuffers(program.names.length);
    this.releasedAt = new Int32Array(program.names.length);
    this.rng = new Mulberry32(program.seed ?? DEFAULT_SEED);
    if (state !== undefined) this.restore(state);
  }

  [Symbol.iterator](): StepCursor {
    return this;
  }

  next(): IteratorResult<Step, undefined> {
    const ops = this.ops;
    const buffers = this.buffers;
    for (;;) {
      const op = ops[this.position];
      if (op === undefined) return DONE;
      switch (op.code) {
        case ACQUIRE:
        case ACQUIRE_RANDOM: {
          const slot = op.slot;
          if (slot >= 0 && buffers.positionOf(slot) >= 0) throw this.stillHeld(op);
          const size = op.code === ACQUIRE ? op.a : op.a + this.rng.below(op.b - op.a + 1);
          const name = slot >= 0 ? this.names[slot]! : `#${++this.unnamed}`;
          buffers.add(name, slot, op.line);
          this.position++;
          return { done: false, value: { kind: "acquire", name, size, line: op.line } };
        }
        case RELEASE_NAME: {
          const position = buffers.positionOf(op.slot);
          if (position < 0) throw this.notHeld(op);
          return this.release(position, op);
        }
        case RELEASE_NEWEST:
          if (buffers.count === 0) throw this.nothingHeld(op);
          return this.release(buffers.newestPosition(), op);
        case RELEASE_OLDEST:
          if (buffers.count === 0) throw this.nothingHeld(op);
          return this.release(buffers.positionAt(0), op);
        case RELEASE_RANDOM:
          if (buffers.count === 0) throw this.nothingHeld(op);
          return this.release(buffers.positionAt(this.rng.below(buffers.count)), op);
        case RELEASE_ALL:
          if (buffers.count > 0) return this.release(buffers.positionAt(0), op);
          this.position++;
          break;
        case RESIZE: {
          if (buffers.positionOf(op.slot) < 0) throw this.notHeld(op);
          this.position++;
          const name = this.names[op.slot]!;
          return { done: false, value: { kind: "resize", name, length: op.a, line: op.line } };
        }
        case REPEAT:
          this.loops[this.depth++] = op.a;
          this.position++;
          break;
        case END:
          if (--this.loops[this.depth - 1]! > 0) {
            this.position = op.jump;
          } else {
            this.depth--;
            this.position++;
          }
          break;
      }
    }
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
      held: this.buffers.entries(),
      released,
    };
  }

  held(): readonly string[] {
    return this.buffers.entries().map((entry) => entry.name);
  }

  /** Releases the buffer at `position`; `release all` stays on its instruction until none is held. */
  private release(position: number, op: Op): IteratorResult<Step, undefined> {
    const buffers = this.buffers;
    const name = buffers.nameAt(position);
    const slot = buffers.slotAt(position);
    if (slot >= 0) this.releasedAt[slot] = op.line;
    buffers.removeAt(position);
    if (op.code !== RELEASE_ALL) this.position++;
    return { done: false, value: { kind: "release", name, line: op.line } };
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
    this.rng.state = state.rng >>> 0;
    this.unnamed = state.unnamed;
    for (const { name, line } of state.held) {
      this.buffers.add(name, name.startsWith("#") ? -1 : this.knownSlot(name), line);
    }
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
