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
import type { PooledBuffer } from "../../src/pool/index.ts";
import { FloorBase, RING } from "./floorBase.ts";
import type { FloorOptions, RandomWorkload } from "./workloads.ts";

/** A gap wider than this is closed with one `copyWithin`, as the engine's held list does. */
const COPY_FROM = 32;

/** One run of a {@link RandomWorkload}, a number of steps at a time. */
export class FloorLoop extends FloorBase {
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

  constructor(
    private readonly workload: RandomWorkload,
    options: FloorOptions = {},
  ) {
    super(workload, options);
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
    const { pool, rng, table, ids, order, freeHandles } = this;
    const { size, held: first } = this.workload;
    const { ordered, notes } = this;
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
        const recycled = pool.recycles() !== recycles;
        if (recycled) recycles++;
        ids[handle] = step < first ? step : first + (step - first) / 2;
        this.noteAcquire(at, recycled);
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
      this.give(buffer, at, ids, handle);
    }
    const ran = step - this.step;
    this.oldest = oldest;
    this.count = count;
    this.freeCount = freeCount;
    this.step = step;
    return ran;
  }
}
