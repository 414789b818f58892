/**
 * Rounds of a loop written again instead of interpreted again. A round
 * that starts and ends with the cursor's held buffers alike (the same
 * buffers in the same order with the same handles, the same free handles;
 * an unnamed buffer's id counted from the next unnamed id, so a queue's
 * buffers that move on by one each round are alike, or the very buffer it
 * was, so a stack's older buffers under the round are too), in a loop that draws
 * no random number deciding which steps come (see `drawsShape`), yields the
 * same steps every time it starts from that state: only the ids of unnamed
 * buffers move on, and the sizes it draws are drawn again, in the order
 * interpreting would draw them. The cursor
 * records one such round and, while each round starts from that state,
 * writes the ones after it from the record. Its output and its saved state
 * are exactly those of interpreting every round (a property test holds it to that).
 */
import type { HeldBuffers } from "./heldBuffers.ts";
import { StepKind, repeatInto, type StepBatch } from "./stepBatch.ts";

/**
 * The most rounds recorded (over all its recordings) before a loop is taken
 * not to repeat: a queue of up to 2,047 buffers (the most a state key holds,
 * `STATE_KEY_LIMIT`) comes round to its state in as many rounds as it has
 * handles, 2,048.
 */
export const ROUNDS_RECORDED = 2048;
/** The most loops whose round templates a cursor keeps. */
export const TEMPLATES_KEPT = 8;

/**
 * Draws the sizes of `blocks` rounds of `length` steps written from index
 * `at` of `amounts`, in order: step `steps[d]` of each round gets a size
 * drawn by the instruction at `positions[d]`.
 */
export type SizeDraws = (
  amounts: Float64Array,
  at: number,
  blocks: number,
  length: number,
  steps: Int32Array, // 32-bit: step indices within a block
  positions: Int32Array, // 32-bit: instruction indices
) => void;

/** {@link SizeDraws} by a call of `drawSize` (given the drawing instruction's index) per size. */
export function drawEachSize(
  drawSize: (position: number) => number,
  ...[amounts, at, blocks, length, steps, positions]: Parameters<SizeDraws>
): void {
  for (let block = 0; block < blocks; block++) {
    for (let d = 0; d < steps.length; d++) {
      amounts[at + block * length + steps[d]!] = drawSize(positions[d]!);
    }
  }
}

/** Rounds being recorded: they started at batch index `from`, in the state `key`. */
export interface Recording {
  /** The index of the loop's END instruction. */
  readonly end: number;
  readonly depth: number;
  readonly from: number;
  readonly key: Float64Array;
  /** The cursor's count of unnamed buffers when the first round started. */
  readonly unnamed: number;
  /** Rounds recorded so far. */
  rounds: number;
}

/**
 * A block of rounds of a loop (one, or a few when handles come back in
 * another order), as recorded, and how to write it again.
 */
export class RoundTemplate {
  readonly end: number;
  readonly key: Float64Array;
  /** Steps in a block. */
  readonly length: number;
  /** Rounds in a block. */
  readonly rounds: number;
  /** Unnamed buffers a block acquires (and releases). */
  readonly unnamedPerBlock: number;
  /** Whether a block draws sizes: then its blocks differ in their amounts. */
  get drawsSizes(): boolean {
    return this.drawnSteps.length > 0;
  }

  /** Rounds started since one started in {@link key}'s state. */
  misses = 0;
  private readonly unnamedAtStart: number;
  private readonly kinds: Uint8Array;
  private readonly amounts: Float64Array;
  private readonly ids: Float64Array;
  private readonly handles: Int32Array; // 32-bit: handles
  private readonly lines: Int32Array; // 32-bit: line numbers
  /** 1 where the step's buffer is unnamed, so its id moves on each round. */
  private readonly unnamedSteps: Uint8Array;
  /** The steps of a block whose size is drawn, and the instruction drawing each. */
  private readonly drawnSteps: Int32Array; // 32-bit: step indices within a block
  private readonly drawnOps: Int32Array; // 32-bit: instruction indices
  /** The block's part of the cursor's `drawnBy` (meaningful at acquires), written with it. */
  private readonly drawnBy: Int32Array; // 32-bit: instruction indices
  /** The named releases of a round: [slot, line] pairs, as the cursor notes them. */
  readonly releases: Int32Array; // 32-bit: name slots and line numbers

  constructor(
    recording: Recording,
    batch: StepBatch,
    to: number,
    unnamed: number,
    firstUnnamed: number,
    /** Per step of `batch`, for an acquire: the instruction that drew its size, or -1. */
    drawnBy: Int32Array, // 32-bit: instruction indices
    /**
     * The held buffers, oldest first, that the block leaves where they were
     * (1), not moved on by a block (see `HeldBuffers.carriedSince`).
     */
    readonly carried: Uint8Array,
  ) {
    const { from } = recording;
    this.end = recording.end;
    this.key = recording.key;
    this.length = to - from;
    this.unnamedAtStart = recording.unnamed;
    this.rounds = recording.rounds;
    this.unnamedPerBlock = unnamed - recording.unnamed;
    this.kinds = batch.kinds.slice(from, to);
    this.amounts = batch.amounts.slice(from, to);
    this.ids = batch.buffers.slice(from, to);
    this.handles = batch.handles.slice(from, to);
    this.lines = batch.lines.slice(from, to);
    this.unnamedSteps = Uint8Array.from(this.ids, (id) => (id >= firstUnnamed ? 1 : 0));
    const drawnSteps: number[] = [];
    const drawnOps: number[] = [];
    this.kinds.forEach((kind, k) => {
      if (kind === StepKind.Acquire && drawnBy[from + k]! >= 0) {
        drawnSteps.push(k);
        drawnOps.push(drawnBy[from + k]!);
      }
    });
    this.drawnSteps = Int32Array.from(drawnSteps); // 32-bit: step indices within a block
    this.drawnOps = Int32Array.from(drawnOps); // 32-bit: instruction indices
    this.drawnBy = drawnBy.slice(from, to);
    const releases: number[] = [];
    this.kinds.forEach((kind, k) => {
      // A named buffer's id is its slot.
      if (kind === StepKind.Release && this.ids[k]! < firstUnnamed)
        releases.push(this.ids[k]!, this.lines[k]!);
    });
    this.releases = Int32Array.from(releases); // 32-bit: name slots and line numbers
  }

  /**
   * The template of the rounds `recording` recorded, up to `batch` index `to`,
   * if they came round to the state they started from (`held` now, with
   * `unnamed` unnamed buffers acquired so far); else null.
   */
  static ifRepeats(
    recording: Recording,
    held: HeldBuffers,
    batch: StepBatch,
    to: number,
    unnamed: number,
    firstUnnamed: number,
    drawnBy: Int32Array, // 32-bit: instruction indices
  ): RoundTemplate | null {
    const base = firstUnnamed + unnamed;
    const carried = held.carriedSince(recording.key, base, firstUnnamed + recording.unnamed);
    if (carried === null) return null;
    return new RoundTemplate(recording, batch, to, unnamed, firstUnnamed, drawnBy, carried);
  }

  /**
   * Whether `held` is in the state a block starts from, `unnamedBase` being
   * the id the next unnamed buffer gets (see `matchKeys`).
   */
  startsAt(held: HeldBuffers, unnamedBase: number): boolean {
    return held.hasState(this.key, unnamedBase, this.carried);
  }

  /**
   * Writes `blocks` blocks into `batch` from index `at`; the first starts
   * with `unnamed` unnamed buffers acquired so far. The first block is
   * copied in, then what is written is copied after itself, doubling, so a
   * batch of short rounds costs a few copies, not a call per round. Drawn
   * sizes are drawn again by `drawSizes`, and the cursor's `drawnBy` is
   * written for the steps written, so a recording of an enclosing loop knows them too.
   */
  write(
    batch: StepBatch,
    at: number,
    blocks: number,
    unnamed: number,
    drawSizes: SizeDraws,
    drawnBy: Int32Array, // 32-bit: instruction indices
  ): void {
    const { length, unnamedPerBlock, drawnSteps, drawnOps } = this;
    const total = blocks * length;
    repeatInto(batch.kinds, this.kinds, at, total);
    repeatInto(batch.amounts, this.amounts, at, total);
    repeatInto(batch.handles, this.handles, at, total);
    repeatInto(batch.lines, this.lines, at, total);
    repeatInto(batch.buffers, this.ids, at, total);
    repeatInto(drawnBy, this.drawnBy, at, total);
    if (drawnSteps.length > 0) drawSizes(batch.amounts, at, blocks, length, drawnSteps, drawnOps);
    if (unnamedPerBlock === 0) return;
    const { buffers } = batch;
    const unnamedSteps = this.unnamedSteps;
    for (let block = 0; block < blocks; block++) {
      const shift = unnamed + block * unnamedPerBlock - this.unnamedAtStart;
      const base = at + block * length;
      for (let k = 0; k < length; k++) if (unnamedSteps[k] === 1) buffers[base + k]! += shift;
    }
  }
}
