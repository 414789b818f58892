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

/** {@link StepBatch} kind of an acquire: `amounts` holds the size. */
export const BATCH_ACQUIRE = 0;
/** {@link StepBatch} kind of a release. */
export const BATCH_RELEASE = 1;
/** {@link StepBatch} kind of a resize: `amounts` holds the new length. */
export const BATCH_RESIZE = 2;

/**
 * Caller-owned arrays a cursor writes steps into with {@link StepCursor.fill},
 * index k holding the k-th step written, so a run can take steps without
 * allocating. A buffer is a number here: see {@link Program.bufferName}.
 */
export class StepBatch {
  /** {@link BATCH_ACQUIRE}, {@link BATCH_RELEASE} or {@link BATCH_RESIZE}. */
  readonly kinds: Uint8Array;
  /** An acquire's size or a resize's length, in bytes; 0 for a release. */
  readonly amounts: Float64Array;
  /** The buffer's id. */
  readonly buffers: Float64Array;
  /** The statement's line. */
  readonly lines: Int32Array;

  constructor(
    /** The most steps one fill writes. */
    readonly capacity: number,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.amounts = new Float64Array(capacity);
    this.buffers = new Float64Array(capacity);
    this.lines = new Int32Array(capacity);
  }
}

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
  /**
   * Writes the next steps, at most `max` (and the batch's capacity), into
   * `batch` from index 0 and returns how many; 0 at the end. Steps and errors
   * are exactly those `next()` would give: a fill stops before a runtime
   * error, and the next call throws it. It also stops where a round of a
   * closed loop may start (see {@link roundsAhead}), so the caller can run rounds whole.
   */
  fill(batch: StepBatch, max?: number): number;
  /** The cursor's position and everything the remaining steps depend on. */
  save(): CursorState;
  /** Names of the buffers held now, oldest first. O(held). */
  held(): readonly string[];
  /**
   * The rounds of a closed loop that lie ahead, or null when the cursor is not
   * in one. A closed loop is a `repeat` whose body only acquires fixed sizes
   * into names and releases those names, holding none of them at the end of a
   * round: every round yields the same steps, each statement one, and none can
   * fail. The first round is counted only when none of the body's names is held.
   */
  roundsAhead(): RoundsAhead | null;
  /**
   * Moves past `rounds` whole rounds of the closed loop {@link roundsAhead}
   * describes with `offset` 0, exactly as taking their steps would.
   *
   * @throws RangeError unless the cursor is at such a round and that many are ahead.
   */
  skipRounds(rounds: number): void;
  /** The cursor itself, so it works in `for … of`. */
  [Symbol.iterator](): StepCursor;
}

/** What {@link StepCursor.roundsAhead} finds: a closed loop's rounds still to come. */
export interface RoundsAhead {
  /** One round's steps, in order: `body.capacity` of them. The same object every time for a loop. */
  readonly body: StepBatch;
  /** Steps to take before the next round starts (0 when it starts with the next step). */
  readonly offset: number;
  /** Whole rounds that follow those steps. At least 1. */
  readonly rounds: number;
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
  /** The closed loop each instruction index belongs to (REPEAT, body or END), if any. */
  readonly closedLoops: (ClosedLoop | undefined)[] = [];
  /** 1 at a closed loop's REPEAT and END: where a round may start, and a fill stops. */
  readonly roundBoundaries: Uint8Array;

  constructor(readonly script: Script) {
    for (const statement of script.statements) {
      if (statement.kind === "capacity") this.capacity = statement.value;
      if (statement.kind === "seed") this.seed = statement.value;
    }
    this.emit(script.statements, 0);
    this.ranks = this.ops.some(
      (op) => op.code === RELEASE_OLDEST || op.code === RELEASE_RANDOM || op.code === RELEASE_ALL,
    );
    this.roundBoundaries = new Uint8Array(this.ops.length + 1);
    this.ops.forEach((op, end) => {
      if (op.code !== END) return;
      const loop = closedLoop(this.ops, op.jump, end);
      if (loop === undefined) return;
      for (let index = op.jump - 1; index <= end; index++) this.closedLoops[index] = loop;
      this.roundBoundaries[op.jump - 1] = 1;
      this.roundBoundaries[end] = 1;
    });
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

/** A `repeat` whose rounds all yield the same steps and leave nothing held (see `roundsAhead`). */
class ClosedLoop {
  constructor(
    /** Index of the body's first instruction. */
    readonly start: number,
    /** Index of the loop's END. */
    readonly end: number,
    /** The repeat's count. */
    readonly count: number,
    /** One round's steps. */
    readonly body: StepBatch,
    /** Slots the body acquires into: none may be held when the first round starts. */
    readonly slots: Int32Array,
    /** Slots the body releases, with each release's line, in order. */
    readonly releases: readonly { readonly slot: number; readonly line: number }[],
  ) {}
}

/** The closed loop of the body `ops[start…end-1]`, or undefined when it is not one. */
function closedLoop(ops: readonly Op[], start: number, end: number): ClosedLoop | undefined {
  const body = new StepBatch(end - start);
  const held = new Set<number>();
  const slots = new Set<number>();
  const releases: { slot: number; line: number }[] = [];
  for (let index = start; index < end; index++) {
    const op = ops[index]!;
    const k = index - start;
    if (op.code === ACQUIRE && op.slot >= 0 && !held.has(op.slot)) {
      held.add(op.slot);
      slots.add(op.slot);
      body.kinds[k] = BATCH_ACQUIRE;
      body.amounts[k] = op.a;
    } else if (op.code === RELEASE_NAME && held.delete(op.slot)) {
      releases.push({ slot: op.slot, line: op.line });
      body.kinds[k] = BATCH_RELEASE;
    } else {
      return undefined;
    }
    body.buffers[k] = op.slot;
    body.lines[k] = op.line;
  }
  if (held.size > 0) return undefined;
  return new ClosedLoop(start, end, ops[start - 1]!.a, body, Int32Array.from(slots), releases);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });
/** What {@link Cursor.advance} returns at the end of the program. */
const END_OF_PROGRAM = -1;

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
  private readonly loops = new Int32Array(LIMITS.maxRepeatDepth);
  private readonly rng: Mulberry32;
  private unnamed = 0;
  private readonly buffers: HeldBuffers;
  /** Per slot, the line where the name was last released (0: never). */
  private readonly releasedAt: Int32Array;
  private readonly ops: readonly Op[];
  private readonly names: readonly string[];
  /** The step {@link advance} made last: its buffer id, size or length, and line. */
  private stepBuffer = 0;
  private stepAmount = 0;
  private stepLine = 0;

  constructor(
    private readonly program: CompiledProgram,
    state?: CursorState,
  ) {
    this.ops = program.ops;
    this.names = program.names;
    this.buffers = new HeldBuffers(program.names.length, program.ranks);
    this.releasedAt = new Int32Array(program.names.length);
    this.rng = new Mulberry32(program.seed ?? DEFAULT_SEED);
    if (state !== undefined) this.restore(state);
  }

  [Symbol.iterator](): StepCursor {
    return this;
  }

  next(): IteratorResult<Step, undefined> {
    const kind = this.advance();
    if (kind === END_OF_PROGRAM) return DONE;
    const name = this.program.bufferName(this.stepBuffer);
    const line = this.stepLine;
    switch (kind) {
      case BATCH_ACQUIRE:
        return { done: false, value: { kind: "acquire", name, size: this.stepAmount, line } };
      case BATCH_RELEASE:
        return { done: false, value: { kind: "release", name, line } };
      default:
        return { done: false, value: { kind: "resize", name, length: this.stepAmount, line } };
    }
  }

  fill(batch: StepBatch, max = batch.capacity): number {
    const { kinds, amounts, buffers, lines } = batch;
    const boundaries = this.program.roundBoundaries;
    const limit = Math.min(max, batch.capacity);
    let count = 0;
    try {
      while (count < limit) {
        const kind = this.advance();
        if (kind === END_OF_PROGRAM) break;
        kinds[count] = kind;
        amounts[count] = this.stepAmount;
        buffers[count] = this.stepBuffer;
        lines[count] = this.stepLine;
        count++;
        if (boundaries[this.position] === 1) break;
      }
    } catch (error) {
      // The cursor stays at the failing statement, so the next fill throws it.
      if (count === 0) throw error;
    }
    return count;
  }

  /** Makes the next step, leaving it in the `step…` fields; returns its kind or END_OF_PROGRAM. */
  private advance(): number {
    const ops = this.ops;
    const buffers = this.buffers;
    for (;;) {
      const op = ops[this.position];
      if (op === undefined) return END_OF_PROGRAM;
      switch (op.code) {
        case ACQUIRE:
        case ACQUIRE_RANDOM: {
          const slot = op.slot;
          if (slot >= 0 && buffers.positionOf(slot) >= 0) throw this.stillHeld(op);
          const size = op.code === ACQUIRE ? op.a : op.a + this.rng.below(op.b - op.a + 1);
          const id = slot >= 0 ? slot : this.names.length + this.unnamed++;
          buffers.add(id, slot, op.line);
          this.position++;
          this.stepBuffer = id;
          this.stepAmount = size;
          this.stepLine = op.line;
          return BATCH_ACQUIRE;
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
          this.stepBuffer = op.slot;
          this.stepAmount = op.a;
          this.stepLine = op.line;
          return BATCH_RESIZE;
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
      held: this.heldEntries(),
      released,
    };
  }

  held(): readonly string[] {
    return this.heldEntries().map((entry) => entry.name);
  }

  roundsAhead(): RoundsAhead | null {
    const position = this.position;
    const loop = this.program.closedLoops[position];
    if (loop === undefined) return null;
    // At the REPEAT, or at the start of a round: its names must be free for it to run.
    if (position < loop.start || position === loop.start) {
      for (const slot of loop.slots) if (this.buffers.positionOf(slot) >= 0) return null;
      const rounds = position < loop.start ? loop.count : this.loops[this.depth - 1]!;
      return { body: loop.body, offset: 0, rounds };
    }
    // Inside a round, or at its END (offset 0): the rest of it comes first.
    const left = this.loops[this.depth - 1]!;
    return left > 1 ? { body: loop.body, offset: loop.end - position, rounds: left - 1 } : null;
  }

  skipRounds(rounds: number): void {
    const ahead = this.roundsAhead();
    if (ahead === null || ahead.offset !== 0 || !(rounds >= 1 && rounds <= ahead.rounds)) {
      throw new RangeError(`cannot skip ${rounds} rounds here`);
    }
    const loop = this.program.closedLoops[this.position]!;
    for (const { slot, line } of loop.releases) this.releasedAt[slot] = line;
    // Where taking the steps leaves it: at the END, the last round skipped still counted.
    if (this.position < loop.start) this.depth++;
    this.loops[this.depth - 1] = ahead.rounds - rounds + 1;
    this.position = loop.end;
  }

  private heldEntries(): NameAtLine[] {
    return this.buffers
      .entries()
      .map(({ id, line }) => ({ name: this.program.bufferName(id), line }));
  }

  /** Releases the buffer at `position`; `release all` stays on its instruction until none is held. */
  private release(position: number, op: Op): number {
    const buffers = this.buffers;
    const slot = buffers.slotAt(position);
    this.stepBuffer = buffers.idAt(position);
    this.stepAmount = 0;
    this.stepLine = op.line;
    if (slot >= 0) this.releasedAt[slot] = op.line;
    buffers.removeAt(position);
    if (op.code !== RELEASE_ALL) this.position++;
    return BATCH_RELEASE;
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
      if (name.startsWith("#")) {
        const id = this.program.bufferId(name);
        if (id < 0) throw new RangeError(`this cursor state names '${name}', which no buffer has`);
        this.buffers.add(id, -1, line);
      } else {
        const slot = this.knownSlot(name);
        this.buffers.add(slot, slot, line);
      }
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
