/**
 * The interpreter: a cursor over a compiled program's instructions, with an
 * explicit stack of loop counters, so it runs in constant memory however many
 * rounds a repeat has.
 */
import type { CompiledLoop } from "./compiledFill.ts";
import { checkedDepth } from "./cursorState.ts";
import { HeldBuffers } from "./heldBuffers.ts";
import { DEFAULT_SEED, LIMITS } from "./limits.ts";
import { drawFromTable } from "./draws.ts";
import {
  ACQUIRE,
  ACQUIRE_RANDOM,
  ACQUIRE_TABLE,
  END,
  ONCE_RANDOM,
  REPEAT_RANDOM,
  REPEAT,
  RELEASE_ALL,
  RELEASE_NAME,
  RELEASE_NEWEST,
  RELEASE_OLDEST,
  RELEASE_RANDOM,
  RESIZE,
  type Op,
} from "./ops.ts";
import { Mulberry32, inverseOf } from "./prng.ts";

import type { CompiledProgram, CursorState, Step, StepCursor } from "./program.ts";
import { notHeld, nothingHeld, stillHeld } from "./runErrors.ts";
import type { ScriptError } from "./scriptError.ts";
import {
  ROUNDS_RECORDED,
  RoundTemplate,
  TEMPLATES_KEPT,
  type Recording,
  type SizeDraws,
  drawEachSize,
} from "./rounds.ts";
import { StepBatch, StepKind } from "./stepBatch.ts";

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** The interpreter (see above): `fill()` writes steps into a batch, `next()` takes one as an object. */
export class Cursor implements StepCursor {
  private position = 0;
  private depth = 0;
  private readonly loops = new Int32Array(LIMITS.maxRepeatDepth); // 32-bit: repeat counts are at most 10^9
  private readonly rng: Mulberry32;
  private unnamed = 0;
  private readonly buffers: HeldBuffers;
  /** Per slot, the line where the name was last released (0: never). */
  private readonly releasedAt: Int32Array; // 32-bit: line numbers of a script of at most 1 MiB
  private readonly ops: readonly Op[];
  private readonly names: readonly string[];
  /** Where {@link next} takes its one step. */
  private readonly single = new StepBatch(1);
  /** A loop's round recorded to be written again, and one being recorded (see `rounds.ts`). */
  private readonly templates = new Map<number, RoundTemplate>();
  private recording: Recording | null = null;
  /** Per step of the batch being filled, for an acquire: the instruction that drew its size, or -1. */
  private drawnBy = new Int32Array(0); // 32-bit: instruction indices
  /** 1 at the END of a loop whose rounds were found not to repeat: not recorded again. */
  private readonly notRepeating: Uint8Array;
  /** Per loop END, rounds recorded since its last template was made, over all recordings. */
  private readonly roundsRecorded: Int32Array; // 32-bit: at most ROUNDS_RECORDED
  /** Set by {@link nextRound} when the batch is to end on the END it stopped at (the fill loop clears it). */
  private endsBatch = false;

  /** This program's loop written out (`compiledFill.ts`), or null: then {@link interpret} runs. */
  private readonly compiled: CompiledLoop | null;

  constructor(
    private readonly program: CompiledProgram,
    state?: CursorState,
    /** Whether repeating rounds are written from a record; off only to test that they equal interpreting. */
    private readonly replayRounds = true,
    /** Whether the program's compiled loop runs; off only to test that it equals interpreting. */
    compiled = true,
  ) {
    this.compiled = compiled ? program.compiledFill() : null;
    this.ops = program.ops;
    this.names = program.names;
    this.buffers = new HeldBuffers(program.names.length, program.ranks);
    this.releasedAt = new Int32Array(program.names.length); // 32-bit: line numbers of a script of at most 1 MiB
    this.notRepeating = new Uint8Array(program.ops.length);
    this.roundsRecorded = new Int32Array(program.ops.length); // 32-bit: as the field
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

  /** Runs instructions until `max` steps are written into `batch`, the program ends, or a statement fails. */
  fill(batch: StepBatch, max = batch.capacity): number {
    const compiled = this.compiled;
    return compiled !== null ? compiled.fill(this, batch, max) : this.interpret(batch, max);
  }

  /**
   * The interpreter's loop ({@link fill}). Position and loop depth live in
   * locals while it runs and are written back when it stops, so a failing
   * statement leaves the cursor on it.
   */
  private interpret(batch: StepBatch, max: number): number {
    const { kinds, amounts, buffers: ids, handles, lines } = batch;
    let limit = Math.min(max, batch.capacity);
    const { ops, loops, rng } = this;
    const held = this.buffers;
    const firstUnnamed = this.names.length;
    if (this.drawnBy.length < batch.capacity) this.drawnBy = new Int32Array(batch.capacity); // 32-bit: instruction indices
    const drawnBy = this.drawnBy;
    let position = this.position;
    let depth = this.depth;
    let count = 0;
    batch.repeats = 0;
    try {
      while (count < limit) {
        const op = ops[position];
        if (op === undefined) break;
        switch (op.code) {
          case ACQUIRE:
          case ACQUIRE_RANDOM:
          case ACQUIRE_TABLE: {
            const slot = op.slot;
            if (slot >= 0 && held.positionOf(slot) >= 0) throw this.stillHeld(op);
            let size = op.a;
            if (op.code === ACQUIRE) {
              drawnBy[count] = -1;
            } else {
              size = this.drawSize(op);
              drawnBy[count] = position;
            }
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
            if (held.count === 0) throw nothingHeld(op);
            this.release(batch, count++, held.newestPosition(), op);
            position++;
            break;
          case RELEASE_OLDEST:
            if (held.count === 0) throw nothingHeld(op);
            this.release(batch, count++, held.oldestPosition(), op);
            position++;
            break;
          case RELEASE_RANDOM: {
            const n = held.count;
            if (n === 0) throw nothingHeld(op);
            // 32-bit: a rank among held buffers fits; an int32 indexes without conversions
            this.release(batch, count++, held.positionAt(rng.below(n, inverseOf(n)) | 0), op);
            position++;
            break;
          }
          case RELEASE_ALL:
            // Oldest first: all at once if the batch has room, else as many as fit, and the
            // cursor stays on this instruction for the next fill to go on releasing.
            if (held.count <= limit - count) {
              const end = count + held.removeAll(ids, handles, count);
              for (; count < end; count++) {
                kinds[count] = StepKind.Release;
                amounts[count] = 0;
                lines[count] = op.line;
                const id = ids[count]!;
                if (id < firstUnnamed) this.releasedAt[id] = op.line; // a name's id is its slot
              }
              position++;
              break;
            }
            while (held.count > 0 && count < limit) {
              this.release(batch, count++, held.oldestPosition(), op);
            }
            if (held.count === 0) position++;
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
          case REPEAT_RANDOM: {
            const rounds = op.a + rng.below(op.b - op.a + 1, op.inverse);
            if (rounds === 0) {
              position = op.jump;
            } else {
              loops[depth++] = rounds;
              position++;
            }
            break;
          }
          case ONCE_RANDOM:
            position = op.a + rng.below(op.b - op.a + 1, op.inverse) === 0 ? op.jump : position + 1;
            break;
          case END:
            if (--loops[depth - 1]! === 0) {
              depth--;
              position++;
              if (this.recording?.end === position - 1) {
                // The loop ended before its rounds came round to where they began.
                this.recording = null;
                this.notRepeating[position - 1] = 1;
              }
            } else if (
              this.replayRounds &&
              this.program.replayable[position] !== 0 &&
              this.notRepeating[position] === 0
            ) {
              // A round starts: write it, and the ones after it, from a record if it repeats.
              this.position = position;
              this.depth = depth;
              count = this.nextRound(batch, count, limit);
              position = this.position;
              depth = this.depth;
              if (this.endsBatch) {
                this.endsBatch = false;
                limit = count;
              }
            } else {
              position = op.jump;
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
      // A round being recorded must end in this batch.
      this.recording = null;
    }
    return count;
  }

  /**
   * At the END of a replayable loop with rounds left (`this.position` on
   * it): ends a recording, jumps to the next round, and writes as many
   * rounds as fit from the template when the round starts where it did.
   * Returns the batch's new count.
   */
  private nextRound(batch: StepBatch, count: number, limit: number): number {
    const end = this.position;
    const held = this.buffers;
    const recording = this.recording;
    if (recording?.end === end && recording.depth === this.depth) {
      recording.rounds++;
      const { unnamed, drawnBy } = this;
      const first = this.names.length;
      const made = RoundTemplate.ifRepeats(recording, held, batch, count, unnamed, first, drawnBy);
      if (made !== null) {
        this.recording = null;
        this.roundsRecorded[end] = 0;
        if (this.templates.size >= TEMPLATES_KEPT) this.templates.clear();
        this.templates.set(end, made);
      } else if (++this.roundsRecorded[end]! === ROUNDS_RECORDED) {
        // Handles handed back in another order come round again within as many
        // rounds as there are handles (a queue's, release all, oldest and newest
        // mixed); anything else never does. Counted over recordings, as a
        // batch's end ends one.
        this.recording = null;
        this.notRepeating[end] = 1;
      }
    }
    this.position = this.ops[end]!.jump;
    const template = this.templates.get(end);
    if (template !== undefined) {
      if (!template.startsAt(held, this.names.length + this.unnamed)) {
        // A block of a few rounds starts in its own state only every few rounds.
        if (++template.misses > ROUNDS_RECORDED) {
          this.templates.delete(end);
          this.notRepeating[end] = 1;
        }
        return count;
      }
      template.misses = 0;
      const left = this.loops[this.depth - 1]!;
      // Unless the body ends in a step, the last round written must not fill
      // the batch: a cursor stops right after its last step, short of this END.
      const room = this.program.replayable[end] === 2 ? limit - count : limit - count - 1;
      const blocks = Math.min(
        Math.floor(left / template.rounds),
        Math.floor(room / template.length),
      );
      if (blocks === 0) {
        if (count > 0 && left >= template.rounds && this.program.replayable[end] === 2) {
          // No room for a block: the batch ends on this END, so the next one
          // starts where a block does, rather than interpreting rounds until
          // the state comes round again (as many as a queue holds buffers).
          // The body ends in a step, so interpreting would stop here too.
          this.loops[this.depth - 1] = left + 1;
          this.position = end;
          this.endsBatch = true;
        }
        return count;
      }
      template.write(batch, count, blocks, this.unnamed, this.drawSizes, this.drawnBy);
      if (!template.drawsSizes) batch.addRepeat(count, template.length, blocks);
      this.unnamed += blocks * template.unnamedPerBlock;
      // Buffers held across blocks (a queue's) were acquired blocks later.
      held.shiftUnnamed(blocks * template.unnamedPerBlock, template.carried);
      const { releases } = template;
      for (let i = 0; i < releases.length; i += 2) this.releasedAt[releases[i]!] = releases[i + 1]!;
      // Where interpreting leaves it: on the last round's END, not yet taken.
      this.loops[this.depth - 1] = left - blocks * template.rounds + 1;
      this.position = end;
      return count + blocks * template.length;
    }
    if (this.recording === null) {
      const key = held.stateKey(this.names.length + this.unnamed);
      if (key !== null) {
        this.recording = {
          end,
          depth: this.depth,
          from: count,
          key,
          unnamed: this.unnamed,
          rounds: 0,
        };
      }
    }
    return count;
  }

  /** Draws the size of an acquire that draws one (see `drawsSize`). */
  private drawSize(op: Op): number {
    return op.code === ACQUIRE_RANDOM
      ? op.a + this.rng.below(op.b - op.a + 1, op.inverse)
      : drawFromTable(this.rng, op.table, op.a, op.inverse);
  }

  /** Draws the sizes of rounds written from a record, in the compiled loop if there is one. */
  private readonly drawSizes: SizeDraws = (...draws) =>
    this.compiled !== null
      ? this.compiled.drawSizes(this.rng, ...draws)
      : drawEachSize((position) => this.drawSize(this.ops[position]!), ...draws);

  save(): CursorState {
    const released: number[] = [];
    this.releasedAt.forEach((line, slot) => {
      if (line > 0) released.push(slot, line);
    });
    const held: number[] = [];
    for (const { id, line, handle } of this.buffers.entries()) held.push(id, line, handle);
    return {
      position: this.position,
      loops: Array.from(this.loops.subarray(0, this.depth)),
      rng: this.rng.state,
      unnamed: this.unnamed,
      held,
      released,
    };
  }

  held(): readonly string[] {
    return this.buffers.entries().map(({ id }) => this.program.bufferName(id));
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

  private stillHeld(op: Op): ScriptError {
    return stillHeld(
      op,
      this.names[op.slot]!,
      this.buffers.lineAt(this.buffers.positionOf(op.slot)),
    );
  }

  private notHeld(op: Op): ScriptError {
    return notHeld(op, this.names[op.slot]!, this.releasedAt[op.slot]!, this.names);
  }

  private restore(state: CursorState): void {
    const named = this.names.length;
    this.depth = checkedDepth(state, this.ops, named);
    this.position = state.position;
    this.loops.set(state.loops);
    this.rng.state = state.rng >>> 0; // 32-bit: the PRNG's state is a uint32 by design
    this.unnamed = state.unnamed;
    const { held, released } = state;
    for (let i = 0; i < held.length; i += 3) {
      const id = held[i]!;
      // A script name's id is its slot; an unnamed buffer has none.
      this.buffers.addWithHandle(id, id < named ? id : -1, held[i + 1]!, held[i + 2]!);
    }
    this.buffers.freeUnusedHandles();
    for (let i = 0; i < released.length; i += 2) this.releasedAt[released[i]!] = released[i + 1]!;
  }
}
