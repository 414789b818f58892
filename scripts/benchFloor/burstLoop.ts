/**
 * The least an engine can do for bursts of 1…most acquires of one size, each
 * burst released all, written as one plain loop, as `floorLoop.ts` does for
 * `release random`: the script's own choices (a mulberry32 draw of each
 * burst's count, as `repeat random 1..most` draws it, and the buffers held
 * until `release all` gives them back, oldest first), SPEC §9's per-class
 * counts and each step's outcome code; nothing else, one size known in advance.
 *
 * `ordered: false` releases each burst newest first, `notes: false` keeps no
 * counts, codes or ids (see `FloorOptions`).
 */
import type { PooledBuffer } from "../../src/pool/index.ts";
import { Mulberry32 } from "../../src/script/prng.ts";
import { FloorBase, RING } from "./floorBase.ts";
import type { BurstWorkload, FloorOptions } from "./workloads.ts";

/** A burst's count, 1…most, drawn as `repeat random 1..most` draws it. */
function burstCount(rng: Mulberry32, most: number): number {
  return 1 + rng.below(most);
}

/** One run of a {@link BurstWorkload}, a number of steps at a time. */
export class BurstLoop extends FloorBase {
  readonly steps: number;
  /** The burst's buffers by handle (the k-th acquired of a burst has handle k), and their ids. */
  private readonly table: (PooledBuffer | null)[];
  private readonly ids: Float64Array;
  /** The current burst's count, and how many of it are acquired and released so far. */
  private burst = 0;
  private acquired = 0;
  private released = 0;
  private nextId = 0;
  private step = 0;

  constructor(
    private readonly workload: BurstWorkload,
    options: FloorOptions = {},
  ) {
    super(workload, options);
    // The counts drawn ahead by a generator of the same seed: each burst is twice its count in steps.
    const counts = new Mulberry32(workload.seed);
    let steps = 0;
    for (let round = 0; round < workload.rounds; round++)
      steps += 2 * burstCount(counts, workload.most);
    this.steps = steps;
    this.table = new Array<PooledBuffer | null>(workload.most).fill(null);
    this.ids = new Float64Array(workload.most);
  }

  heldHandles(): number[] {
    const handles: number[] = [];
    for (let k = this.released; k < this.acquired; k++) {
      handles.push(this.ordered ? k : this.acquired - 1 - (k - this.released));
    }
    return handles;
  }

  run(steps: number): number {
    const { pool, rng, table, ids } = this;
    const { size, most } = this.workload;
    const { ordered, notes } = this;
    const end = Math.min(this.step + steps, this.steps);
    let { burst, acquired, released, nextId, step } = this;
    let recycles = pool.recycles();
    for (; step < end; step++) {
      if (released === burst) {
        // A new round: `repeat random 1..most` draws its count on entering the loop.
        burst = burstCount(rng, most);
        acquired = 0;
        released = 0;
      }
      const at = step % RING;
      if (acquired < burst) {
        const handle = acquired++;
        const buffer = pool.acquire(size);
        table[handle] = buffer;
        if (!notes) continue;
        const recycled = pool.recycles() !== recycles;
        if (recycled) recycles++;
        ids[handle] = nextId++;
        this.noteAcquire(at, recycled);
        continue;
      }
      const handle = ordered ? released : burst - 1 - released;
      released++;
      const buffer = table[handle]!;
      table[handle] = null;
      this.give(buffer, at, ids, handle);
    }
    const ran = step - this.step;
    this.burst = burst;
    this.acquired = acquired;
    this.released = released;
    this.nextId = nextId;
    this.step = step;
    return ran;
  }
}
