/**
 * The least an engine can do for `acquire SIZE; release random` with a given
 * number of buffers held, written as one plain loop: what `npm run
 * bench:floor` times beside the bare pool and the engine. It makes the
 * script's own choices (mulberry32 draws over the buffers held, oldest
 * first: the buffer `release random` gives back) and keeps SPEC §9's
 * per-class counts and each step's outcome code, as the engine must for its
 * charts, events and predict mode; nothing else: no batch, no history, no
 * event feed, no checks, one size known in advance.
 *
 * `ordered: false` keeps the held list in no order (a released buffer's
 * place is taken by the newest): the same draws pick other buffers, which
 * for buffers of one size leaves the pool's work the same, so it measures
 * what keeping the buffers in age order costs. `notes: false` keeps no
 * counts, codes or ids: only the script's choices (its draws and its held
 * list) and the pool's work, what any engine must do before it notes anything.
 */
import { BufferPool, type PooledBuffer } from "../../src/pool/index.ts";
import { Outcome, stepCode } from "../../src/engine/outcomes.ts";
import { BATCH_STEPS } from "../../src/engine/session.ts";
import { slotForSize } from "../../src/engine/slots.ts";
import { StepKind } from "../../src/script/index.ts";
import { Mulberry32 } from "../../src/script/prng.ts";

/** The workload a floor loop runs, and the script that says the same. */
export interface FloorWorkload {
  /** Bytes each acquire asks for. */
  readonly size: number;
  /** Buffers acquired before the rounds begin. */
  readonly held: number;
  /** Rounds of `acquire; release random`. */
  readonly rounds: number;
  readonly seed: number;
  readonly capacity: number;
}

/** The script of `workload`, for the engine and the bare pool. */
export function floorScript({ size, held, rounds, seed, capacity }: FloorWorkload): string {
  return `capacity ${capacity}; seed ${seed}; repeat ${held} { acquire ${size} }; repeat ${rounds} { acquire ${size}; release random }`;
}

/** Steps kept in the rings of codes and released ids: a batch's, as the engine keeps them. */
const RING = BATCH_STEPS;
/** A gap wider than this is closed with one `copyWithin`, as the engine's held list does. */
const COPY_FROM = 32;
// The per-class counts, one after another, as the ledger keeps them.
const RECYCLES = 0;
const MISSES = 1;
const HELD = 2;
const PEAK_HELD = 3;
const PEAK_FREE = 4;

/** How a {@link FloorLoop} runs (see above). */
export interface FloorOptions {
  /** Whether the held list is kept oldest first (the script's own order); default true. */
  readonly ordered?: boolean;
  /** Whether each step's counts, code and released id are noted; default true. */
  readonly notes?: boolean;
}

/** One run of a {@link FloorWorkload}, a number of steps at a time. */
export class FloorLoop {
  readonly pool: BufferPool;
  /** Each step's outcome code (`engine/outcomes.ts`), at its step number modulo {@link RING}. */
  readonly codes = new Uint8Array(RING);
  /** Each release's buffer id (the n-th acquired is n - 1), likewise; -1 for an acquire. */
  readonly releasedIds = new Float64Array(RING);
  /** Of the workload's one class: recycles, misses, held, peak held, peak free. */
  readonly counts = new Float64Array(5);
  private readonly rng: Mulberry32;
  private readonly slot: number;
  /** Held buffers by handle, and their ids. */
  private readonly table: (PooledBuffer | null)[];
  private readonly ids: Float64Array;
  /** Handles from `oldest` on, oldest first when ordered; `count` of them. Twice the most held long. */
  private readonly order: Int32Array; // 32-bit: handles below held + 1
  private oldest = 0;
  private readonly freeHandles: Int32Array; // 32-bit: as above
  private freeCount = 0;
  private nextHandle = 0;
  private count = 0;
  private step = 0;

  private readonly ordered: boolean;
  private readonly notes: boolean;

  constructor(
    private readonly workload: FloorWorkload,
    { ordered = true, notes = true }: FloorOptions = {},
  ) {
    this.ordered = ordered;
    this.notes = notes;
    this.pool = new BufferPool(workload.capacity);
    this.rng = new Mulberry32(workload.seed);
    this.slot = slotForSize(workload.size);
    if (this.steps >= 2 ** 31) throw new RangeError("a floor loop runs fewer than 2^31 steps");
    const most = workload.held + 1;
    this.table = new Array<PooledBuffer | null>(most).fill(null);
    this.ids = new Float64Array(most);
    this.order = new Int32Array(2 * most); // 32-bit: as above
    this.freeHandles = new Int32Array(most); // 32-bit: as above
  }

  /** The workload's steps in all. */
  get steps(): number {
    return this.workload.held + 2 * this.workload.rounds;
  }

  /** The handles of the buffers held, in the held list's order (oldest first when ordered). */
  heldHandles(): number[] {
    return Array.from(this.order.subarray(this.oldest, this.oldest + this.count));
  }

  /** Runs the next `steps` steps (fewer at the end); how many ran. */
  run(steps: number): number {
    const { pool, rng, table, ids, order, freeHandles, codes, releasedIds, counts } = this;
    const { size, held: first, capacity } = this.workload;
    const { slot, ordered, notes } = this;
    const end = Math.min(this.step + steps, this.steps);
    let { oldest, count, freeCount, step } = this;
    let recycles = pool.recycles();
    for (; step < end; step++) {
      const at = step % RING;
      // Steps first…first+1 are the first round's acquire and release, and so on.
      // 32-bit: a step is below 2^31 (see the constructor)
      const acquires = step < first || ((step - first) & 1) === 0;
      if (acquires) {
        const buffer = pool.acquire(size);
        const handle = freeCount > 0 ? freeHandles[--freeCount]! : this.nextHandle++;
        table[handle] = buffer;
        if (oldest + count === order.length) {
          order.copyWithin(0, oldest, oldest + count);
          oldest = 0;
        }
        order[oldest + count++] = handle;
        if (!notes) continue;
        let outcome: number = Outcome.Miss;
        if (pool.recycles() !== recycles) {
          recycles++;
          outcome = Outcome.Recycle;
          counts[RECYCLES]!++;
        } else {
          counts[MISSES]!++;
        }
        ids[handle] = step < first ? step : first + (step - first) / 2;
        const heldNow = ++counts[HELD]!;
        if (heldNow > counts[PEAK_HELD]!) counts[PEAK_HELD] = heldNow;
        codes[at] = stepCode(StepKind.Acquire, outcome, slot);
        releasedIds[at] = -1;
        continue;
      }
      const rank = rng.below(count);
      const position = oldest + rank;
      const handle = order[position]!;
      const buffer = table[handle]!;
      table[handle] = null;
      freeHandles[freeCount++] = handle;
      count--;
      if (!ordered) {
        order[position] = order[oldest + count]!;
      } else if (rank < count - rank) {
        // The older ones move up by one, the fewer side (as the engine's held list does).
        if (rank > COPY_FROM) order.copyWithin(oldest + 1, oldest, position);
        else for (let to = position; to > oldest; to--) order[to] = order[to - 1]!;
        oldest++;
      } else if (count - rank > COPY_FROM) {
        order.copyWithin(position, position + 1, oldest + count + 1);
      } else {
        for (let to = position; to < oldest + count; to++) order[to] = order[to + 1]!;
      }
      if (!notes) {
        buffer.release();
        continue;
      }
      releasedIds[at] = ids[handle]!;
      const free = pool.freeListLength(slot) + 1;
      buffer.release();
      counts[HELD]!--;
      const pooled = free <= capacity;
      if (pooled && free > counts[PEAK_FREE]!) counts[PEAK_FREE] = free;
      codes[at] = stepCode(StepKind.Release, pooled ? Outcome.Pooled : Outcome.DroppedFull, slot);
    }
    const ran = step - this.step;
    this.oldest = oldest;
    this.count = count;
    this.freeCount = freeCount;
    this.step = step;
    return ran;
  }
}
